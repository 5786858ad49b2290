"""Citation rules about titles that need no network: titles without links, titles that do
not match their URL's slug."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from linkaudit.engine.registry import Issue, RuleContext, rule
from linkaudit.extract.linkcontext import anchor_shows_title, prose_around
from linkaudit.extract.slugmatch import mismatch
from linkaudit.model import Document, LinkRef
from linkaudit.settings import NAME_MAX_WORDS, SLUG_MISMATCH_THRESHOLD, TITLE_CUE_WORDS


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
    word with the slug once transliterated, or an image's alt text; link text that is part
    of the writer's own sentence, describing the subject rather than quoting a headline ("a
    correspondent named [Ana Ruiz who spoke to us about it]", "[Roof has asked to represent
    himself] in the penalty phase", "land owned by [Ana Ruiz], which ..."); a link to a
    comment inside a thread (its slug is the thread's title).
    """
    threshold = float(ctx.param("threshold", SLUG_MISMATCH_THRESHOLD))
    for link, refs in ctx.citations():
        # Titles first: most citations give none, and then the slug is not worth reading.
        if link.malformed or not any(r.cited_title for r in refs):
            continue
        for ref in refs:
            if not ref.cited_title or not anchor_shows_title(ctx.doc, ref):
                continue
            if describes_subject(ctx.doc, ref) or comment_permalink(link.url):
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


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: Where a sentence ends (the words after it belong to another sentence).
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f](?:\s|$)|[\u3002\uff01\uff1f]")
#: A lead-in ending in a colon ("Related:", "相关报道：") introduces a cited headline.
_COLON = re.compile(r"[:\uff1a]\s*$")
_QUOTES = "\"\u201c\u201d\u00ab\u00bb\u201e\u300c\u300d\u300e\u300f'\u2018\u2019"


def _title_case(words: list[str]) -> bool:
    long_words = [w for w in words if len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words)


def describes_subject(doc: Document, ref: LinkRef) -> bool:
    """Whether a link's text is the writer's own words about the subject, not a headline: it
    is not quoted and either the sentence runs on after it ("[Roof has asked to represent
    himself] in the penalty phase", "owned by [Ana Ruiz], which ..."; a capitalised text runs
    on only as a short name), or it ends a sentence begun before it with no word introducing
    a title ("a correspondent named [Ana Ruiz who spoke to us]"). A title-line citation
    ("Related article: ...") is a headline by definition."""
    title = (ref.cited_title or "").strip()
    if title != (ref.text or "").strip():
        return False  # a "Related article:" line gave it
    around = prose_around(doc, ref)
    if around is None:
        return False
    before, after = around
    edges = (before.rstrip()[-1:], after.lstrip()[:1], title[:1])
    if any(ch and ch in _QUOTES for ch in edges):
        return False  # a quoted title
    words = _WORD.findall(title)
    titled = _title_case(words)
    rest = _SENTENCE_END.split(after, maxsplit=1)[0]
    if _WORD.search(rest) and (not titled or len(words) <= NAME_MAX_WORDS):
        return True  # the sentence runs on after the link: the link text is part of it
    lead = re.split(r"[.!?\u3002\uff01\uff1f]\s", before)[-1]
    lead_words = _WORD.findall(lead)
    if not lead_words or _COLON.search(lead) or titled:
        return False
    return lead_words[-1].casefold() not in TITLE_CUE_WORDS


#: A link to one comment of a thread: a segment after the thread's slug (``/comments/<id>/
#: <slug>/<comment id>/``), or a fragment or parameter naming a comment or a reply.
_COMMENT_PATH = re.compile(r"/comments?/[^/]+/[^/]+/[a-z0-9]{3,}/?$", re.IGNORECASE)
_COMMENT_MARK = re.compile(r"(?:^|[#&?_-])(?:comment|reply|answer)(?:id)?[-_=]?\d", re.I)


def comment_permalink(url: str) -> bool:
    """Whether a URL points at one comment inside a thread, whose slug is the thread's title,
    not the comment's: the citing text describes the comment."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if _COMMENT_PATH.search(parts.path):
        return True
    return bool(_COMMENT_MARK.search(parts.fragment) or _COMMENT_MARK.search(parts.query))


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
