"""Archive rules that need no network: sources that are likely to vanish."""

from __future__ import annotations

from collections.abc import Iterator

from linkaudit.checks.links import locations, matched_host
from linkaudit.engine.registry import Issue, RuleContext, rule
from linkaudit.extract.platforms import post_kind

DEFAULT_EPHEMERAL = (
    "t.me",
    "telegram.me",
    "x.com",
    "twitter.com",
    "instagram.com",
    "tiktok.com",
)


@rule(
    "ARCH002",
    "ephemeral-source",
    "warning",
    "social or messaging post: archive it before publishing",
    params={"hosts": list[str]},
)
def ephemeral_source(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a citation of one social-media or messaging post: a status, a channel message, a
    post, a video, a thread (Telegram, X, Instagram, TikTok, YouTube, ...; the pack's ``hosts``
    list says which platforms, `linkaudit.extract.platforms` which of their paths are posts).

    **Why it matters.** Posts are deleted, edited, made private or geo-blocked, often within
    days, and some platforms hide them from logged-out readers and archivers. A citation that
    rests on one needs a preserved copy.

    **How to fix.** Archive the post (for example with the Wayback Machine's "Save Page Now"
    or archive.today) and cite the archived copy next to the original.

    **Fires:** ``https://t.me/somechannel/6267``, ``https://x.com/someone/status/1``,
    ``https://www.reddit.com/r/sub/comments/abc123/title/`` (and ``https://youtu.be/abc123``
    when a pack lists YouTube among the ``hosts``).

    **Does not fire:** ``https://www.example.org/press-release``; a profile, channel or home
    page (``https://t.me/somechannel``, ``https://x.com/someone``), a hashtag, a search, or a
    share button (``https://twitter.com/intent/tweet?text=...``): they are not one post.
    """
    hosts = tuple(ctx.param("hosts", DEFAULT_EPHEMERAL))
    for link, refs in ctx.citations():
        matched = matched_host(link.host, hosts)
        kind = post_kind(link.url) if matched and not link.malformed else None
        if matched and kind:
            yield Issue(
                message=f"{link.url} is a post on {matched}, which can be deleted or edited: "
                "archive it before publishing",
                line=refs[0].line,
                column=refs[0].column,
                url=link.url,
                evidence={"platform": matched, "kind": kind, "locations": locations(refs)},
            )
