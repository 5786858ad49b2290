"""HTML: links with source positions and regions, metadata, and the body text for date work.

BeautifulSoup with lxml builds the tree (it survives scripts, SVG, templates, comments, broken
markup and deep nesting). lxml through BeautifulSoup keeps no source positions, so positions come
from one regex pass over the raw source: every ``href=``/``src=`` attribute value with its offset,
matched in document order to the tree's elements.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bs4 import (
    BeautifulSoup,
    Comment,
    MarkupResemblesLocatorWarning,
    NavigableString,
    Tag,
    XMLParsedAsHTMLWarning,
)

from linkaudit.extract.platforms import post_kind
from linkaudit.extract.titles import attach_titles, find_title_lines
from linkaudit.extract.urls import find_urls, join_url, page_base
from linkaudit.model import DocMeta, Document, LinkRef, Region, TextMap
from linkaudit.readers.common import mask_spans
from linkaudit.readers.embeds import embed_root
from linkaudit.readers.furniture import (
    FURNITURE_HINT,
    LIST_BLOCKS,
    ListBlock,
    carousel,
    counter_label,
    furniture_heading,
    hint_text,
    image_link,
    in_prose,
    is_control,
    list_block,
    listing_block,
    paid_block,
    promo_anchor,
    promo_link,
    promo_list,
    sponsored_link,
    teaser_card,
)
from linkaudit.readers.savedpage import site_url
from linkaudit.readers.tree import attr_is, find_parent, find_tag, find_tags, strings
from linkaudit.settings import FURNITURE_MAX_DEPTH

__all__ = ["read_html", "html_links", "parse_html"]

# Where link attributes stand in the source: only inside the start tags of link elements, and
# never inside comments, scripts or styles (those are blanked first, offsets kept).
_HIDDEN = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|template)\b[^>]*>.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL
)
_LINK_TAG = re.compile(
    r"""<(a|area|img|iframe|link)\b((?:[^>"']|"[^"]*"|'[^']*')*)>?""", re.IGNORECASE
)
_ATTR = re.compile(
    r"""(?:^|\s)(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)
_LINK_TAGS = {"a": "href", "area": "href", "img": "src", "iframe": "src", "link": "href"}
_ELEMENT_KIND = {"a": "a", "area": "a", "img": "img", "iframe": "iframe", "link": "canonical"}
_BODY_TAGS = frozenset({"article", "main"})
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
_CHROME_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search"}
)
_CHROME_HINT = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|header|footer|sidebar|side-bar|aside|related|"
    r"recommend\w*|most-?read|most-?popular|popular|trending|share|sharing|social|comments?|"
    r"breadcrumbs?|newsletter|promo|subscribe|widget|tags|more-stories|read-next|outbrain|taboola)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
_BODY_HINT = re.compile(
    r"(?:^|[\s_-])(?:article-?body|story-?body|post-?content|entry-content)(?:$|[\s_-])", re.I
)
_SKIP_TEXT = frozenset(
    {"script", "style", "template", "noscript", "svg", "head", "title", "code", "pre"}
)
_DATE_META_KEYS = frozenset(
    {
        "article:published_time",
        "article:modified_time",
        "og:published_time",
        "og:updated_time",
        "datepublished",
        "datemodified",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "dcterms.date",
        "pubdate",
        "publishdate",
        "publish-date",
        "published_time",
        "sailthru.date",
        "parsely-pub-date",
        "last-modified",
    }
)
_SEARCH_WINDOW = 65536
# Tag names looked for (as the sets `linkaudit.readers.tree` takes).
_IMG = frozenset({"img"})
_BODY = frozenset({"body"})
_TIME_HOLDERS = frozenset({"header", "article"})
_JSON_LD = "application/ld+json"


#: bs4's warnings about what it was handed, printed to stderr, that say nothing a user can act
#: on: a document that is just a URL or a file name is still a document, and an XHTML page
#: (``<?xml ...?>`` before ``<html>``) is read as HTML on purpose, as browsers read it.
_QUIET_WARNINGS = (MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning)


def parse_html(raw: str, parser: str = "lxml") -> BeautifulSoup:
    """The tree of an HTML page (``parser`` as bs4 names it), without bs4's chatter."""
    with warnings.catch_warnings():
        for kind in _QUIET_WARNINGS:
            warnings.simplefilter("ignore", kind)
        return BeautifulSoup(raw, parser)


def _attr_occurrences(raw: str) -> list[tuple[int, str, str, str]]:
    """``(offset of the value, tag, attribute, decoded value)`` for every link attribute."""
    visible = _HIDDEN.sub(lambda m: " " * len(m.group(0)), raw) if "<" in raw else raw
    out = []
    for tag in _LINK_TAG.finditer(visible):
        attrs_start = tag.start(2)
        for m in _ATTR.finditer(tag.group(2)):
            for group in (2, 3, 4):
                if m.group(group) is not None:
                    value, start = m.group(group), m.start(group)
                    break
            out.append(
                (
                    attrs_start + start,
                    tag.group(1).lower(),
                    m.group(1).lower(),
                    htmllib.unescape(value).strip(),
                )
            )
    return out


def _inside(tag: Tag, names: tuple[str, ...], limit: int = 64) -> bool:
    """Whether an ancestor within ``limit`` levels is one of ``names`` (bounded: no deep walks)."""
    node = tag.parent
    for _ in range(limit):
        if not isinstance(node, Tag):
            return False
        if node.name in names:
            return True
        node = node.parent
    return False


def _classes(tag: Tag) -> str:
    cls = tag.get("class")
    joined = " ".join(cls) if isinstance(cls, list) else (cls or "")
    return f"{joined} {tag.get('id') or ''}".strip()


# What a node says about the links under it: (region, soft). "Soft" chrome is inferred from the
# structure (a block heading such as "Read more", a list of the site's own links): a link in
# running prose inside such a block is still a citation. Chrome the site marked itself (nav,
# header, aside, a role, class/id/data-* tokens such as "comments" or "related") is firm.
_Verdict = tuple[Region, bool]


class _Said:
    """What one element says of its region whoever asks, worked out once per page: its own
    marks (`_marked`), and, when asked, whether it is furniture by its structure. Both passes
    over a page (its links, its text) ask about the same elements; only the promo-list check
    depends on the page's host, which the passes may know differently."""

    __slots__ = ("marked", "heading", "listed", "promo", "other")

    def __init__(self, node: Tag) -> None:
        self.marked = _marked(node)
        self.heading: bool | None = None
        self.listed: ListBlock | None = None
        self.promo: dict[str | None, bool] = {}
        self.other: bool | None = None

    def furniture(self, node: Tag, site_host: str | None) -> bool:
        """Chrome by its structure: a furniture heading, a promo list, a carousel, a paid
        block, a listing of the site's entries."""
        if self.heading is None:
            self.heading = furniture_heading(node) is not None
        if self.heading:
            return True
        if self.listed is None and node.name in LIST_BLOCKS:
            self.listed = list_block(node)  # read once for the promo and the paid checks
        promo = self.promo.get(site_host)
        if promo is None:
            promo = self.promo[site_host] = promo_list(node, site_host, self.listed)
        if promo:
            return True
        if self.other is None:
            self.other = carousel(node) or paid_block(node, self.listed) or listing_block(node)
        return self.other


class _Cache:
    """One pass's verdicts per element (they depend on where the walk up started), and the
    page's `_Said` per element, shared by the passes."""

    __slots__ = ("verdicts", "said")

    def __init__(self, said: dict[int, _Said] | None = None) -> None:
        self.verdicts: dict[int, _Verdict] = {}
        self.said = said if said is not None else {}


#: An <article> this close below a list item is a teaser card in a list of stories.
_TEASER_DEPTH = 3
#: How far up from an <article> the site's navigation is looked for.
_NAV_DEPTH = 8
_TEASER_HINT = re.compile(
    r"(?:^|[\s_-])(?:teasers?|promos?|related|recommend\w*|cards?|tout|recirc\w*|comments?)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)


#: A class token naming a site's navigation ("main-nav", "flyout-nav", "megamenu").
_NAV_TOKEN = re.compile(r"^(?:[\w-]*[_-])?(?:nav|navbar|navigation|menu|megamenu|flyout)$", re.I)


def _in_site_navigation(node: Tag) -> bool:
    """``node`` sits in the site's navigation (a mega-menu showing story cards): a few levels
    up stands a nav/header/footer/aside element, a navigation role, or a class named so."""
    parent = node.parent
    for _ in range(_NAV_DEPTH):
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
            return False
        role = parent.get("role")
        if parent.name in _CHROME_TAGS or (isinstance(role, str) and role in _CHROME_ROLES):
            return True
        cls = parent.get("class")
        if isinstance(cls, list) and any(_NAV_TOKEN.match(c) for c in cls):
            return True
        parent = parent.parent
    return False


def _says(
    node: Tag, site_host: str | None, depth: int = 0, said: dict[int, _Said] | None = None
) -> _Verdict | None:
    """What ``node`` alone says about the region of the links inside it, or None
    (``said``: the page's `_Said` per element, filled as elements are asked about)."""
    known = said.get(id(node)) if said is not None else None
    if known is None:
        known = _Said(node)
        if said is not None:
            said[id(node)] = known
    if known.marked is not None:
        return known.marked
    if depth > FURNITURE_MAX_DEPTH:
        return None
    return (Region.CHROME, True) if known.furniture(node, site_host) else None


def _marked(node: Tag) -> _Verdict | None:
    """What ``node``'s own name and attributes say (firmly), or None."""
    name = node.name
    if name == "article" and (
        _inside(node, ("article",))
        or _inside(node, ("li",), _TEASER_DEPTH)
        or _TEASER_HINT.search(hint_text(node))
        or _in_site_navigation(node)
        or teaser_card(node)
    ):
        return Region.CHROME, False  # a teaser or a comment, not the piece itself
    if (
        name in _BODY_TAGS
        or node.get("itemprop") == "articleBody"
        or _BODY_HINT.search(_classes(node))
    ):
        return Region.BODY, False
    role = node.get("role")
    if name in _CHROME_TAGS or (isinstance(role, str) and role in _CHROME_ROLES):
        return Region.CHROME, False
    hint = _classes(node)
    words = hint_text(node)  # camelCase split: "contentsFooter", "globalNav"
    if (
        (hint and _CHROME_HINT.search(hint))
        or _CHROME_HINT.search(words)
        or FURNITURE_HINT.search(words)
    ):
        return Region.CHROME, False  # the site marked the block itself
    return None


def _verdict(
    tag: Tag, has_body_container: bool, cache: _Cache, site_host: str | None = None
) -> _Verdict:
    """Walk up from ``tag``: the first container that says body or chrome decides."""
    path: list[Tag] = []
    verdict: _Verdict | None = None
    node: Any = tag.parent
    while isinstance(node, Tag) and node.name not in ("body", "html", "[document]"):
        cached = cache.verdicts.get(id(node))
        if cached is not None:
            verdict = cached
            break
        path.append(node)
        verdict = _says(node, site_host, len(path), cache.said)
        if verdict is not None:
            break
        node = node.parent
    if verdict is None:
        verdict = (Region.CHROME if has_body_container else Region.BODY), False
    for p in path:
        cache.verdicts[id(p)] = verdict
    return verdict


def _region_of(
    tag: Tag, has_body_container: bool, cache: _Cache, site_host: str | None = None
) -> Region:
    return _verdict(tag, has_body_container, cache, site_host)[0]


def _link_region(
    tag: Tag, url: str, has_body_container: bool, cache: _Cache, site_host: str | None
) -> Region:
    """A link's region: its containers' word, its own promo parameters, and prose."""
    region, soft = _verdict(tag, has_body_container, cache, site_host)
    if region is Region.BODY:
        paid = promo_link(url) or image_link(tag, url) or sponsored_link(tag)
        paid = paid or (promo_anchor(tag) and not in_prose(tag))
        counter = counter_label(tag.get_text(" ", strip=True))
        return Region.CHROME if paid or counter else Region.BODY
    if soft and in_prose(tag) and not promo_link(url):
        return Region.BODY
    return region


def _embed_region(
    embed: Tag, url: str, has_body_container: bool, cache: _Cache, site_host: str | None
) -> Region:
    """A link inside an embedded post: the post's own permalink is what the writer cites
    (where the embed stands in the piece); the platform's other links (its picture link,
    the author's profile, hashtags) are furniture."""
    region, _soft = _verdict(embed, has_body_container, cache, site_host)
    if region is Region.CHROME:
        return Region.CHROME  # the embed stands in the page's furniture
    return Region.BODY if post_kind(url) else Region.CHROME


def _site_host(index: _Index, base_url: str | None) -> str | None:
    """The page's own host (its address, canonical or og:url), for telling its links apart."""
    candidates: list[object] = [base_url]
    canonical = _first(index.named["link"], "rel", "canonical")
    if isinstance(canonical, Tag):
        candidates.append(canonical.get("href"))
    og = _first(index.named["meta"], "property", "og:url")
    if isinstance(og, Tag):
        candidates.append(og.get("content"))
    for value in candidates:
        if isinstance(value, str) and value.lower().startswith(("http://", "https://")):
            try:
                host = (urlsplit(value).hostname or "").lower()
            except ValueError:  # "http://[::1": no address to read a host from
                continue
            if host:
                return host[4:] if host.startswith("www.") else host
    return None


@dataclass(frozen=True, slots=True)
class _Index:
    """What the reader looks up in a whole page, from one walk of it: the tags of the names
    in `_INDEXED` and the link elements, each in document order, and whether the page has an
    article container (`_has_body_container`). A page was walked once per question before."""

    named: dict[str, list[Tag]]
    links: list[Tag]
    has_container: bool
    said: dict[int, _Said] = field(default_factory=dict)  # filled by the passes, see `_Said`


#: The tag names `_Index` keeps (meta, time, JSON-LD and the page's own address).
_INDEXED = ("meta", "link", "time", "script", "base", "title", "html", "body")


def _index(soup: BeautifulSoup) -> _Index:
    named: dict[str, list[Tag]] = {name: [] for name in _INDEXED}
    links: list[Tag] = []
    has_container = False
    for tag in find_tags(soup):
        names = (tag.name, f"{tag.prefix}:{tag.name}") if tag.prefix else (tag.name,)
        for name in names:
            if name in named:
                named[name].append(tag)
        if any(name in _LINK_TAGS for name in names):
            links.append(tag)
        if not has_container:
            has_container = _is_body_container(tag, names)
    return _Index(named, links, has_container)


def _first(tags: list[Tag], attr: str, value: str) -> Tag | None:
    """The first of ``tags`` whose ``attr`` is ``value`` (``soup.find(name, {attr: value})``)."""
    for tag in tags:
        if attr_is(tag, attr, value):
            return tag
    return None


def _class_matches(tag: Tag, pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` is found in one of ``tag``'s classes or in them joined, as bs4's
    ``find(class_=pattern)`` matches."""
    cls = tag.get("class")
    if cls is None:
        return False
    values = cls if isinstance(cls, list) else [cls]
    if any(pattern.search(v) for v in values):
        return True
    return len(values) != 1 and pattern.search(" ".join(values)) is not None


def _is_body_container(tag: Tag, names: tuple[str, ...]) -> bool:
    """An <article>, <main>, ``itemprop="articleBody"`` or a class naming the article body
    (``names``: the tag's name, and its prefixed name if it has a prefix)."""
    if any(name in _BODY_TAGS for name in names):
        return True
    return attr_is(tag, "itemprop", "articleBody") or _class_matches(tag, _BODY_HINT)


def _has_body_container(soup: BeautifulSoup) -> bool:
    """Such a container anywhere in the page."""
    return _index(soup).has_container


def html_links(
    raw: str,
    soup: BeautifulSoup | None = None,
    *,
    base_url: str | None = None,
    positions: TextMap | None = None,
    line_offset: int = 0,
    first_line_col_offset: int = 0,
    index: _Index | None = None,
) -> list[LinkRef]:
    """Every link element in ``raw`` as a `LinkRef`, in document order with source positions
    (``index``: the `_index` of ``soup``, when the caller has it)."""
    soup = soup if soup is not None else parse_html(raw)
    positions = positions or TextMap.of(raw)
    occurrences = _attr_occurrences(raw)
    cursor = 0
    embed_cache: dict[int, bool] = {}
    index = index if index is not None else _index(soup)
    region_cache = _Cache(index.said)
    has_container = index.has_container
    site_host = _site_host(index, base_url)
    refs: list[LinkRef] = []
    for tag in index.links:
        attr = _LINK_TAGS[tag.name]
        value = tag.get(attr)
        if not isinstance(value, str):
            continue
        if tag.name == "link":
            rel: Any = tag.get("rel") or []
            if "canonical" not in (rel if isinstance(rel, list) else [rel]):
                continue
        value = value.strip()
        if not value:
            continue
        offset = None
        for j in range(cursor, min(cursor + 200, len(occurrences))):
            _at, tag_name, attr_name, written = occurrences[j]
            if tag_name == tag.name and attr_name == attr and written == value:
                offset = occurrences[j][0]
                cursor = j + 1
                break
        if offset is None:
            offset = occurrences[cursor - 1][0] if cursor else 0
        line, column = positions.position(offset)
        if line == 1:
            column += first_line_col_offset
        line += line_offset
        url = join_url(base_url, value)
        text = None
        if tag.name in ("a", "area"):
            title_attr = tag.get("title")
            text = " ".join(tag.get_text(" ", strip=True).split()) or None
            if text is None and isinstance(title_attr, str):
                text = title_attr
            if not text:
                img = find_tag(tag, _IMG)
                alt = img.get("alt") if isinstance(img, Tag) else None
                text = alt if isinstance(alt, str) and alt else None
        elif tag.name == "img":
            alt = tag.get("alt")
            text = alt if isinstance(alt, str) and alt else None
        in_code = _inside(tag, ("code", "pre"))
        control = tag.name in ("a", "area") and is_control(tag, value)
        embed = embed_root(tag, embed_cache) if tag.name in ("a", "area") else None
        if tag.name == "link" or control:
            region = Region.CHROME
        elif embed is not None:
            region = _embed_region(embed, url, has_container, region_cache, site_host)
        else:
            region = _link_region(tag, url, has_container, region_cache, site_host)
            # an in-page link of the page's furniture ("#comments" on a sign-in button, a
            # menu's "#site-index") serves the site's scripts, not the article
            control = (
                tag.name in ("a", "area") and value.startswith("#") and region is Region.CHROME
            )
        refs.append(
            LinkRef(
                url=url,
                line=line,
                column=column,
                text=text,
                element=_ELEMENT_KIND[tag.name],
                region=region,
                in_code=in_code,
                control=control,
                embedded=embed is not None,
            )
        )
    return refs


def _iter_body_strings(
    soup: BeautifulSoup, has_container: bool, index: _Index | None = None
) -> Iterator[NavigableString]:
    cache = _Cache(index.said if index is not None else None)
    kept: dict[int, bool] = {}  # per parent element: the strings of one parent share its fate
    bodies = index.named["body"] if index is not None else [find_tag(soup, _BODY)]
    root = bodies[0] if bodies and bodies[0] is not None else soup
    for s in strings(root):
        if isinstance(s, Comment) or not s.strip():
            continue
        parent = s.parent
        if parent is None or parent.name in _SKIP_TEXT:
            continue
        keep = kept.get(id(parent))
        if keep is None:
            keep = kept[id(parent)] = _text_kept(parent, has_container, cache)
        if keep:
            yield s


def _text_kept(parent: Tag, has_container: bool, cache: _Cache) -> bool:
    """Whether the text directly inside ``parent`` is the piece's own (not code, not chrome).
    The same for every string of one parent: a region, once worked out, is cached."""
    if _inside(parent, ("pre", "code", "svg", "template", "noscript")):
        return False
    probe = parent if parent.name not in ("html", "[document]") else None
    if probe is not None:
        if probe.name in _BODY_TAGS or probe.get("itemprop") == "articleBody":
            return True
        if _region_of_or_self(probe, has_container, cache) is Region.CHROME:
            return False
    return True


def _region_of_or_self(tag: Tag, has_container: bool, cache: _Cache) -> Region:
    name = tag.name
    role = tag.get("role")
    if name in _CHROME_TAGS or (isinstance(role, str) and role in _CHROME_ROLES):
        return Region.CHROME
    hint = _classes(tag)
    if hint and _CHROME_HINT.search(hint) and not _BODY_HINT.search(hint):
        return Region.CHROME
    return _region_of(tag, has_container, cache)


def _body_text(raw: str, soup: BeautifulSoup, positions: TextMap, index: _Index) -> TextMap:
    """The piece's own text, one source line to a line, anchored back to the source."""
    parts: list[str] = []
    anchors: list[tuple[int, int, int]] = []
    length = 0
    cursor = 0
    last_line = 0
    for s in _iter_body_strings(soup, index.has_container, index):
        piece = " ".join(str(s).split())
        if not piece:
            continue
        probe = piece[:40]
        found = raw.find(probe, cursor, cursor + _SEARCH_WINDOW)
        if found == -1:
            first_word = piece.split(" ", 1)[0]
            found = raw.find(first_word, cursor, cursor + _SEARCH_WINDOW)
        if found != -1:
            cursor = found + len(probe)
            line, col = positions.position(found)
        else:
            line, col = positions.position(min(cursor, max(len(raw) - 1, 0)))
        if parts:
            sep = "\n" if line != last_line else " "
            parts.append(sep)
            length += 1
        anchors.append((length, line, col))
        parts.append(piece)
        length += len(piece)
        last_line = line
    text = "".join(parts)
    # URLs shown as text ("https://site/2026/06/14/...") must not be read as dates.
    text = mask_spans(text, [(start, end) for start, end, _ in find_urls(text)])
    # Text pieces are single-line; anchors carry the lines, separators are not source text.
    return TextMap(text, tuple(anchors) or ((0, 1, 1),), ())


#: The words that label a <time> as the page's update, just before it ("Last updated", "Mis à
#: jour le", "Aktualisiert am").
_UPDATE_LABEL = re.compile(
    r"(?:updated?|edited|modified|aktualisiert|mis\s+à\s+jour|обновлено|actualizado|aggiornato)"
    r"(?:\s+(?:on|at|am|le|el|il))?\W{0,3}$",
    re.IGNORECASE,
)
_UPDATE_LABEL_CHARS = 40
_TIME_TAGS_READ = 64  # <time> elements looked at for the page's dates (a listing has many)


def _update_label(time_tag: Tag) -> bool:
    """Whether the text just before ``time_tag`` labels it as the page's update."""
    before = time_tag.previous_sibling
    text = str(before) if isinstance(before, NavigableString) else ""
    if not text.strip() and isinstance(before, Tag):
        text = before.get_text(" ", strip=True)
    return bool(_UPDATE_LABEL.search(" ".join(text.split())[-_UPDATE_LABEL_CHARS:]))


def _meta(soup: BeautifulSoup, raw: str, index: _Index) -> DocMeta:
    dates: dict[str, str] = {}
    title = None
    url = None
    for m in index.named["meta"]:
        key = m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv")
        content = m.get("content")
        if not isinstance(key, str) or not isinstance(content, str):
            continue
        lk = key.strip().lower()
        if lk in _DATE_META_KEYS and lk not in dates:
            dates[lk] = content.strip()
        elif lk == "og:title" and title is None:
            title = content.strip()
        elif lk == "og:url" and url is None:
            url = content.strip()
    owner: Tag | None = None  # the header or article holding the publication <time>
    for t in index.named["time"][:_TIME_TAGS_READ]:
        value = t.get("datetime")
        holder = find_parent(t, _TIME_HOLDERS)
        if not isinstance(value, str) or not value.strip() or holder is None:
            continue
        if owner is not None and holder is not owner:
            break  # another block's times (a teaser's "Updated ...") say nothing of this page
        # "Last updated <time ...>" beside the publication date: the page's update
        key = "time:modified" if _update_label(t) else "time:datetime"
        if key in dates:
            continue
        dates[key] = value.strip()
        if key == "time:datetime":
            owner = holder
        if "time:datetime" in dates and "time:modified" in dates:
            break
    titles = index.named["title"] if title is None else []
    title_tag = titles[0] if titles else None
    if title_tag is not None and title_tag.string:
        title = " ".join(title_tag.string.split())
    json_ld: list[Mapping[str, Any]] = []
    for script in (s for s in index.named["script"] if attr_is(s, "type", _JSON_LD)):
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict):
                graph = item.get("@graph")
                json_ld.extend(
                    g for g in (graph if isinstance(graph, list) else [item]) if isinstance(g, dict)
                )
    for item in json_ld:
        for key in ("datePublished", "dateModified", "dateCreated"):
            value = item.get(key)
            if isinstance(value, str) and f"jsonld:{key}" not in dates:
                dates[f"jsonld:{key}"] = value
    html_tag = index.named["html"][0] if index.named["html"] else None
    lang = html_tag.get("lang") if isinstance(html_tag, Tag) else None
    canonical = _first(index.named["link"], "rel", "canonical")
    if url is None and isinstance(canonical, Tag) and isinstance(canonical.get("href"), str):
        url = str(canonical.get("href"))
    site, site_source, saved_mark = site_url(soup, raw, json_ld, index.named)
    return DocMeta(
        title=title,
        url=url,
        lang=lang if isinstance(lang, str) else None,
        dates=dates,
        json_ld=tuple(json_ld),
        raw_html=raw,
        site_url=site,
        site_url_source=site_source,
        saved_mark=saved_mark,
    )


def read_html(source: str, raw: str, *, page_url: str | None = None) -> Document:
    """Read an HTML article (a file, or a page fetched from ``page_url``)."""
    soup = parse_html(raw)
    positions = TextMap.of(raw)
    base = page_url
    index = _index(soup)
    base_tag = next((t for t in index.named["base"] if t.get("href") is not None), None)
    if isinstance(base_tag, Tag) and isinstance(base_tag.get("href"), str):
        base = page_base(page_url, str(base_tag.get("href")))
    refs = html_links(raw, soup, base_url=base, positions=positions, index=index)
    text = _body_text(raw, soup, positions, index)
    titles = find_title_lines(text)
    tied_refs, tied_titles = attach_titles(refs, titles, raw)
    return Document(
        source=source,
        format="html",
        raw=raw,
        text=text,
        refs=tied_refs,
        meta=_meta(soup, raw, index),
        titles=tied_titles,
    )
