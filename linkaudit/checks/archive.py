"""Archive rules that need no network: sources that are likely to vanish."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from linkaudit.checks.links import locations, matched_host
from linkaudit.engine.needs import ARCHIVE_ALWAYS, declare_need
from linkaudit.engine.registry import Issue, RuleContext, rule
from linkaudit.extract.hosts import host_matches
from linkaudit.extract.layout import in_list_item, layout_of
from linkaudit.extract.linkcontext import declared_hosts, prose_around, same_site
from linkaudit.extract.platforms import post_kind
from linkaudit.model import Document, Link, LinkRef
from linkaudit.settings import GONE_POST_WORDS, POST_WORDS

DEFAULT_EPHEMERAL = (
    "t.me",
    "telegram.me",
    "x.com",
    "twitter.com",
    "instagram.com",
    "tiktok.com",
)


def _archive_post(link: Link, params: Mapping[str, Any], all_regions: bool) -> bool:
    """ARCH002's need: a cited post on one of its hosts is looked up in the web archive even
    while it works (it may be gone tomorrow; the snapshot is the repair)."""
    return bool(
        link.citations(all_regions)
        and host_matches(link.host, params.get("hosts", DEFAULT_EPHEMERAL))
        and post_kind(link.url)  # one post, not a profile or a share button
    )


declare_need("ARCH002", ARCHIVE_ALWAYS, _archive_post)


@rule(
    "ARCH002",
    "ephemeral-source",
    "warning",
    "social or messaging post: archive it before publishing",
    params={"hosts": list[str], "in_lists": bool, "named_posts_only": bool},
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
    share button (``https://twitter.com/intent/tweet?text=...``): they are not one post. Nor
    on the platform's own pages: a saved Reddit thread or X status page linking to its own
    comments, replies and sidebar posts (the page's site, as it declares it with
    ``rel=canonical``, ``og:url``, ``<base href>``, the "saved from" mark or ``--base-url``)
    is the site's navigation, not a citation. With ``in_lists = false`` (the docs pack), a
    post linked from a list item (a "Further reading" or "Discussions" list) does not fire.
    With ``named_posts_only = true`` (the docs pack), a post fires only when its link text or
    sentence calls it one ("announced in [this channel post]", "a thread on Reddit"): a docs
    page quoting a tweet, showing its picture or crediting an opinion to it ("the authors
    [approve]") keeps what it needs in its own text. Nor does a post whose sentence says it
    or its account is gone ("that account has since been [suspended]"): the writer notes it,
    and there is no live post left to archive.
    """
    hosts = tuple(ctx.param("hosts", DEFAULT_EPHEMERAL))
    in_lists = bool(ctx.param("in_lists", True))
    named_only = bool(ctx.param("named_posts_only", False))
    own: frozenset[str] | None = None
    for link, refs in ctx.citations():
        matched = matched_host(link.host, hosts)
        kind = post_kind(link.url) if matched and not link.malformed else None
        if not (matched and kind):
            continue
        own = declared_hosts(ctx.doc, ctx.base_url) if own is None else own
        if same_site(link.host, own):
            continue  # the platform's own page linking to its own posts: navigation
        cited = refs
        if not in_lists:
            layout = layout_of(ctx.doc.format, ctx.doc.raw)
            cited = tuple(r for r in refs if not in_list_item(layout, r.line, r.column))
            if not cited:
                continue  # only in lists of further reading: not cited as evidence
        # The writer's own note that the post is gone; an embed's fallback text ("Tweet may
        # have been deleted") is the platform's, and the post still needs its copy.
        cited = tuple(r for r in cited if r.embedded or not _says(ctx.doc, r, GONE_POST_WORDS))
        if named_only:
            cited = tuple(r for r in cited if _says(ctx.doc, r, POST_WORDS))
        if not cited:
            continue
        yield Issue(
            message=f"{link.url} is a post on {matched}, which can be deleted or edited: "
            "archive it before publishing",
            line=cited[0].line,
            column=cited[0].column,
            url=link.url,
            evidence={"platform": matched, "kind": kind, "locations": locations(refs)},
        )


_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f](?:\s|$)")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _sentence(doc: Document, ref: LinkRef) -> str:
    """The sentence a link stands in: its text and the words of its sentence on each side."""
    around = prose_around(doc, ref)
    if around is None:
        return ref.text or ""
    before, after = around
    lead = _SENTENCE_END.split(before)[-1]
    rest = _SENTENCE_END.split(after, maxsplit=1)[0]
    return f"{lead} {ref.text or ''} {rest}"


def _says(doc: Document, ref: LinkRef, words: tuple[str, ...]) -> bool:
    """Whether the link's sentence uses one of ``words`` (at the start of a word; a phrase or
    a CJK word anywhere)."""
    folded = _sentence(doc, ref).casefold()
    tokens = _WORD.findall(folded)
    joined = " ".join(tokens)
    for w in words:
        if _CJK.search(w) or " " in w:
            if w in (folded if _CJK.search(w) else joined):
                return True
        elif any(t.startswith(w) for t in tokens):
            return True
    return False
