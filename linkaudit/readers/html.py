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
    carousel,
    counter_label,
    furniture_heading,
    headline_feed,
    hint_text,
    image_link,
    in_prose,
    is_control,
    listing_block,
    paid_block,
    promo_anchor,
    promo_link,
    promo_list,
    sponsored_link,
    teaser_card,
    thumbnail_teaser,
)
from linkaudit.readers.savedpage import busiest_host, site_url
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
_Cache = dict[int, _Verdict]
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


def _says(node: Tag, site_host: str | None, depth: int = 0) -> _Verdict | None:
    """What ``node`` alone says about the region of the links inside it, or None."""
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
    if depth > FURNITURE_MAX_DEPTH:
        return None
    if (
        furniture_heading(node) is not None
        or promo_list(node, site_host)
        or carousel(node)
        or paid_block(node)
        or listing_block(node)
        or thumbnail_teaser(node)
        or headline_feed(node, site_host)
    ):
        return Region.CHROME, True
    return None


def _verdict(
    tag: Tag, has_body_container: bool, cache: _Cache, site_host: str | None = None
) -> _Verdict:
    """Walk up from ``tag``: the first container that says body or chrome decides."""
    path: list[Tag] = []
    verdict: _Verdict | None = None
    node: Any = tag.parent
    while isinstance(node, Tag) and node.name not in ("body", "html", "[document]"):
        cached = cache.get(id(node))
        if cached is not None:
            verdict = cached
            break
        path.append(node)
        verdict = _says(node, site_host, len(path))
        if verdict is not None:
            break
        node = node.parent
    if verdict is None:
        verdict = (Region.CHROME if has_body_container else Region.BODY), False
    for p in path:
        cache[id(p)] = verdict
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


def _site_host(soup: BeautifulSoup, base_url: str | None) -> str | None:
    """The page's own host (its address, canonical or og:url), for telling its links apart."""
    candidates: list[object] = [base_url]
    canonical = soup.find("link", rel="canonical")
    if isinstance(canonical, Tag):
        candidates.append(canonical.get("href"))
    og = soup.find("meta", property="og:url")
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
    return busiest_host(soup)  # none declared: the site its own links mostly go to


def _has_body_container(soup: BeautifulSoup) -> bool:
    if soup.find(["article", "main"]) or soup.find(itemprop="articleBody"):
        return True
    return soup.find(class_=_BODY_HINT) is not None


def html_links(
    raw: str,
    soup: BeautifulSoup | None = None,
    *,
    base_url: str | None = None,
    positions: TextMap | None = None,
    line_offset: int = 0,
    first_line_col_offset: int = 0,
) -> list[LinkRef]:
    """Every link element in ``raw`` as a `LinkRef`, in document order with source positions."""
    soup = soup if soup is not None else parse_html(raw)
    positions = positions or TextMap.of(raw)
    occurrences = _attr_occurrences(raw)
    cursor = 0
    region_cache: _Cache = {}
    embed_cache: dict[int, bool] = {}
    has_container = _has_body_container(soup)
    site_host = _site_host(soup, base_url)
    refs: list[LinkRef] = []
    for tag in soup.find_all(list(_LINK_TAGS)):
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
                img = tag.find("img")
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


def _iter_body_strings(soup: BeautifulSoup, has_container: bool) -> Iterator[NavigableString]:
    cache: _Cache = {}
    root = soup.body or soup
    for s in root.find_all(string=True):
        if isinstance(s, Comment) or not s.strip():
            continue
        parent = s.parent
        if parent is None or parent.name in _SKIP_TEXT:
            continue
        if _inside(parent, ("pre", "code", "svg", "template", "noscript")):
            continue
        probe = parent if parent.name not in ("html", "[document]") else None
        if probe is not None:
            if probe.name in _BODY_TAGS or probe.get("itemprop") == "articleBody":
                yield s
                continue
            if _region_of_or_self(probe, has_container, cache) is Region.CHROME:
                continue
        yield s


def _region_of_or_self(tag: Tag, has_container: bool, cache: _Cache) -> Region:
    name = tag.name
    role = tag.get("role")
    if name in _CHROME_TAGS or (isinstance(role, str) and role in _CHROME_ROLES):
        return Region.CHROME
    hint = _classes(tag)
    if hint and _CHROME_HINT.search(hint) and not _BODY_HINT.search(hint):
        return Region.CHROME
    return _region_of(tag, has_container, cache)


def _body_text(raw: str, soup: BeautifulSoup, positions: TextMap) -> TextMap:
    """The piece's own text, one source line to a line, anchored back to the source."""
    has_container = _has_body_container(soup)
    parts: list[str] = []
    anchors: list[tuple[int, int, int]] = []
    length = 0
    cursor = 0
    last_line = 0
    for s in _iter_body_strings(soup, has_container):
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


def _meta(soup: BeautifulSoup, raw: str) -> DocMeta:
    dates: dict[str, str] = {}
    title = None
    url = None
    for m in soup.find_all("meta"):
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
    for t in soup.find_all("time", limit=_TIME_TAGS_READ):
        value = t.get("datetime")
        holder = t.find_parent(["header", "article"])
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
    if title is None and soup.title and soup.title.string:
        title = " ".join(soup.title.string.split())
    json_ld: list[Mapping[str, Any]] = []
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
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
    html_tag = soup.find("html")
    lang = html_tag.get("lang") if isinstance(html_tag, Tag) else None
    canonical = soup.find("link", rel="canonical")
    if url is None and isinstance(canonical, Tag) and isinstance(canonical.get("href"), str):
        url = str(canonical.get("href"))
    site, site_source, saved_mark = site_url(soup, raw, json_ld)
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
    base_tag = soup.find("base", href=True)
    if isinstance(base_tag, Tag) and isinstance(base_tag.get("href"), str):
        base = page_base(page_url, str(base_tag.get("href")))
    refs = html_links(raw, soup, base_url=base, positions=positions)
    text = _body_text(raw, soup, positions)
    titles = find_title_lines(text)
    tied_refs, tied_titles = attach_titles(refs, titles, raw)
    return Document(
        source=source,
        format="html",
        raw=raw,
        text=text,
        refs=tied_refs,
        meta=_meta(soup, raw),
        titles=tied_titles,
    )
