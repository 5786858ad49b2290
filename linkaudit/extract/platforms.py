"""Which links on social and video platforms name one post (a status, a channel message, a
video, a thread) rather than a profile, a home page, a hashtag, a search or a share button.

The knowledge is data: a table of platform families, each with the hosts it answers on and the
path patterns of its posts (matched against the path, plus ``?query`` when there is one). One
pure function reads the table; a host the table does not know falls back to patterns that most
platforms share (``/status/123``, ``/posts/123``, a long numeric id). No I/O.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from linkaudit.extract.hosts import lookup_host

__all__ = ["Platform", "PLATFORMS", "post_kind", "platform_of"]


@dataclass(frozen=True, slots=True)
class Platform:
    """A platform family: its hosts and, per kind of post, the path patterns that name one."""

    name: str
    hosts: tuple[str, ...]
    #: (kind, pattern): the first pattern that matches the path (and ``?query``) names the kind.
    posts: tuple[tuple[str, str], ...]


_ID = r"[\w-]+"
#: Every platform family. Paths not matched by a family's patterns (a profile ``/@user``, a
#: channel ``/c/name``, ``/hashtag/...``, ``/search``, ``/intent/...``, ``/sharer.php``, the
#: home page) are not posts.
PLATFORMS: tuple[Platform, ...] = (
    Platform(
        "Telegram",
        ("t.me", "telegram.me", "telegram.dog"),
        (("message", r"^/(?:s/)?(?:c/)?\w+/\d+/?(?:\?|$)"),),
    ),
    Platform("Telegram site", ("telegram.org",), ()),  # its blog and docs are stable pages
    Platform(
        "X",
        ("x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com", "fxtwitter.com"),
        (
            ("status", r"^/\w+/status(?:es)?/\d+"),
            ("status", r"^/i/(?:web/)?status/\d+"),
        ),
    ),
    Platform(
        "Facebook",
        ("facebook.com", "fb.com", "fb.me", "m.facebook.com"),
        (
            ("post", r"^/[^/]+/(?:posts|videos|photos)/[^/?]+"),
            ("post", r"^/groups/[^/]+/(?:posts|permalink)/\d+"),
            ("post", r"^/(?:permalink|story|photo)\.php\?"),
            ("post", r"^/photo/?\?(?:.*&)?fbid="),
            ("post", r"^/share/[prv]/\w+"),
            ("video", r"^/watch/?\?(?:.*&)?v=\d+"),
            ("video", r"^/reel/\d+"),
        ),
    ),
    Platform("Facebook video short links", ("fb.watch",), (("video", rf"^/{_ID}"),)),
    Platform(
        "Instagram",
        ("instagram.com", "instagr.am"),
        (
            ("post", rf"^/(?:[\w.]+/)?(?:p|reel|reels|tv)/{_ID}"),
            ("post", r"^/stories/[\w.]+/\d+"),
        ),
    ),
    Platform(
        "Threads",
        ("threads.net", "threads.com"),
        (("post", rf"^/@[\w.]+/post/{_ID}"), ("post", rf"^/t/{_ID}")),
    ),
    Platform(
        "TikTok",
        ("tiktok.com",),
        (
            ("video", r"^/@[\w.]+/(?:video|photo)/\d+"),
            ("video", rf"^/(?:t|v)/{_ID}"),
            ("video", r"^/embed(?:/v2)?/\d+"),
        ),
    ),
    Platform("TikTok short links", ("vm.tiktok.com", "vt.tiktok.com"), (("video", rf"^/{_ID}"),)),
    Platform(
        "YouTube",
        ("youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"),
        (
            ("video", r"^/watch/?\?(?:.*&)?v=[\w-]+"),
            ("video", rf"^/(?:shorts|live|embed|v)/{_ID}"),
        ),
    ),
    Platform("YouTube short links", ("youtu.be",), (("video", rf"^/{_ID}"),)),
    Platform(
        "Bluesky",
        ("bsky.app",),
        (("post", r"^/profile/[^/]+/post/\w+"),),
    ),
    Platform(
        "Mastodon",
        (
            "mastodon.social",
            "mastodon.online",
            "mstdn.social",
            "fosstodon.org",
            "hachyderm.io",
            "infosec.exchange",
            "truthsocial.com",
        ),
        (
            ("post", r"^/(?:web/)?@[\w.]+(?:@[\w.-]+)?/(?:posts?/)?\d+"),
            ("post", r"^/users/[\w.]+/statuses/\d+"),
            ("post", r"^/web/statuses/\d+"),
        ),
    ),
    Platform(
        "VK",
        ("vk.com", "vk.ru", "m.vk.com"),
        (
            ("post", r"^/(?:wall|video|clip|photo)-?\d+_\d+"),
            ("post", r"[?&]w=(?:wall|video|clip|photo)-?\d+_\d+"),
        ),
    ),
    Platform(
        "OK",
        ("ok.ru",),
        (("post", r"^/(?:[^/]+/)*(?:topic|video|statuses)/\d+"),),
    ),
    Platform(
        "LinkedIn",
        ("linkedin.com",),
        (
            ("post", rf"^/posts/{_ID}"),
            ("post", r"^/feed/update/urn:li:"),
            ("post", rf"^/pulse/{_ID}"),
        ),
    ),
    Platform(
        "Reddit",
        ("reddit.com", "old.reddit.com", "np.reddit.com"),
        (
            ("thread", r"^/(?:r|u|user)/[^/]+/(?:comments|s)/\w+"),
            ("thread", r"^/comments/\w+"),
        ),
    ),
    Platform("Reddit short links", ("redd.it", "v.redd.it"), (("thread", r"^/\w+/?$"),)),
    Platform(
        "Weibo",
        ("weibo.com", "weibo.cn", "m.weibo.cn"),
        (("post", r"^/\d+/[A-Za-z0-9]{6,}"), ("post", r"^/(?:detail|status)/\d+")),
    ),
    Platform("Gab", ("gab.com",), (("post", r"^/[^/]+/posts/\d+"),)),
    Platform("Rumble", ("rumble.com",), (("video", r"^/v[\w-]+\.html"), ("video", r"^/embed/"))),
    Platform(
        "Snapchat",
        ("snapchat.com",),
        (("video", rf"^/(?:@[\w.]+/)?spotlight/{_ID}"), ("video", rf"^/t/{_ID}")),
    ),
)

#: What most platforms call one post, for a host the pack lists that the table does not know.
GENERIC_POSTS: tuple[tuple[str, str], ...] = (
    ("post", r"/(?:status|statuses|posts?|p|video|videos|reel|watch|comments|message)/[\w-]+"),
    ("post", r"/\d{4,}(?:[/?#]|$)"),
)


@functools.lru_cache(maxsize=1)
def _by_host() -> dict[str, Platform]:
    return {host: p for p in PLATFORMS for host in p.hosts}


@functools.lru_cache(maxsize=256)
def _compiled(patterns: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((kind, re.compile(p)) for kind, p in patterns)


def platform_of(host: str | None) -> Platform | None:
    """The family ``host`` belongs to (subdomains included: ``www.``, ``mobile.``), or None."""
    return lookup_host(_by_host(), host or "")


@functools.lru_cache(maxsize=8192)
def post_kind(url: str) -> str | None:
    """What one post ``url`` names ("message", "status", "post", "video", "thread"), or None
    when it names a profile, a channel, a home page, a tag, a search or a share button."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    where = parts.path or "/"
    if parts.query:
        where += "?" + parts.query
    platform = platform_of(host)
    patterns = platform.posts if platform is not None else GENERIC_POSTS
    for kind, pattern in _compiled(patterns):
        if pattern.search(where):
            return kind
    return None
