"""Embedded posts: a tweet, an Instagram or TikTok post, a Reddit thread, a Facebook, Bluesky,
Mastodon or Threads post pasted into a page with the platform's embed code.

The embed code writes the post's own markup: its picture link (``t.co/...``), the author's
profile (``@name``), its hashtags, and ``ref_src=twsrc``/``utm_source=ig_embed`` parameters on
every link. Those are the platform's links, not the writer's: furniture. The one link that is
the post itself (its permalink, see `linkaudit.extract.platforms.post_kind`) is what the writer
cites: it stays a citation, so that an editor is still told to archive the post.

An embed is recognised by what the embed codes of every platform write (the class names
``twitter-tweet``, ``instagram-media``, ``tiktok-embed``, ``reddit-embed-bq``, ``fb-post``,
``bluesky-embed``, ``mastodon-embed``; ``data-instgrm-permalink``, ``data-bluesky-uri``...), or
by a class/id token such as ``tweet``, ``embed`` or a platform's name on a short block that
holds a link to one post. Never by a list of sites. Pure functions over BeautifulSoup tags.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import Tag

from linkaudit.extract.platforms import platform_of, post_kind
from linkaudit.readers.furniture import capped_text, hint_text
from linkaudit.readers.tree import find_tags
from linkaudit.settings import EMBED_MAX_CHARS, EMBED_MAX_DEPTH, EMBED_MAX_LINKS

__all__ = ["embed_root", "is_embed"]

#: Class names the platforms' own embed codes write on the post's outer element.
_PLATFORM_CLASSES = frozenset(
    {"twitter-tweet", "twitter-video", "twitter-tweet-rendered", "instagram-media",
     "instagram-media-rendered", "tiktok-embed", "reddit-embed-bq", "reddit-card", "fb-post",
     "fb-video", "fb-xfbml-parse-ignore", "bluesky-embed", "mastodon-embed", "text-post-media",
     "threads-embed", "telegram-post", "vk_post", "tumblr-post", "imgur-embed-pub"}
)  # fmt: skip
#: Attributes the embed codes write (the post's address or id for their script).
_PLATFORM_ATTRS = (
    "data-instgrm-permalink", "data-bluesky-uri", "data-text-post-permalink",
    "data-telegram-post", "data-tweet-id", "data-embed-url", "data-reddit-embed",
)  # fmt: skip
#: Tokens (of class, id, data-* names and values, camelCase split) that name an embedded post
#: on a site's own wrapper (``codefragment--twitter``, ``embed-tweet``, ``SocialEmbed``).
_EMBED_HINT = re.compile(
    r"(?:^|[\s_-])(?:tweets?|embed|embeds|embedded|oembed|twitter|instagram|tiktok|reddit|"
    r"facebook|bluesky|mastodon|threads|telegram)(?:$|[\s_-])",
    re.IGNORECASE,
)


def _marked_by_platform(node: Tag) -> bool:
    cls = node.get("class")
    if isinstance(cls, list) and any(c.lower() in _PLATFORM_CLASSES for c in cls):
        return True
    return any(node.has_attr(a) for a in _PLATFORM_ATTRS)


def _holds_a_post(node: Tag) -> bool:
    """A short block with a link to one post (on a platform the table knows) among few
    links: the post's own markup."""
    if capped_text(node, EMBED_MAX_CHARS) is None:
        return False  # too much text for one post: a wrapper around the article
    anchors = find_tags(node, ("a",), attr="href", limit=EMBED_MAX_LINKS + 1)
    if len(anchors) > EMBED_MAX_LINKS:
        return False
    return any(_platform_post(str(a.get("href") or "").strip()) for a in anchors)


def _platform_post(url: str) -> bool:
    """``url`` is one post on a platform the table knows (not a news page whose path merely
    holds a long number: a site's own meta bar named "twitter" is no embed)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return platform_of(host) is not None and post_kind(url) is not None


def is_embed(node: Tag) -> bool:
    """``node`` is the outer element of an embedded post: marked so by a platform's embed code,
    or by the site's wrapper (a ``tweet``/``embed``/platform token) around one short post."""
    if node.name in ("body", "html", "article", "main"):
        return False
    if _marked_by_platform(node):
        return True
    return bool(_EMBED_HINT.search(hint_text(node))) and _holds_a_post(node)


def embed_root(tag: Tag, cache: dict[int, bool] | None = None) -> Tag | None:
    """The embedded post ``tag`` stands in (its nearest such ancestor), or None. ``cache``
    remembers, per element, whether it is an embed (a page asks about many links)."""
    node = tag.parent
    for _ in range(EMBED_MAX_DEPTH):
        if not isinstance(node, Tag) or node.name in ("body", "html", "[document]"):
            return None
        key = id(node)
        found = cache.get(key) if cache is not None else None
        if found is None:
            found = is_embed(node)
            if cache is not None:
                cache[key] = found
        if found:
            return node
        node = node.parent
    return None
