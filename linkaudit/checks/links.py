"""Link rules that need no network: duplicates, malformed URLs, private hosts, shorteners,
tracking parameters."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from linkaudit.engine.registry import Issue, RuleContext, rule
from linkaudit.extract.hosts import host_matches
from linkaudit.extract.urls import suggested_fix
from linkaudit.model import Link, LinkRef
from linkaudit.net.ssrf import Policy, Verdict, check_host

_STRICT = Policy()  # judge hosts as an unprivileged scan would, whatever --allow-private says


@functools.lru_cache(maxsize=8192)
def _strict_verdict(host: str) -> Verdict | None:
    """The address policy's word on a host (a scan meets the same few hosts again and again)."""
    return check_host(host, _STRICT)


@functools.lru_cache(maxsize=8192)
def matched_host(host: str | None, entries: tuple[str, ...]) -> str | None:
    """`host_matches`, remembered: every document cites the same few hosts, and two rules
    (LINK013, ARCH002) ask about each of its citations."""
    return host_matches(host, entries)


DEFAULT_SHORTENERS = ("bit.ly", "t.co", "tinyurl.com", "goo.gl", "ow.ly", "is.gd", "buff.ly")
DEFAULT_TRACKING = ("utm_*", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid")


def locations(refs: tuple[LinkRef, ...]) -> list[dict[str, object]]:
    """Evidence: every place a URL stands."""
    return [{"line": r.line, "column": r.column, "text": r.text} for r in refs]


@rule("LINK008", "duplicate-link", "info", "the same URL cited more than once in one document")
def duplicate_link(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a URL that the article cites more than once.

    **Why it matters.** Citing the same source twice is often a copy-and-paste slip: the second
    citation was meant to point somewhere else (another article in the same series, the
    follow-up report). Sometimes it is deliberate; then it is harmless and the note can be ignored.

    **How to fix.** Check each place the URL stands (the evidence lists them all) and correct
    the one that should cite something else, or drop the repetition.

    **Fires:** a text that lists ``https://news.example/2024/05/02/vote`` on two lines.

    **Does not fire:** the same URL once in the body and once in the page footer (chrome), or
    the same page cited with two different ``#fragments``.
    """
    for link, refs in ctx.citations():
        if len(refs) > 1:
            first = refs[0]
            yield Issue(
                message=f"{link.url} is cited {len(refs)} times (lines "
                + ", ".join(str(r.line) for r in refs)
                + ")",
                line=first.line,
                column=first.column,
                url=link.url,
                evidence={"locations": locations(refs), "count": len(refs)},
            )


@rule("LINK009", "malformed-url", "error", "a URL that cannot be parsed or has an invalid host")
def malformed_url(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a URL that cannot be parsed, has no host, an invalid host name or an invalid port.

    **Why it matters.** A reader clicking it gets nowhere; it usually means a typo, a URL cut in
    half, or a space that slipped in.

    **How to fix.** Copy the URL again from the source's address bar.

    It reads URLs as browsers do (the WHATWG URL standard, UTS #46 for host names): a space in
    a path or query is percent-encoded, not an error, and a host such as ``i❤.ws`` or
    ``my_app.example.com`` is one browsers open. What browsers cannot open is reported: a scheme
    written twice, no host, white space or forbidden characters in the host, a port out of
    range, and a link target written ``www.example.com/x`` (a browser reads it as a path on the
    citing site; the suggestion adds ``https://``).

    **Fires:** ``https://exa mple.com/x``, ``http://bad_host-.example/``, ``https://example.com:99999/``,
    ``http://https://example.com/``, ``[report](www.example.com/report)``.

    **Does not fire:** ``https://пример.рф/`` (an international name is valid), ``mailto:``,
    ``data:`` or ``javascript:`` links, a share link such as
    ``https://twitter.com/intent/tweet?text=Read this``.
    """
    for link in ctx.links:
        if link.malformed:
            first = link.first
            yield Issue(
                message=f"{link.url} is not a valid URL: it {link.malformed}",
                line=first.line,
                column=first.column,
                url=link.url,
                evidence={"reason": link.malformed, "locations": locations(link.locations)},
                suggestion=suggested_fix(link.url, link.malformed),
            )


@rule("LINK012", "private-address", "warning", "link to a private, loopback or link-local address")
def private_address(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a link whose host is a private, loopback, link-local or internal address.

    **Why it matters.** Readers cannot reach ``http://10.0.0.5/`` or ``http://localhost:8080/``:
    such a link was copied from a staging system or an intranet. linkaudit also refuses to fetch
    these addresses (unless ``--allow-private``), so that a hostile article cannot make a CI
    runner probe its own network.

    **How to fix.** Replace it with the public URL of the same page.

    **Fires:** ``http://127.0.0.1:8000/draft``, ``http://intranet.local/report``, ``http://[::1]/``.

    **Does not fire:** ``https://example.org/``.
    """
    for link in ctx.links:
        if link.malformed or link.scheme not in ("http", "https"):
            continue
        verdict = _strict_verdict(link.host or "")
        reason = verdict.reason if verdict and verdict.kind in ("private", "metadata") else None
        if reason is None and link.check is not None and link.check.status == "private":
            reason = link.check.reason or link.check.error or "it resolves to a private address"
        if reason is None:
            continue
        fetched = link.check is not None and link.check.status != "private"
        first = link.first
        yield Issue(
            message=f"{link.url}: {reason}, so readers cannot reach it"
            + ("" if fetched else "; not fetched"),
            line=first.line,
            column=first.column,
            url=link.url,
            evidence={
                "host": link.host,
                "reason": reason,
                "fetched": fetched,
                "locations": locations(link.locations),
            },
        )


@rule(
    "LINK013",
    "shortened-url",
    "warning",
    "link shortener: cite the destination",
    params={"hosts": list[str]},
)
def shortened_url(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a citation through a link shortener (bit.ly, t.co, ...). The list is the pack's
    ``hosts`` parameter.

    **Why it matters.** A shortened link hides where it goes, breaks when the shortener shuts
    down or the account is deleted, and cannot be archived meaningfully.

    **How to fix.** Open it and cite the final URL instead.

    **Fires:** ``https://bit.ly/3abcdEf``.

    **Does not fire:** ``https://www.example.com/2024/report``.
    """
    hosts = tuple(ctx.param("hosts", DEFAULT_SHORTENERS))
    for link, refs in ctx.citations():
        matched = matched_host(link.host, hosts)
        if matched:
            yield Issue(
                message=f"{link.url} goes through the link shortener {matched}: cite the destination instead",
                line=refs[0].line,
                column=refs[0].column,
                url=link.url,
                evidence={"shortener": matched, "locations": locations(refs)},
            )


def _is_tracking(name: str, patterns: tuple[str, ...] | list[str]) -> bool:
    lname = name.lower()
    for p in patterns:
        p = p.lower()
        if p.endswith("*") and lname.startswith(p[:-1]) or lname == p:
            return True
    return False


def strip_tracking(url: str, patterns: tuple[str, ...] | list[str]) -> tuple[str, list[str]]:
    """``url`` without its tracking parameters, and the names removed."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _is_tracking(k, patterns)]
    removed = [k for k, _ in pairs if _is_tracking(k, patterns)]
    query = urlencode(kept, doseq=True) if kept else ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment)), removed


@rule(
    "LINK014",
    "tracking-parameters",
    "info",
    "utm_* and similar tracking parameters in a cited URL",
    params={"parameters": list[str]},
)
def tracking_parameters(ctx: RuleContext) -> Iterator[Issue]:
    """Flags ``utm_*``, ``fbclid``, ``gclid`` and similar parameters in a cited URL (the pack's
    ``parameters`` list; ``*`` ends a prefix).

    **Why it matters.** They say how the writer found the page, not what it is; they make the
    same source look like different URLs and leak campaign data to readers.

    **How to fix.** Use the suggested URL, which is the same one without those parameters.

    **Fires:** ``https://example.com/story?utm_source=newsletter&id=7``.

    **Does not fire:** ``https://example.com/story?id=7``.
    """
    patterns = ctx.param("parameters", DEFAULT_TRACKING)
    for link, refs in ctx.citations():
        if link.malformed or "?" not in link.url:
            continue
        clean, removed = strip_tracking(link.url, patterns)
        if removed:
            yield Issue(
                message=f"{link.url} carries tracking parameters ({', '.join(removed)})",
                line=refs[0].line,
                column=refs[0].column,
                url=link.url,
                evidence={"parameters": removed, "locations": locations(refs)},
                suggestion=clean,
            )


def first_citation(link: Link, refs: tuple[LinkRef, ...]) -> LinkRef:
    return refs[0] if refs else link.first
