"""Finding URLs in plain text and normalising them for deduplication.

The URL as written is kept for the report; the normalised form (scheme and host case, IDN to
punycode, default port dropped, percent-encoding canonical, dot segments resolved, fragment split
off) is what links are grouped and fetched by, so `HTTPS://Example.com:443/a/../b` and
`https://example.com/b` are one link.
"""

from __future__ import annotations

import bisect
import functools
import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit, urlunsplit

from linkaudit.model import Link, LinkRef
from linkaudit.settings import FETCHED_SCHEMES, MAX_URL_LENGTH

__all__ = [
    "NormalizedUrl",
    "normalize_url",
    "find_urls",
    "group_links",
    "trim_url",
    "url_at",
    "ipv6_urls",
    "junk_before_scheme",
    "relative_www",
    "suggested_fix",
    "join_url",
    "page_base",
]

# Characters that end a URL in prose when they are its last character and unbalanced.
_TRAILING_PUNCT = ".,;:!?'\"\u201d\u2019\u00bb\u203a*_~"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_OPENING_QUOTES = "\u201c\u2018\u00ab\u2039"

_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_SPACE = re.compile(r"\s")
# WHATWG URL parsing drops ASCII tab and newline wherever they stand (a URL wrapped in the source).
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
# A scheme written twice: "http://https://example.com/x" (a paste into a field that had "http://").
_DOUBLE_SCHEME = re.compile(r"^https?://+(https?(?::/*|//+))", re.IGNORECASE)
_ONE_SLASH = re.compile(r"^(https?):/?([^/].*)$", re.IGNORECASE)
# What can stand before a pasted URL and hide it: spaces (also percent-encoded), zero-width
# characters, a byte-order mark, no-break spaces.
_INVISIBLE = " \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff"
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}


@dataclass(frozen=True, slots=True)
class NormalizedUrl:
    """A URL reduced to its canonical form, or the reason it cannot be."""

    normalized: str
    fragment: str | None
    scheme: str
    host: str | None
    malformed: str | None = None

    @property
    def fetchable(self) -> bool:
        return self.malformed is None and self.scheme in FETCHED_SCHEMES and bool(self.host)


def join_url(base: str | None, url: str) -> str:
    """``url`` resolved against ``base`` as a browser resolves it; as written when either is no
    valid URL (``http://[::1`` makes urljoin raise): a page's hostile markup is reported, not
    fatal, and the malformed link is LINK011's to flag."""
    if not base:
        return url
    try:
        return urljoin(base, url)
    except ValueError:
        return url


def page_base(page_url: str | None, href: str) -> str | None:
    """What a page's links resolve against: its ``<base href>`` (against its own URL); a base
    that is no valid URL is ignored, as browsers ignore it."""
    try:
        joined = urljoin(page_url or "", href)
        urlsplit(joined)
    except ValueError:
        return page_url
    return joined


def trim_url(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets or quotes that prose glued on."""
    while url:
        last = url[-1]
        if last in _TRAILING_PUNCT:
            url = url[:-1]
            continue
        if last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last]):
            url = url[:-1]
            continue
        break
    return url


@functools.lru_cache(maxsize=1)
def _linkify() -> object:
    from linkify_it import LinkifyIt

    return LinkifyIt(options={"fuzzy_email": False, "fuzzy_ip": False, "fuzzy_link": True})


_CANDIDATE = re.compile(r"://|www\.|mailto:", re.IGNORECASE)


def find_urls(text: str) -> list[tuple[int, int, str]]:
    """Bare URLs and ``www.`` hosts in prose: ``(start, end, url as written)``.

    Schemeless matches count only when they start with ``www.`` (``Node.js`` or ``example.com``
    in prose are names, not citations). A URL never spans a line end, so linkify runs only on
    the lines that hold a candidate: prose without URLs costs one regex scan.
    """
    found: list[tuple[int, int, str]] = []
    linkify = _linkify()
    next_line_start = 0
    for cand in _CANDIDATE.finditer(text):
        if cand.start() < next_line_start:
            continue  # this line was read already
        line_start = text.rfind("\n", 0, cand.start()) + 1
        line_end = text.find("\n", cand.end())
        if line_end == -1:
            line_end = len(text)
        next_line_start = line_end
        found.extend(_urls_in_line(linkify, text[line_start:line_end], line_start))
    return found


#: An http(s) URL whose host is an IPv6 literal (``http://[2001:db8::1]:8080/x``), which
#: linkify-it does not recognise; the rest of the URL runs to white space or a delimiter.
_IPV6_URL = re.compile(
    r"\bhttps?://\[[0-9A-Fa-f:.]+(?:%25[0-9A-Za-z._~-]+)?\](?::\d{1,5})?(?:[/?#][^\s<>\"'`]*)?",
    re.IGNORECASE,
)


def ipv6_urls(text: str) -> list[tuple[int, int, str]]:
    """http(s) URLs with an IPv6 literal host (zone included) in ``text``: ``(start, end,
    url)``; linkify-it, here and in markdown-it, does not see them."""
    found = []
    for m in _IPV6_URL.finditer(text):
        trimmed = trim_url(m.group(0))
        found.append((m.start(), m.start() + len(trimmed), trimmed))
    return found


_WHITE = re.compile(r"\s")


def _word_end(text: str, start: int) -> int:
    """Where the run of non-space characters at ``start`` ends: no URL reaches further."""
    m = _WHITE.search(text, start)
    return m.start() if m else len(text)


def url_at(text: str, start: int) -> str | None:
    """The URL `find_urls` reads at ``text[start]`` (it ends at white space at the latest), or
    None. Reads only that word, so calling it once per URL stays linear."""
    found = _urls_in_line(_linkify(), text[start : _word_end(text, start)], 0)
    return found[0][2] if found and found[0][0] == 0 else None


#: What follows a host written with its trailing dot (``example.com.:8080``, ``example.com./x``).
_AFTER_HOST = frozenset(":/?#")
#: The authority of a match that stops at a host name: nothing after it but the host.
_BARE_AUTHORITY = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?[^/?#\s]*[A-Za-z0-9]$", re.IGNORECASE)


def _with_trailing_dot_host(linkify: object, line: str, start: int, end: int) -> int:
    """Where a URL that linkify-it cut at its host's trailing dot really ends: for
    ``http://example.com.:8080/x`` it stops before the dot. A dot that ends the sentence (``see
    http://example.com.``) is followed by no port or path, and stays out."""
    if not (
        end + 1 < len(line)
        and line[end] == "."
        and line[end + 1] in _AFTER_HOST
        and _BARE_AUTHORITY.match(line[start:end])
    ):
        return end
    word = line[start:end] + line[end + 1 : _word_end(line, end)]
    again = linkify.match(word)  # type: ignore[attr-defined]
    if not again or again[0].index != 0 or again[0].last_index <= end - start:
        return end
    return start + again[0].last_index + 1


def _inside(spans: list[tuple[int, int, str]], starts: list[int], at: int) -> bool:
    """Whether ``at`` falls inside one of ``spans`` (sorted, not overlapping; ``starts`` their
    starts): one bisection, so a line of thousands of URLs of both kinds stays linear."""
    i = bisect.bisect_right(starts, at) - 1
    return i >= 0 and at < spans[i][1]


def _urls_in_line(linkify: object, line: str, base: int) -> list[tuple[int, int, str]]:
    found = []
    if "[" in line:
        found = [(base + s, base + e, url) for s, e, url in ipv6_urls(line)]
    ipv6 = list(found)  # what linkify-it finds inside these is a piece of them
    ipv6_starts = [a for a, _, _ in ipv6]  # in order, not overlapping: found by bisection
    reached = 0  # where the last URL ended: one read past a host's trailing dot may go on
    for m in linkify.match(line) or ():  # type: ignore[attr-defined]
        if m.index < reached:
            continue
        raw = line[m.index : m.last_index]
        if not m.schema and not raw.lower().startswith("www."):
            continue
        if m.last_index < len(line) and line[m.last_index] == ".":
            raw = line[m.index : _with_trailing_dot_host(linkify, line, m.index, m.last_index)]
        if m.index > 0 and line[m.index - 1] == "@":
            continue
        trimmed = trim_url(raw)
        if not trimmed or trimmed.lower() in ("www.", "http://", "https://"):
            continue
        start = base + m.index
        if ipv6 and _inside(ipv6, ipv6_starts, start):
            continue  # inside an IPv6 URL found above
        found.append((start, start + len(trimmed), trimmed))
        reached = m.index + len(trimmed)
    return sorted(found)


def _normalize_percent(part: str) -> str:
    """Canonical percent-encoding: non-ASCII as UTF-8 escapes, hex upper-case, unreserved
    characters decoded, so ``/été`` and ``/%C3%A9t%C3%A9`` are one URL."""

    def fix(m: re.Match[str]) -> str:
        ch = chr(int(m.group(1), 16))
        return ch if ch in _UNRESERVED else "%" + m.group(1).upper()

    if " " in part:  # browsers percent-encode a space in a path, query or fragment
        part = part.replace(" ", "%20")
    if not part.isascii():
        part = "".join(
            ch if ch.isascii() else "".join(f"%{b:02X}" for b in ch.encode("utf-8")) for ch in part
        )
    return _PERCENT.sub(fix, part)


def _remove_dot_segments(path: str) -> str:
    if "." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for i, seg in enumerate(segments):
        if seg == "..":
            if len(out) > 1:
                out.pop()
            if i == len(segments) - 1:
                out.append("")
        elif seg == ".":
            if i == len(segments) - 1:
                out.append("")
        else:
            out.append(seg)
    return "/".join(out)


def _browser_idna(host: str) -> str:
    """A host as browsers encode it (WHATWG "domain to ASCII": UTS #46, non-transitional, not
    strict): names that IDNA 2008 refuses but UTS #46 maps as valid, such as emoji and other
    symbols that IDNA 2003 allowed, are accepted. Raise ValueError when UTS #46 refuses it."""
    import unicodedata

    import idna

    try:
        mapped = idna.uts46_remap(host, std3_rules=False, transitional=False)
    except (idna.IDNAError, ValueError) as exc:
        raise ValueError(f"invalid international host name ({exc})") from None
    labels = []
    for label in mapped.split("."):
        if label.isascii():
            labels.append(label)
            continue
        if unicodedata.category(label[0]).startswith("M"):
            raise ValueError("invalid international host name (a label starts with a mark)")
        labels.append("xn--" + label.encode("punycode").decode("ascii"))
    return ".".join(labels)


def _idna_host(host: str) -> str:
    """Lower-case a host and encode an IDN to punycode; raise ValueError when invalid."""
    host = host.rstrip(".").lower()
    if host.startswith("["):
        if not host.endswith("]"):
            raise ValueError("unclosed IPv6 bracket")
        ipaddress.IPv6Address(host[1:-1].split("%")[0])
        return host
    if not host.isascii():
        import idna

        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError:
            host = _browser_idna(host)
    labels = host.split(".")
    if any(not _HOST_LABEL.match(label) for label in labels):
        raise ValueError("invalid host name")
    return host


def junk_before_scheme(url: str) -> str | None:
    """Why a relative reference is really a web address with something glued before it
    (``%20https://…``, a zero-width space, a byte-order mark), or None. Browsers read it as a
    path on the citing site, so the reader lands on a "not found" page."""
    from urllib.parse import unquote

    decoded = unquote(url)
    rest = decoded.lstrip(_INVISIBLE)
    if len(rest) == len(decoded) or not rest.lower().startswith(("http://", "https://", "www.")):
        return None
    return "has invisible characters or spaces before its address, so browsers read it as a path"


#: Where a written link target is an ``href`` (so a scheme-less ``www.`` target is a relative
#: path), as opposed to a bare URL in prose, which readers and linkify treat as a web address.
_HREF_ELEMENTS = frozenset({"a", "inline", "reference"})
RELATIVE_WWW = "has no scheme, so browsers open it as a path on this site"


def relative_www(ref: LinkRef) -> bool:
    """A link target written ``www.example.com/x``: browsers resolve it as a relative path."""
    return ref.element in _HREF_ELEMENTS and ref.url.lower().startswith("www.")


def suggested_fix(url: str, reason: str | None) -> str | None:
    """The URL a malformed one was most likely meant to be, when that is clear."""
    if reason is None:
        return None
    if reason == RELATIVE_WWW:
        return "https://" + url
    double = _DOUBLE_SCHEME.match(url)
    if double:
        scheme = double.group(1).rstrip(":/").lower()
        return f"{scheme}://{url[double.end(1) :]}"
    one_slash = _ONE_SLASH.match(url)
    if one_slash and reason == "has no host":  # "http:/example.com", "https:example.com"
        return f"{one_slash.group(1).lower()}://{one_slash.group(2)}"
    if reason.startswith("has invisible characters"):
        from urllib.parse import unquote

        fixed = unquote(url).lstrip(_INVISIBLE)
        return fixed if not fixed.lower().startswith("www.") else "https://" + fixed
    return None


@functools.lru_cache(maxsize=4096)  # pure, and most articles cite a URL more than once
def normalize_url(url: str) -> NormalizedUrl:
    """Canonical form of ``url`` for grouping and fetching, never raising."""
    url = url.strip()
    if _TAB_NEWLINE.search(url):
        url = _TAB_NEWLINE.sub("", url)
    if url.lower().startswith("www."):
        url = "http://" + url
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return NormalizedUrl(url, None, "", None, f"cannot be parsed ({exc})")
    scheme = parts.scheme.lower()
    fragment = parts.fragment or None
    if scheme not in ("http", "https"):
        if not scheme:
            # relative or protocol-less reference: a local link, not a web citation
            junk = junk_before_scheme(url)
            if junk:
                return NormalizedUrl(url, None, "", None, junk)
            return NormalizedUrl(url.split("#", 1)[0], fragment, "", None)
        # data:, javascript:, mailto:, about:, app intents: never fetched, never a citation
        # whose form could be wrong (a share intent's text may hold spaces, a data: URL be long)
        return NormalizedUrl(url.split("#", 1)[0], fragment, scheme, None)
    if len(url) > MAX_URL_LENGTH:
        return NormalizedUrl(url, None, "", None, "URL longer than the limit")
    if _DOUBLE_SCHEME.match(url):
        return NormalizedUrl(url, fragment, scheme, None, "repeats its scheme (http://https://)")
    netloc = parts.netloc
    if _SPACE.search(netloc):
        return NormalizedUrl(url, fragment, scheme, None, "has white space in its host")
    if "@" in netloc:
        netloc = netloc.rsplit("@", 1)[1]
    if not netloc:
        return NormalizedUrl(url, fragment, scheme, None, "has no host")
    try:
        port = parts.port
    except ValueError:
        return NormalizedUrl(url, fragment, scheme, None, "has an invalid port")
    hostname = netloc
    if hostname.startswith("["):
        hostname = hostname[: hostname.find("]") + 1] if "]" in hostname else hostname
    elif ":" in hostname:
        hostname = hostname.rsplit(":", 1)[0]
    try:
        host = _idna_host(hostname)
    except ValueError as exc:
        return NormalizedUrl(url, fragment, scheme, None, f"has an invalid host: {exc}")
    if not host:
        return NormalizedUrl(url, fragment, scheme, None, "has no host")
    userinfo = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
    new_netloc = userinfo + host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        new_netloc += f":{port}"
    path = _remove_dot_segments(_normalize_percent(parts.path)) or "/"
    query = _normalize_percent(parts.query)
    normalized = urlunsplit((scheme, new_netloc, path, query, ""))
    return NormalizedUrl(normalized, fragment, scheme, host.strip("[]"))


def group_links(refs: Iterable[LinkRef]) -> tuple[Link, ...]:
    """One `Link` per distinct (normalised URL, fragment), in order of first appearance."""
    order: list[tuple[str, str | None]] = []
    by_key: dict[tuple[str, str | None], list[LinkRef]] = {}
    norms: dict[tuple[str, str | None], NormalizedUrl] = {}
    for ref in refs:
        norm = normalize_url(ref.url)
        if relative_www(ref):
            norm = NormalizedUrl(ref.url, None, "", None, RELATIVE_WWW)
        key = (norm.normalized, norm.fragment)
        if key not in by_key:
            order.append(key)
            by_key[key] = []
            norms[key] = norm
        by_key[key].append(ref)
    links = []
    for key in order:
        norm = norms[key]
        locations = tuple(by_key[key])
        links.append(
            Link(
                url=locations[0].url,
                normalized_url=norm.normalized,
                fragment=norm.fragment,
                locations=locations,
                scheme=norm.scheme,
                host=norm.host,
                fetchable=norm.fetchable,
                malformed=norm.malformed,
            )
        )
    return tuple(links)


def pointed_at(link: Link, url: str) -> Link:
    """``link`` standing for ``url`` instead (a relative link placed on the site it belongs
    to): the normalized parts of ``url``, the same locations and everything else kept."""
    norm = normalize_url(url)
    return replace(
        link,
        normalized_url=norm.normalized,
        fragment=norm.fragment,
        scheme=norm.scheme,
        host=norm.host,
        fetchable=norm.fetchable,
        malformed=norm.malformed,
    )
