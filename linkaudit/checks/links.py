"""Link rules that need no network: duplicates, malformed URLs, private hosts, shorteners,
tracking parameters."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from linkaudit.engine.registry import Issue, RuleContext, rule
from linkaudit.extract.hosts import host_matches, site_of
from linkaudit.extract.layout import (
    Layout,
    in_list_item,
    layout_of,
    same_line_twice,
    same_place,
    sentence_between,
    source_list,
    text_between_links,
)
from linkaudit.extract.linkcontext import (
    anchor_has_text,
    is_own_machine,
    near_text,
    own_hosts,
    rel_of,
    same_site,
    says_open_locally,
)
from linkaudit.extract.platforms import PLATFORMS, platform_of, post_kind
from linkaudit.extract.urls import suggested_fix
from linkaudit.model import Document, DocumentResult, Link, LinkRef
from linkaudit.net.ssrf import Policy, Verdict, check_host
from linkaudit.settings import (
    AFFILIATE_HOSTS,
    AFFILIATE_PARAMETERS,
    AFFILIATE_WEAK_PARAMETERS,
    FIRST_PARTY_SHORT_LINKS,
    OWN_CAMPAIGN_MIN_CHARS,
)

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


@rule(
    "LINK008",
    "duplicate-link",
    "info",
    "the same URL pasted twice: adjacent lines, one paragraph, one list of sources",
)
def duplicate_link(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a URL cited twice where a repetition is a paste error: on adjacent lines, twice in
    one paragraph, or twice in one list (a "Sources" or "References" list, or any Markdown or
    HTML list).

    **Why it matters.** The second citation was most likely meant to point somewhere else (the
    next item of the list, another article in the same series, the follow-up report).

    **How to fix.** Check each place the URL stands (the evidence lists them all) and correct
    the one that should cite something else, or drop the repetition.

    **Fires:** a text that lists ``https://news.example/2024/05/02/vote`` on two lines.

    **Does not fire:** the same source cited again in a later paragraph (normal writing), the
    same URL once in the body and once in the page footer (chrome), the same page cited with
    two different ``#fragments``, an image and its headline linking one story side by side, a
    term linked at each mention, the site's own pages (relative links, or the site's address
    as the document declares it), or an affiliate or sponsored link (an affiliate network's
    redirector, ``rel="sponsored"``, an affiliate parameter) repeated for each offer.
    """
    layout: Layout | None = None
    own: frozenset[str] | None = None
    for link, refs in ctx.citations():
        if len(refs) < 2 or not _names_a_source(link):
            continue
        own = own_hosts(ctx.doc, ctx.base_url, ctx.links) if own is None else own
        if same_site(link.host, own):
            continue  # the site's own pages: navigation and cross-references, not sources
        if any(is_affiliate(link.url, rel_of(ctx.doc, r)) for r in refs):
            continue  # a monetised link repeated for each offer: the site's choice, not a paste
        layout = layout or layout_of(ctx.doc.format, ctx.doc.raw)
        ordered = sorted(refs, key=lambda r: (r.line, r.column))
        where = None
        for a, b in zip(ordered, ordered[1:], strict=False):
            where = same_place(layout, (a.line, a.column), (b.line, b.column))
            if where and _pasted(ctx.doc, layout, link, a, b, where):
                break
            where = None
        if where is None:
            continue
        first = refs[0]
        yield Issue(
            message=f"{link.url} is cited {len(refs)} times (lines "
            + ", ".join(str(r.line) for r in refs)
            + f"), {where}",
            line=first.line,
            column=first.column,
            url=link.url,
            evidence={"locations": locations(refs), "count": len(refs), "where": where},
        )


def _names_a_source(link: Link) -> bool:
    """Whether a link can be a pasted source: an address with a page, not an in-page or
    relative link (the site's own navigation) nor a bare home page."""
    if link.host is None or link.malformed:
        return False
    try:
        parts = urlsplit(link.url)
    except ValueError:
        return False
    return parts.path.strip("/") != "" or parts.query != ""


def _label(ref: LinkRef) -> str | None:
    """A link's visible label, folded; None for a bare URL (no label, or the URL itself)."""
    text = " ".join((ref.text or "").split()).casefold()
    if not text or "://" in text or text.startswith("www.") or text in ref.url.casefold():
        return None
    return text


def _pasted(doc: Document, layout: Layout, link: Link, a: LinkRef, b: LinkRef, where: str) -> bool:
    """Whether two occurrences standing close (``where``) look like a paste error rather than
    one link split in two (an image and its headline), an image link beside its text link, an
    empty leftover link, a term linked at each mention, one reference definition used twice,
    one source cited for claims in two sentences or named as the source ("according to the
    Tribune"), or one project linked from two prose items of a list."""
    if not (anchor_has_text(doc, a) and anchor_has_text(doc, b)):
        return False
    pa, pb = (a.line, a.column), (b.line, b.column)
    if layout.format == "html" and "list" not in where and not text_between_links(layout, pa, pb):
        return False  # nothing visible between: one card, image and headline
    la, lb = _label(a), _label(b)
    if la is not None and la == lb:
        # The same words linked twice: a term or a publisher linked at each mention ("ISBN",
        # a glossary entry), unless it is one line (one list entry) written twice.
        return same_line_twice(layout, a.line, b.line)
    if _one_definition(doc, link, a, b):
        return False  # [text][ref] twice: the URL is written once, in its definition
    if same_line_twice(layout, a.line, b.line):
        return True
    if where == "in one list":
        return source_list(layout, pa, pb)
    if where == "on adjacent lines" and in_list_item(layout, *pa) and in_list_item(layout, *pb):
        return True  # two items of a list, one after the other
    if where in _PROSE_PLACES:
        if sentence_between(layout, pa, pb):
            return False  # two claims in two sentences, one source: normal citing
        if _names_publisher(link, la) or _names_publisher(link, lb):
            return False  # "(according to the Tribune)": the source named, not pasted
    return True


#: Where two occurrences of a URL stand in running prose.
_PROSE_PLACES = ("on one line", "on adjacent lines", "in one paragraph")


def _one_definition(doc: Document, link: Link, a: LinkRef, b: LinkRef) -> bool:
    """Markdown reference links (``[text][ref]``, ``[ref]``) whose URL the source writes once:
    both uses point at one definition, so nothing was pasted."""
    if a.element != "reference" or b.element != "reference" or doc.format != "markdown":
        return False
    return doc.raw.count(link.url) == 1


_ARTICLE = re.compile(r"^(?:the|a|le|la|les|l'|der|die|das|el|los|las|il|lo|o|de)\s+", re.I)


def _names_publisher(link: Link, label: str | None) -> bool:
    """Whether a link's text is the name of the site it goes to ("the Chicago Tribune" for
    chicagotribune.com): an attribution of the source, not a claim it supports."""
    if label is None or link.host is None:
        return False
    site = site_of(link.host) or link.host
    name = _folded(site.split(".", 1)[0])
    return len(name) >= OWN_CAMPAIGN_MIN_CHARS and _folded(_ARTICLE.sub("", label)) == name


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
    ``https://twitter.com/intent/tweet?text=Read this``; an address in a code sample (a fenced
    block, a code span, ``<pre>``/``<code>``), such as a CI template's
    ``https://${{ env.HOST }}/``: code is not a citation and is not fetched, unless
    ``--check-code`` asks for it.
    """
    for link in ctx.links:
        if link.malformed:
            # Code samples are templates and placeholders, not citations (unless --check-code).
            shown = (
                link.locations
                if ctx.check_code
                else tuple(r for r in link.locations if not r.in_code)
            )
            if not shown:
                continue
            first = shown[0]
            yield Issue(
                message=f"{link.url} is not a valid URL: it {link.malformed}",
                line=first.line,
                column=first.column,
                url=link.url,
                evidence={"reason": link.malformed, "locations": locations(shown)},
                suggestion=suggested_fix(link.url, link.malformed),
            )


#: What the first LINK012 of a run adds: how to say that private addresses are meant.
PRIVATE_HINT = (
    " (if these documents are meant for a private network, allow private addresses with "
    "--allow-private, or allow-private = true in linkaudit.toml or [tool.linkaudit])"
)


def is_instruction(doc: Document, link: Link, ref: LinkRef) -> bool:
    """Whether an occurrence of a private address tells the reader to open something on their
    own machine rather than cite it: a code sample, or a loopback address with words such as
    "run", "start", "open" or "visit" around it."""
    if ref.in_code:
        return True
    return is_own_machine(link.host) and says_open_locally(near_text(doc, ref))


@rule("LINK012", "private-address", "warning", "link to a private, loopback or link-local address")
def private_address(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a link whose host is a private, loopback, link-local or internal address, cited as
    a source.

    **Why it matters.** Readers cannot reach ``http://10.0.0.5/`` or ``http://localhost:8080/``:
    such a link was copied from a staging system or an intranet. linkaudit also refuses to fetch
    these addresses (unless ``--allow-private``), so that a hostile article cannot make a CI
    runner probe its own network.

    **How to fix.** Replace it with the public URL of the same page. If the documents are meant
    for a private network, run with ``--allow-private`` (or ``allow-private = true`` in the
    config): the rule is then silent.

    **Fires:** ``http://127.0.0.1:8000/draft``, ``http://intranet.local/report``, ``http://[::1]/``.

    **Does not fire:** ``https://example.org/``; an address the text tells the reader to open on
    their own machine ("start the server and open ``http://localhost:3000``", or in a code
    sample); any address under ``--allow-private``.
    """
    if ctx.allow_private:
        return
    for link in ctx.links:
        if link.malformed or link.scheme not in ("http", "https"):
            continue
        verdict = _strict_verdict(link.host or "")
        reason = verdict.reason if verdict and verdict.kind in ("private", "metadata") else None
        if reason is None and link.check is not None and link.check.status == "private":
            reason = link.check.reason or link.check.error or "it resolves to a private address"
        if reason is None:
            continue
        cited = [r for r in link.locations if not is_instruction(ctx.doc, link, r)]
        if not cited:
            continue
        fetched = link.check is not None and link.check.status != "private"
        first = cited[0]
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


def hint_first_private(documents: Sequence[DocumentResult]) -> list[DocumentResult]:
    """The documents with `PRIVATE_HINT` added to the run's first LINK012 (once a run: the
    reader learns how to allow private addresses without reading it on every finding)."""
    out = list(documents)
    for i, d in enumerate(out):
        for j, f in enumerate(d.findings):
            if f.rule == "LINK012":
                hinted = replace(f, message=f.message + PRIVATE_HINT)
                findings = (*d.findings[:j], hinted, *d.findings[j + 1 :])
                out[i] = replace(d, findings=findings)
                return out
    return out


@rule(
    "LINK013",
    "shortened-url",
    "warning",
    "link shortener: cite the destination",
    params={"hosts": list[str]},
)
def shortened_url(ctx: RuleContext) -> Iterator[Issue]:
    """Flags a citation through a third-party link shortener (bit.ly, t.co, ...) whose
    destination the reader cannot see. The list is the pack's ``hosts`` parameter; a site's own
    short host that only leads to that site (youtu.be, redd.it) is not a shortener here.

    **Why it matters.** A shortened link hides where it goes, breaks when the shortener shuts
    down or the account is deleted, and cannot be archived meaningfully.

    **How to fix.** Open it and cite the final URL instead.

    **Fires:** ``https://bit.ly/3abcdEf``.

    **Does not fire:** ``https://www.example.com/2024/report``, ``https://youtu.be/abc123``,
    the shortener's own home page (``https://bitly.com/``), or a short link whose text shows
    where it goes (a post's text pasted into the piece, where the platform wrapped
    ``example.org/report…`` in a ``t.co`` link), or whose whole text is the platform it leads
    to (a page header's "twitter" and "facebook" tabs): the reader sees the destination. When only
    some of its occurrences show it, the finding names it (``shown_destination``).
    """
    hosts = tuple(ctx.param("hosts", DEFAULT_SHORTENERS))
    for link, refs in ctx.citations():
        matched = matched_host(link.host, hosts)
        if matched and _has_code(link.url) and not _first_party(link.url):
            shown = [_shown_destination(r.text, hosts) or _names_platform(r.text) for r in refs]
            if all(shown):
                continue  # every occurrence shows its destination to the reader
            evidence: dict[str, object] = {"shortener": matched, "locations": locations(refs)}
            destination = next((d for d in shown if d), None)
            if destination:
                evidence["shown_destination"] = destination
            yield Issue(
                message=f"{link.url} goes through the link shortener {matched}: cite the destination instead",
                line=refs[0].line,
                column=refs[0].column,
                url=link.url,
                evidence=evidence,
            )


_SHOWN_URL = re.compile(
    r"(?:https?://)?((?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,})(?:[/?#]\S*)?", re.IGNORECASE
)


def _shown_destination(text: str | None, shorteners: tuple[str, ...]) -> str | None:
    """The address a link's text shows, when the text is one (``example.org/report…``, as a
    platform prints a link it wrapped), on a host that is not itself a shortener; else None."""
    shown = " ".join((text or "").split()).rstrip("…").removesuffix("...").strip()
    m = _SHOWN_URL.fullmatch(shown)
    if m is None or matched_host(m.group(1).lower(), shorteners):
        return None
    return shown


@functools.lru_cache(maxsize=1)
def _platform_names() -> frozenset[str]:
    """The names a reader knows platforms by: each family's name and its hosts' first labels
    ("twitter", "facebook", "instagram"), at least three letters."""
    names = set()
    for p in PLATFORMS:
        names.add(_folded(p.name))
        names.update(_folded((site_of(h) or h).split(".")[0]) for h in p.hosts)
    return frozenset(n for n in names if len(n) >= OWN_CAMPAIGN_MIN_CHARS)


def _names_platform(text: str | None) -> str | None:
    """The link's text when it is a platform's name alone ("twitter", "Facebook"): a profile
    or follow link in the page's navigation, whose destination the text names."""
    folded = _folded(text or "")
    return text if folded and folded in _platform_names() else None


def _has_code(url: str) -> bool:
    """Whether a shortener's URL carries a short code (its home page names no destination)."""
    try:
        return urlsplit(url).path.strip("/") != ""
    except ValueError:
        return False


def _first_party(url: str) -> bool:
    """Whether a shortener's URL is its owner's own short link to its own service (a map)."""
    bare = url.split("://", 1)[-1].lower().removeprefix("www.")
    return bare.startswith(FIRST_PARTY_SHORT_LINKS)


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


def is_affiliate(url: str, rel: frozenset[str]) -> bool:
    """Whether a link is an affiliate or sponsored link the site put there on purpose:
    ``rel="sponsored"``, an affiliate network's redirector (`AFFILIATE_HOSTS`), an affiliate
    parameter, or a store's ``tag=``/``ref=`` beside ``rel="nofollow"``."""
    if "sponsored" in rel:
        return True
    try:
        parts = urlsplit(url)
        names = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True)]
    except ValueError:
        return False
    if matched_host(parts.hostname, AFFILIATE_HOSTS):
        return True
    if any(_is_tracking(k, AFFILIATE_PARAMETERS) for k in names):
        return True
    return "nofollow" in rel and any(_is_tracking(k, AFFILIATE_WEAK_PARAMETERS) for k in names)


#: Parameters that name where a visit came from: when one names the citing site itself, the
#: site tagged its own outbound link (``utm_source=gothamist`` on gothamist.com's donate link).
CAMPAIGN_SOURCE_PARAMETERS = ("utm_source", "utm_referrer", "ref")
_FOLD = re.compile(r"[\W_]+")


def _folded(name: str) -> str:
    return _FOLD.sub("", name.casefold())


def own_campaign(url: str, own: frozenset[str]) -> bool:
    """Whether a link's campaign source names the citing site (its domain's name, as in
    ``utm_source=gothamist`` on a gothamist.com page): the site's own tag on a link it placed
    (a donate page, a sister site, a partner it promotes), not a tag copied with a citation."""
    if not own:
        return False
    names = set()
    for host in own:
        site = site_of(host) or host
        name = _folded(site.split(".", 1)[0])
        if len(name) >= OWN_CAMPAIGN_MIN_CHARS:
            names.add(name)
    if not names:
        return False
    try:
        pairs = parse_qsl(urlsplit(url).query, keep_blank_values=True)
    except ValueError:
        return False
    return any(k.lower() in CAMPAIGN_SOURCE_PARAMETERS and _folded(v) in names for k, v in pairs)


@rule(
    "LINK014",
    "tracking-parameters",
    "info",
    "utm_* and similar tracking parameters in a cited URL",
    params={"parameters": list[str]},
)
def tracking_parameters(ctx: RuleContext) -> Iterator[Issue]:
    """Flags ``utm_*``, ``fbclid``, ``gclid`` and similar parameters in a citation of another
    site (the pack's ``parameters`` list; ``*`` ends a prefix).

    **Why it matters.** They say how the writer found the page, not what it is; they make the
    same source look like different URLs and leak campaign data to readers.

    **How to fix.** Use the suggested URL, which is the same one without those parameters.

    **Fires:** ``https://example.com/story?utm_source=newsletter&id=7``.

    **Does not fire:** ``https://example.com/story?id=7``; the site's own links (its address is
    known from ``rel=canonical``, ``og:url``, ``<base href>``, the front matter's ``url`` or
    ``permalink``, or ``--base-url``), whose campaign tags are the owner's choice; a link to
    another site whose campaign source names the citing site (``utm_source=gothamist`` on
    gothamist.com's donate or sister-site link): the site tagged it itself; an affiliate or
    sponsored link (``rel="sponsored"``, an affiliate parameter, a store's ``tag=`` with
    ``rel="nofollow"``, an item the page labels "Sponsored", a banner: an image link with no
    words carrying campaign tags); an embedded post's links (``ref_src=twsrc`` on a tweet's permalink,
    ``utm_source=ig_embed``), which the platform's embed code wrote; a social platform's share
    or follow button (``twitter.com/intent/tweet?...``, a profile with ``ref_src=``): an
    address the platform's widget made, not a citation.
    """
    patterns = ctx.param("parameters", DEFAULT_TRACKING)
    own: frozenset[str] | None = None
    for link, refs in ctx.citations():
        if link.malformed or "?" not in link.url:
            continue
        clean, removed = strip_tracking(link.url, patterns)
        if not removed:
            continue
        if link.host is None:
            continue  # a relative link: the site's own
        own = own_hosts(ctx.doc, ctx.base_url, ctx.links) if own is None else own
        if same_site(link.host, own):
            continue
        if any(is_affiliate(link.url, rel_of(ctx.doc, r)) for r in refs):
            continue
        if own_campaign(link.url, own):
            continue  # the site tagged its own outbound link (a donate page, a sister site)
        if all(r.embedded for r in refs):
            continue  # an embedded post's permalink: the embed code added them, not the writer
        if platform_of(link.host) is not None and post_kind(link.url) is None:
            continue  # a share or follow button's address: the platform's widget wrote them
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
