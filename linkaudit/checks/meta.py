"""Citation rules about titles that need no network: titles without links, titles that do
not match their URL's slug."""

from __future__ import annotations

from collections.abc import Iterator

from linkaudit.engine.registry import Issue, RuleContext, rule
from linkaudit.extract.linkcontext import anchor_shows_title
from linkaudit.extract.slugmatch import mismatch
from linkaudit.settings import SLUG_MISMATCH_THRESHOLD


@rule(
    "META002",
    "slug-mismatch",
    "warning",
    "anchor text or cited title disagrees with the URL's slug",
    params={"threshold": float},
)
def slug_mismatch(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a citation whose title (its anchor text when that reads as a headline, or a
    "Related article:" line tied to it) and its URL's headline slug clearly name different
    things: enough words on both sides and not one in common, after case, accents,
    transliteration (Cyrillic, Greek), stems, compounds and abbreviations, with the
    ``#fragment``'s words counted too.

    **Why it matters.** News and blog URLs carry their headline. When the title an article gives
    and the slug disagree, the link most likely points at the wrong story: pasted from the
    neighbouring tab, or a title updated for a different link.

    **How to fix.** Open the link; correct either the URL or the title.

    **Fires:** ``[Council Approves New Harbour Budget](https://news.example/2024/03/01/storm-closes-schools)``.

    **Does not fire:** ``[here](https://news.example/2024/03/01/storm-closes-schools)`` (not a
    title), ``[we reported in April](...)``, a URL with no headline slug (``/article/12345``,
    an issue, a repository, a file, an API page), a title in another script that shares a
    word with the slug once transliterated, or an image's alt text.
    """
    threshold = float(ctx.param("threshold", SLUG_MISMATCH_THRESHOLD))
    for link, refs in ctx.citations():
        # Titles first: most citations give none, and then the slug is not worth reading.
        if link.malformed or not any(r.cited_title for r in refs):
            continue
        for ref in refs:
            if not ref.cited_title or not anchor_shows_title(ctx.doc, ref):
                continue
            found = mismatch(ref.cited_title, link.url)
            if found is None or found.shared or found.share >= threshold:
                continue
            yield Issue(
                message=f"the title {ref.cited_title!r} does not match the URL's slug "
                f"({' '.join(found.slug_terms)!r}): is this the right link?",
                line=ref.line,
                column=ref.column,
                url=link.url,
                evidence={
                    "cited_title": ref.cited_title,
                    "slug_words": list(found.slug_terms),
                    "title_words": list(found.title_terms),
                    "shared": round(found.share, 2),
                },
            )
            break


@rule("META005", "missing-link", "warning", "a cited work named in the text with no URL")
def missing_link(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a "Related article: <title>", "See also: ..." or "Read more: ..." line that names a
    work but gives no link to it (no URL on its line or the next, and no URL whose slug carries
    its title anywhere in the document).

    **Why it matters.** The reader is told a source exists but cannot check it, and a link lost
    in an editing system's export is a sign the citations were stripped.

    **How to fix.** Add the URL of the named work, or remove the line.

    **Fires:** a line ``Related article: Harbour Council Delays the Budget Vote`` with no URL.

    **Does not fire:** the same line followed by ``https://news.example/2024/harbour-council-delays-the-budget-vote``.
    """
    for tl in ctx.doc.titles:
        if tl.url is None:
            yield Issue(
                message=f"{tl.label} {tl.title!r} is named but not linked",
                line=tl.line,
                column=tl.column,
                subject=tl.title,
                evidence={"label": tl.label, "title": tl.title},
            )
