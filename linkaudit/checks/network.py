"""Rules that read what checking the links found: link health (every link), and what cited
pages say about themselves (citations only). They run only when the scan was not offline.

Each rule is a pure function of the facts: ``link.check`` (a `LinkCheck`) and ``link.page`` (a
`PageMeta`), filled in by ``linkaudit.net``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterator, Mapping
from urllib.parse import unquote, urlsplit

from linkaudit import settings
from linkaudit.checks.links import locations
from linkaudit.engine.needs import SNAPSHOT_DATE, declare_need
from linkaudit.engine.registry import Issue, RuleContext, rule
from linkaudit.model import Link, LinkCheck

__all__ = ["title_similarity", "same_resource", "https_upgrade_only"]


def _issue(
    link: Link,
    message: str,
    check: LinkCheck | None = None,
    *,
    suggestion: str | None = None,
    evidence: Mapping[str, object] | None = None,
    distinct: str | None = None,
) -> Issue:
    """An issue at the link's first location, with the check's facts as evidence."""
    first = link.first
    facts: dict[str, object] = {"locations": locations(link.locations)}
    if check is not None:
        facts.update(
            status=check.status,
            http_status=check.http_status,
            final_url=check.final_url,
            redirects=[dict(r) for r in check.redirects],
            reason=check.reason,
        )
    facts.update(evidence or {})
    return Issue(
        message=message,
        line=first.line,
        column=first.column,
        url=link.url,
        evidence=facts,
        suggestion=suggestion,
        distinct=distinct,
    )


def _checked(ctx: RuleContext, *statuses: str) -> Iterator[tuple[Link, LinkCheck]]:
    for link in ctx.links:
        if link.check is not None and link.check.status in statuses:
            yield link, link.check


@functools.lru_cache(maxsize=8192)
def _host(url: str | None) -> str:
    """The host of ``url`` without ``www.``; remembered, as redirect rules ask about the same
    final URLs and hosts again and again."""
    host = (urlsplit(url or "").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _chain_note(link: Link, check: LinkCheck) -> str:
    if check.redirects and check.final_url and check.final_url != link.normalized_url:
        return f" (after redirecting to {check.final_url})"
    return ""


@rule(
    "LINK001", "broken-link", "error", "404/410/other 4xx, or 5xx after retries", needs_network=True
)
def broken_link(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a link whose server answers that the page is not there: 404 Not Found, 410 Gone,
    another 4xx (but not 401/403/429: those are LINK011), or a server error that persisted
    through the retries.

    **Why it matters.** A reader who follows the citation finds nothing; the claim it supports
    is left without a source.

    **How to fix.** Find the page's new address (search the site for its title), cite an
    archived copy (``--archive`` suggests one, ARCH001), or drop the citation.

    **Fires:** a link to ``https://news.example/2021/old-story`` that answers 404, or one that
    redirects to a page that answers 410.

    **Does not fire:** a page that answered 503 once and 200 on the retry; a relative link to
    a file that is not there above the tree checked (the repository, else the folder scanned;
    a site generator's source folders): "not checked: outside the tree", since the tree may be
    published beside others (``--base-url`` checks it on the web).
    """
    for link, check in _checked(ctx, "broken"):
        code = check.http_status
        what = {404: "404 Not Found", 410: "410 Gone (removed for good)"}.get(
            code or 0, check.reason or f"HTTP {code}"
        )
        yield _issue(link, f"{link.url} is broken: {what}{_chain_note(link, check)}", check)


_NET_ERRORS = {
    "dns": "its host name does not resolve (DNS)",
    "connect": "the server refused or dropped the connection",
    "tls": "the secure connection failed (certificate or TLS error)",
    "protocol": "the server's answer could not be read",
    "headers": "the server sent oversized headers",
}


@rule(
    "LINK002",
    "unreachable",
    "error",
    "DNS failure, refused connection, TLS failure",
    needs_network=True,
)
def unreachable(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a link whose server cannot be reached at all: the name does not resolve, the
    connection is refused, or TLS fails.

    **Why it matters.** The site may be gone (expired domain) or misconfigured; either way the
    reader cannot see the source.

    **How to fix.** Check the host name for typos; if the site is gone, cite an archived copy.

    **Fires:** ``https://no-such-host.example/report``.

    **Does not fire:** a site that answers, even with an error page (that is LINK001), and never
    when the whole network is down (then linkaudit says so once and exits 3).
    """
    for link, check in _checked(ctx, "unreachable"):
        why = _NET_ERRORS.get(check.error or "", check.reason or "it could not be reached")
        yield _issue(link, f"{link.url} is unreachable: {why}{_chain_note(link, check)}", check)


@rule(
    "LINK003",
    "timeout",
    "warning",
    "no answer within the timeout after retries",
    needs_network=True,
)
def timeout(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a link whose server did not answer in time, on any try.

    **Why it matters.** It may be down, overloaded, or blocking automated readers by stalling;
    a reader may meet the same wait.

    **How to fix.** Open it by hand; if it works, raise ``--timeout`` or ignore the finding.

    **Fires:** a page that takes 30 s to start answering with ``--timeout 10``.

    **Does not fire:** a slow page that answers within the timeout.
    """
    for link, check in _checked(ctx, "timeout"):
        yield _issue(
            link,
            f"{link.url} did not answer in time ({check.reason or 'timeout'}); check it by hand",
            check,
        )


def https_upgrade_only(url: str, final: str | None) -> bool:
    """``http://x/p`` → ``https://x/p`` (www and a trailing slash aside): LINK007's case."""
    if not final or not url.startswith("http://") or not final.startswith("https://"):
        return False
    a, b = urlsplit(url), urlsplit(final)
    return (
        _host(url) == _host(final)
        and a.path.rstrip("/") == b.path.rstrip("/")
        and a.query == b.query
    )


@rule(
    "LINK004",
    "redirected",
    "warning",
    "permanent redirect: cite the final URL",
    needs_network=True,
)
def redirected(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a link that permanently redirects (301/308) to another URL, and says so when the
    redirect leaves the site.

    **Why it matters.** The cited address is no longer the page's own: redirects get dropped in
    site migrations, and a cross-site redirect may mean the source was sold, merged, or replaced.

    **How to fix.** Cite the final URL (the suggestion), after checking it is the same piece.

    **Fires:** ``https://news.example/story?id=7`` answering 301 to
    ``https://news.example/2023/09/19/story``.

    **Does not fire:** a temporary (302/307) redirect, an ``http://`` → ``https://`` redirect of
    the same URL (LINK007), or a deep link sent to the home page (LINK006).
    """
    for link, check in _checked(ctx, "redirected"):
        final = check.final_url
        if not final or https_upgrade_only(link.normalized_url, final):
            continue
        cross = _host(final) != _host(link.normalized_url)
        where = f" to another site ({_host(final)})" if cross else ""
        yield _issue(
            link,
            f"{link.url} redirects permanently{where}: cite {final} instead",
            check,
            suggestion=final,
            evidence={"cross_site": cross},
        )


@rule(
    "LINK005", "redirect-loop", "error", "loop or more redirects than the limit", needs_network=True
)
def redirect_loop(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a link whose redirects go round in a circle or never end.

    **Why it matters.** Browsers give up with "too many redirects": the reader sees nothing.

    **How to fix.** Open it in a browser with cookies cleared; if it loops there too, find
    another copy of the source or an archived one.

    **Fires:** ``/a`` → ``/b`` → ``/a``.

    **Does not fire:** a chain of three redirects that ends at a page.
    """
    for link, check in _checked(ctx, "loop"):
        yield _issue(link, f"{link.url} never arrives: {check.reason or 'redirect loop'}", check)


@rule("LINK006", "soft-404", "error", "a 200 answer that is really 'not found'", needs_network=True)
def soft_404(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a link that answers "200 OK" with a page that is really "not found": its title or
    heading says so, a deep link was sent to the site's home page, or a random path on the same
    site returns the same page.

    **Why it matters.** Status-code checkers (lychee and friends) call these links fine, yet
    the cited article is gone: the commonest silent dead link in news archives.

    **How to fix.** Search the site for the article's title, or cite an archived copy.

    **Fires:** ``https://news.example/2019/05/story`` redirecting to ``https://news.example/``,
    or a page titled "Page not found".

    **Does not fire:** an article titled "Why 404 pages matter" whose own page answers normally
    and whose site returns a real 404 for unknown paths.
    """
    for link, check in _checked(ctx, "soft404"):
        yield _issue(
            link,
            f"{link.url} looks dead although the server says OK: {check.reason}",
            check,
        )


@rule(
    "LINK007", "insecure-link", "info", "http:// where the https:// URL works", needs_network=True
)
def insecure_link(ctx: RuleContext) -> Iterator[Issue]:
    """Flags an ``http://`` link whose page is served over ``https://``.

    **Why it matters.** Plain http can be altered in transit and browsers mark it "not
    secure"; the secure address is the page's real one.

    **How to fix.** Change ``http://`` to ``https://`` (the suggestion).

    **Fires:** ``http://news.example/story`` redirecting to ``https://news.example/story``, or
    answering over http while ``https://news.example/story`` answers too (tried for named
    hosts only).

    **Does not fire:** an ``http://`` link to a site that has no https version.
    """
    for link in ctx.links:
        check = link.check
        if check is None or link.scheme != "http" or check.status not in ("ok", "redirected"):
            continue
        final = check.final_url or ""
        upgraded = final.startswith("https://") and _host(final) == _host(link.normalized_url)
        if not upgraded and not check.https_url:
            continue
        suggestion = "https://" + link.url[len("http://") :]
        if https_upgrade_only(link.normalized_url, final):
            suggestion = final if not link.fragment else f"{final}#{link.fragment}"
        yield _issue(
            link,
            f"{link.url} is served over https: cite {suggestion}",
            check,
            suggestion=suggestion,
        )


#: GitHub (and GitLab) render a README's heading ids with this prefix and scroll a bare
#: ``#usage`` to ``user-content-usage`` by script: the bare fragment works.
_USER_CONTENT = "user-content-"
_IGNORED_FRAGMENT = re.compile(r"^(?:top|$|!|/|:~:|L\d+(?:-L\d+)?$)")


@rule(
    "LINK010",
    "missing-fragment",
    "warning",
    "#fragment with no matching id/name",
    needs_network=True,
)
def missing_fragment(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a ``#fragment`` that matches no ``id`` or ``name`` on the fetched page.

    **Why it matters.** The reader lands at the top of a long page instead of the cited
    passage; usually the section was renamed.

    **How to fix.** Open the page, find the section, and copy its current link.

    **Fires:** ``https://docs.example/guide#installing`` when the page only has
    ``id="installation"``; each missing fragment of one page is its own finding (a contents
    list of stale sections needs every entry fixed).

    **Does not fire:** ``#top``, ``#L10`` line anchors, ``#!/route`` app routes, text fragments
    (``#:~:text=``), ``#usage`` on a rendered README that has ``id="user-content-usage"``
    (GitHub's script scrolls there), pages that were not fetched as HTML, or pages cut at the
    body cap (the anchor may be in the part that was not read). On an HTML page, in-page links that scripts
    use are controls, not citations: ``#``, ``#0``, skip links (``#main``, ``#content``), tabs
    and toggles (``role="tab"``, ``data-toggle``, ``aria-controls``, ``onclick``).
    """
    for link in ctx.links:
        page, check = link.page, link.check
        frag = link.fragment
        if not frag or page is None or page.anchors is None or check is None:
            continue
        if check.status not in ("ok", "redirected") or _IGNORED_FRAGMENT.match(frag):
            continue
        if all(r.control for r in link.locations):  # a tab, a toggle, "#0": a script's target
            continue
        if frag in page.anchors or unquote(frag) in page.anchors:
            continue
        if _USER_CONTENT + unquote(frag) in page.anchors:  # GitHub's script scrolls #x there
            continue
        if check.body_truncated:  # the anchor may be past the part of the page that was read
            continue
        near = difflib.get_close_matches(unquote(frag), sorted(page.anchors), n=1, cutoff=0.6)
        hint = f" (did you mean #{near[0]}?)" if near else ""
        base = link.url.split("#", 1)[0]
        yield _issue(
            link,
            f"{link.url}: the page has no #{frag} anchor{hint}",
            check,
            suggestion=f"{base}#{near[0]}" if near else None,
            evidence={"fragment": frag, "close_match": near[0] if near else None},
            distinct=frag,
        )


@rule(
    "LINK011",
    "access-blocked",
    "warning",
    "401/403/429/bot wall: not verified, not proven broken",
    needs_network=True,
)
def access_blocked(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a link that could not be verified because the site refused an automated reader:
    a login (401), a refusal (403), rate limiting that outlasted the retries (429), a bot
    challenge, cookie wall or paywall.

    **Why it matters.** The link may be fine for people; it is simply unverified. It is
    reported apart from broken links so that CI does not fail on sites that block robots.

    **How to fix.** Open it in a browser. If it works, nothing to do (or add it to the
    baseline); if the source is paywalled, consider citing an archived or open copy too.

    **Fires:** a page answering 403 with a "Just a moment..." challenge.

    **Does not fire:** a 404 (LINK001).
    """
    for link, check in _checked(ctx, "blocked"):
        yield _issue(
            link,
            f"{link.url} could not be verified: {check.reason or 'access refused'}; "
            "check it in a browser",
            check,
        )


# -- page metadata (citations) ------------------------------------------------------------------
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]\s+|\s+::\s+")


def _norm_title(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def title_similarity(cited: str, page_title: str, site_name: str | None = None) -> float:
    """0..1: how well ``cited`` matches the page title, with or without its site-name parts."""
    cited_n = _norm_title(cited)
    if not cited_n:
        return 1.0
    candidates = {page_title}
    parts = _TITLE_SEPARATORS.split(page_title)
    candidates.update(p for p in parts if p.strip())
    if site_name:
        candidates.update(p for p in parts if _norm_title(p) != _norm_title(site_name))
        stripped = [p for p in parts if _norm_title(p) != _norm_title(site_name)]
        candidates.add(" ".join(stripped))
    best = 0.0
    cited_words = set(cited_n.split())
    for cand in candidates:
        cand_n = _norm_title(cand)
        if not cand_n:
            continue
        ratio = difflib.SequenceMatcher(None, cited_n, cand_n).ratio()
        cand_words = set(cand_n.split())
        overlap = len(cited_words & cand_words) / max(len(cited_words), len(cand_words))
        best = max(best, ratio, overlap)
    return best


@rule(
    "META001",
    "title-mismatch",
    "warning",
    "the cited title differs from the page's title",
    needs_network=True,
)
def title_mismatch(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a citation whose title, as the article gives it (a title-like anchor text or a
    "Related article:" line), does not match the title of the page it links to. Case, spacing,
    punctuation and site-name suffixes ("| Example News") are ignored; the comparison is fuzzy.

    **Why it matters.** A mismatch usually means the wrong URL was pasted (a neighbouring
    article), or the source has been rewritten since it was cited.

    **How to fix.** Open the link; correct the URL or update the title you cite.

    **Fires:** "Parliament approves harbour budget" linking to a page titled "Storm closes
    coastal roads | Example News".

    **Does not fire:** "Parliament Approves Harbour Budget" linking to "Parliament approves
    harbour budget - Example News".
    """
    threshold = float(ctx.param("threshold", settings.META_TITLE_SIMILARITY))
    for link, refs in ctx.citations():
        page = link.page
        if page is None or not page.title or link.check is None:
            continue
        if link.check.status not in ("ok", "redirected"):
            continue
        cited = next((r for r in refs if r.cited_title), None)
        if cited is None or cited.cited_title is None:
            continue
        scores = [title_similarity(cited.cited_title, page.title, page.site_name)]
        if page.h1:
            scores.append(title_similarity(cited.cited_title, page.h1, page.site_name))
        score = max(scores)
        if score >= threshold:
            continue
        yield Issue(
            message=f'the article cites "{cited.cited_title}" but {link.url} is titled '
            f'"{page.title}"',
            line=cited.line,
            column=cited.column,
            url=link.url,
            evidence={
                "cited_title": cited.cited_title,
                "page_title": page.title,
                "page_h1": page.h1,
                "similarity": round(score, 2),
                "locations": locations(refs),
            },
        )


def _comparable(url: str) -> str:
    parts = urlsplit(url)
    host = _host(url)
    path = unquote(parts.path).rstrip("/") or "/"
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"


def same_resource(a: str, b: str) -> bool:
    """Same page, ignoring scheme, www, port-less defaults, a trailing slash and escapes."""
    return _comparable(a) == _comparable(b)


@rule(
    "META003",
    "canonical-mismatch",
    "info",
    "the page's canonical URL differs from the cited URL",
    needs_network=True,
)
def canonical_mismatch(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a citation whose page declares a different canonical URL (``<link rel=canonical>``
    or ``og:url``) than the one cited and the one it ended at.

    **Why it matters.** The canonical URL is the address the publisher stands behind; tracking
    variants, mobile and AMP copies, and syndicated reprints point to it. Citing it is more
    durable.

    **How to fix.** Cite the canonical URL (the suggestion) after checking it is the same piece.

    **Fires:** ``https://m.news.example/story-123`` declaring
    ``https://news.example/2023/09/19/story``.

    **Does not fire:** a canonical that differs only by ``https``, ``www.`` or a trailing slash.
    """
    for link, refs in ctx.citations():
        page, check = link.page, link.check
        if page is None or not page.canonical or check is None:
            continue
        if check.status not in ("ok", "redirected"):
            continue
        if not page.canonical.startswith(("http://", "https://")):
            continue
        if same_resource(page.canonical, link.normalized_url) or (
            check.final_url and same_resource(page.canonical, check.final_url)
        ):
            continue
        yield Issue(
            message=f"{link.url} names {page.canonical} as its canonical address: "
            "consider citing that",
            line=refs[0].line,
            column=refs[0].column,
            url=link.url,
            evidence={"canonical": page.canonical, "final_url": check.final_url},
            suggestion=page.canonical,
        )


def _date_conflict(url_date: dt.date, precision: str, page_date: dt.date, slack: int) -> bool:
    if precision == "year":
        return page_date.year != url_date.year and abs((page_date - url_date).days) > 366
    if precision == "month":
        start = url_date
        end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return not (start - dt.timedelta(days=slack) <= page_date < end + dt.timedelta(days=slack))
    return abs((page_date - url_date).days) > slack


@rule(
    "META004",
    "date-conflict",
    "warning",
    "the URL's date and the page's published date disagree",
    needs_network=True,
)
def date_conflict(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a citation whose URL carries a date (``/2026/06/14/``) that disagrees with the
    date the page itself says it was published (JSON-LD, ``article:published_time``, ...).

    **Why it matters.** One of the two is wrong, and the dates an editor relies on (TIME001,
    "was this source written before the article?") depend on which. A URL dated years after
    its page is a strong sign that the link was changed or invented.

    **How to fix.** Open the page; cite the URL that belongs to the piece you mean and check
    the date you give for it.

    **Fires:** ``https://news.example/2026/06/14/story`` whose page says published 2023-09-19.

    **Does not fire:** ``/2023/09/19/`` with a page published 2023-09-20 (time zones and late
    editions give a day or two of slack), or a page that states no date.
    """
    slack = int(ctx.param("tolerance_days", settings.META_DATE_TOLERANCE_DAYS))
    for link, refs in ctx.citations():
        page, ud = link.page, link.url_date
        if page is None or not page.published or ud is None:
            continue
        try:
            published = dt.date.fromisoformat(page.published)
        except ValueError:
            continue
        if not _date_conflict(ud.date, ud.precision, published, slack):
            continue
        yield Issue(
            message=f"the URL dates this source {ud.iso()} but the page says it was published "
            f"{page.published}",
            line=refs[0].line,
            column=refs[0].column,
            url=link.url,
            evidence={
                "url_date": ud.iso(),
                "url_date_text": ud.text,
                "page_published": page.published,
                "page_modified": page.modified,
                "final_url": link.check.final_url if link.check else None,
            },
        )


# With --archive: the snapshot suggested is the one closest to the citing article's date.
declare_need("ARCH001", SNAPSHOT_DATE)


@rule(
    "ARCH001",
    "archived-copy",
    "info",
    "a dead link has an archived snapshot: suggest it",
    needs_network=True,
)
def archived_copy(ctx: RuleContext) -> Iterator[Issue]:
    """Suggests the web-archive snapshot of a dead, blocked or unreachable citation, closest
    to the article's date (with ``--archive``: Wayback Machine, then a Memento TimeGate).

    **Why it matters.** The archived copy shows what the source said when it was cited; it is
    the standard repair for link rot (Wikipedia's InternetArchiveBot does the same).

    **How to fix.** Cite the snapshot next to (or instead of) the original URL.

    **Fires:** a 404 citation for which the Wayback Machine holds a 2023 capture.

    **Does not fire:** a working link, or a dead one with no capture.
    """
    for link, refs in ctx.citations():
        check = link.check
        if check is None or not check.archive_url:
            continue
        when = check.archive_timestamp or ""
        date = f"{when[:4]}-{when[4:6]}-{when[6:8]}" if len(when) >= 8 else "an unknown date"
        yield Issue(
            message=f"{link.url} is {check.status}; an archived copy from {date} exists: "
            f"{check.archive_url}",
            line=refs[0].line,
            column=refs[0].column,
            url=link.url,
            evidence={"archive_url": check.archive_url, "timestamp": when, "status": check.status},
            suggestion=check.archive_url,
        )
