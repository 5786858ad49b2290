"""Archive rules that need no network: sources that are likely to vanish."""

from __future__ import annotations

from collections.abc import Iterator

from linkaudit.checks.links import locations, matched_host
from linkaudit.engine.registry import Issue, RuleContext, rule

DEFAULT_EPHEMERAL = ("t.me", "telegram.me", "x.com", "twitter.com", "instagram.com", "tiktok.com")


@rule(
    "ARCH002",
    "ephemeral-source",
    "warning",
    "social or messaging post: archive it before publishing",
    params={"hosts": list[str]},
)
def ephemeral_source(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a citation of a social-media or messaging post (Telegram, X, Instagram, TikTok,
    ...; the pack's ``hosts`` list).

    **Why it matters.** Posts are deleted, edited, made private or geo-blocked, often within
    days, and some platforms hide them from logged-out readers and archivers. A citation that
    rests on one needs a preserved copy.

    **How to fix.** Archive the post (for example with the Wayback Machine's "Save Page Now"
    or archive.today) and cite the archived copy next to the original.

    **Fires:** ``https://t.me/somechannel/6267``.

    **Does not fire:** ``https://www.example.org/press-release``.
    """
    hosts = tuple(ctx.param("hosts", DEFAULT_EPHEMERAL))
    for link, refs in ctx.citations():
        matched = matched_host(link.host, hosts)
        if matched:
            yield Issue(
                message=f"{link.url} is a post on {matched}, which can be deleted or edited: "
                "archive it before publishing",
                line=refs[0].line,
                column=refs[0].column,
                url=link.url,
                evidence={"platform": matched, "locations": locations(refs)},
            )
