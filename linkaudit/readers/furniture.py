"""Page furniture inside the article: blocks whose links are the site's, not the writer's.

News and blog pages put "related", "read next", "more from", recommended and most-read lists,
newsletter sign-ups, video playlists, tag lists, author boxes, share bars and image-credit or
lightbox links *inside* ``<article>``. Their links are not citations. They are recognised by
what any site, in any language, writes about them, never by a list of sites:

- the tokens of their ``class``, ``id``, ``data-*``, ``aria-label`` and ``role`` attributes
  (``c-related-links``, ``RecommendedStories``, ``data-component="newsletter-promo"``);
- the heading that introduces the block ("Related", "Lesen Sie auch", "À lire aussi",
  "Leer más", "Читайте также" ...);
- a list of links to the page's own site with next to no other text (a promo list; a list of
  *other* sites' pages is a list of sources, and stays citations);
- parameters sites add to their internal promo links (``?ref=related``, ``utm_medium=related``,
  ``int_source=``, ``#related``);
- paid blocks: a short list of links labelled as paid ("Paid Partner", "Sponsored", "Anzeige",
  "Publicidad", "Реклама", "广告"), the label in the block's header even when it stands beside
  the list rather than above its links; carousels, sliders and rotators of teasers; a link
  around a sponsor's logo;
- links whose whole text is a counter of the site's ("2.8k comments", "View discussions in 3
  other communities", "12 Kommentare"), and media widgets: a link around a picture marked as
  an image or gallery whose only words are its labels ("Launch gallery", a credit).

Pure functions over a BeautifulSoup tag or a URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from bs4 import NavigableString, Tag

from linkaudit.readers.tree import find_tag, find_tags, previous_tag, strings
from linkaudit.settings import (
    COUNTER_LABEL_MAX_CHARS,
    FURNITURE_HEADING_MAX_CHARS,
    FURNITURE_LIST_MAX_CHARS,
    FURNITURE_LIST_MAX_LINKS,
    FURNITURE_LIST_MIN_LINK_SHARE,
    FURNITURE_LIST_MIN_LINKS,
    FURNITURE_LIST_MIN_OWN_SHARE,
    FURNITURE_PROSE_DEPTH,
    FURNITURE_TEXT_MAX_NODES,
    IMAGE_LINK_MAX_LABEL_WORDS,
    LISTING_MAX_CHARS,
    LISTING_MAX_OTHER_CHARS_PER_LINK,
    PAID_LABEL_MAX_CHARS,
    PAID_LABEL_MAX_OTHER_WORDS,
    PROSE_MIN_CHARS,
    TEASER_CARD_MAX_CHARS,
    TEASER_CARD_SIBLING_DEPTH,
)

__all__ = [
    "capped_text",
    "counter_label",
    "hint_text",
    "FURNITURE_HINT",
    "furniture_heading",
    "promo_link",
    "promo_list",
    "list_block",
    "ListBlock",
    "in_prose",
    "is_control",
    "image_link",
    "paid_block",
    "carousel",
    "sponsored_link",
    "listing_block",
    "teaser_card",
    "promo_anchor",
]

_ANCHOR = frozenset({"a"})
_IMG = frozenset({"img"})
_ARTICLE = frozenset({"article"})
_MEDIA = frozenset({"img", "picture", "video"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_DATA_VALUE_MAX = 60

#: Attribute tokens that name furniture (after camelCase is split and case folded).
FURNITURE_HINT = re.compile(
    r"(?:^|[\s_-])(?:related|recommend\w*|recirc\w*|teasers?|promos?|newsletters?|subscribe|"
    r"subscription|signup|sign-up|playlists?|more-(?:from|on|stories|news|like-this)|"
    r"read-(?:next|more|also)|up-next|also-read|see-also|outbrain|taboola|plista|"
    r"tags?|tag-?list|keywords|topics-?list|byline|author|authors|author-?bio|bio|share|"
    r"sharing|social|breadcrumbs?|sponsored|sponsor|ads?|advert\w*|most-?read|"
    r"most-?popular|popular|trending|credits?|lightbox|rail|recirculation|"
    r"next-?article|prev-?article|pagination|pager|learn-?more|referr?er\w*|trackbacks?|"
    r"pingbacks?|backlinks?)(?:$|[\s_-])",
    re.IGNORECASE,
)

#: Headings that introduce furniture, in several languages (compared case-folded, at the start).
_HEADING = re.compile(
    r"^\W*(?:"
    # English
    r"related|more (?:from|on|about|stories|news|in|like this)|read (?:more|next|also)|"
    r"also read|see also|you (?:may|might) (?:also )?(?:like|enjoy)|recommended|"
    r"most (?:read|popular|viewed|shared)|trending|popular now|up next|latest (?:news|stories)|"
    r"top stories|sign up|subscribe|newsletter|don.t miss|further reading on our site|"
    # German
    r"lesen sie (?:auch|mehr)|mehr (?:zum thema|aus|von|über|zu)|auch interessant|"
    r"das könnte sie (?:auch )?interessieren|weitere artikel|meistgelesen|empfohlen|"
    r"verwandte artikel|zum thema|"
    # French
    r"[àa] lire (?:aussi|également)|lire aussi|voir aussi|sur le même (?:sujet|thème)|"
    r"les plus lus|[àa] voir aussi|nos articles|dans la même rubrique|"
    # Spanish, Portuguese, Italian
    r"(?:le[ea]|leer) (?:más|también)|te puede interesar|también te puede interesar|más noticias|"
    r"lo más leído|noticias relacionadas|relacionad[oa]s?|leia (?:também|mais)|"
    r"veja também|mais lidas|leggi anche|potrebbe interessarti|"
    # Dutch, Scandinavian, Polish, Czech
    r"lees ook|ook interessant|läs också|les også|læs også|czytaj (?:także|też)|"
    r"přečtěte si (?:také|též)|čtěte (?:také|též)|související|"
    # Russian, Ukrainian
    r"читайте (?:также|також)|смотрите также|по теме|ещё по теме|популярное|"
    # Chinese, Japanese
    r"相关|延伸阅读|推荐阅读|热门|関連記事|おすすめ|あわせて読みたい"
    r")",
    re.IGNORECASE,
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "header", "strong", "b"})
LIST_BLOCKS = frozenset({"ul", "ol", "div", "section", "aside", "dl", "table"})
_PROMO_KEYS = frozenset(
    {"int_source", "int_medium", "int_campaign", "intcmp", "int_cmp", "icid", "itm_source",
     "itm_medium", "itm_campaign", "in_source", "rec_source"}
)  # fmt: skip
_PROMO_VALUE = re.compile(
    r"^(?:related|relatedarticles?|recommend\w*|rec|recirc\w*|promo|teaser|readnext|"
    r"read-next|more\w*|most-?read|popular|trending|newsletter|playlist|inline)$",
    re.IGNORECASE,
)
_PROMO_VALUE_KEYS = frozenset(
    {"ref", "src", "source", "utm_medium", "utm_source", "utm_content", "from"}
)
_PROMO_FRAGMENT = re.compile(r"^(?:related\w*|recommended|more-stories|read-next)$", re.I)
_CONTROL_FRAGMENTS = frozenset(
    {"", "0", "top", "main", "content", "main-content", "maincontent", "skip", "skip-link",
     "skip-to-content", "page", "site-index", "menu", "nav", "navigation", "search", "void"}
)  # fmt: skip
_CONTROL_ROLES = frozenset({"tab", "button", "menuitem", "switch", "option", "treeitem"})
_CONTROL_ATTRS = (
    "data-toggle", "data-bs-toggle", "aria-controls", "aria-expanded", "aria-haspopup",
    "onclick", "data-target", "data-bs-target", "data-action", "data-dismiss",
)  # fmt: skip
_CONTROL_HINT = re.compile(
    r"(?:^|[\s_-])(?:js|toggle|tab|tabs|modal|dropdown|lightbox|gallery|accordion|collapse|"
    r"close|cancel|open|expand|btn|button|trigger|popup|login|log-in|signin|sign-in)(?:$|[\s_-])",
    re.IGNORECASE,
)


def link_text_chars(anchors: Iterable[Tag]) -> int:
    """How much of a block's text is link text (each link's words, white space folded): the
    measure that tells a list of links from prose."""
    return sum(len(" ".join(a.get_text(" ", strip=True).split())) for a in anchors)


def hint_text(tag: Tag) -> str:
    """The words a tag's attributes say about it: class, id, role, aria-label, short data-*
    names and values; camelCase split (``RelatedLinks`` -> ``related-links``)."""
    parts: list[str] = []
    for name, value in tag.attrs.items():
        if name in ("class", "id", "role", "aria-label", "itemprop"):
            words = value if isinstance(value, list) else [str(value)]
            parts.extend(words)
        elif name.startswith("data-"):
            parts.append(name[5:])
            if isinstance(value, str) and len(value) <= _DATA_VALUE_MAX:
                parts.append(value)
    return " ".join(_CAMEL.sub("-", p) for p in parts if p)


def capped_text(tag: Tag, cap: int) -> str | None:
    """``tag``'s text with white space collapsed, or None when it is longer than ``cap`` or
    spans more than ``FURNITURE_TEXT_MAX_NODES`` nodes (read no further: a deep or huge
    subtree costs no more than that). Walks ``contents`` itself: bs4's ``stripped_strings``
    first finds the subtree's last node, a walk as deep as the nesting on every call."""
    types = tag.interesting_string_types or Tag.MAIN_CONTENT_STRING_TYPES
    parts: list[str] = []
    length = 0
    nodes = 0
    stack = [iter(tag.contents)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        nodes += 1
        if nodes > FURNITURE_TEXT_MAX_NODES:
            return None
        if isinstance(node, Tag):
            stack.append(iter(node.contents))
            continue
        if not isinstance(node, NavigableString):
            continue
        kind = type(node)
        if (kind is not types) if isinstance(types, type) else (kind not in types):
            continue
        piece = node.strip()
        if not piece:
            continue
        length += len(piece) + 1
        if length > cap + 1:
            return None
        parts.append(piece)
    return " ".join(" ".join(parts).split())


def _short_text(tag: Tag) -> str | None:
    text = capped_text(tag, FURNITURE_HEADING_MAX_CHARS)
    return text or None


def _is_heading(tag: Tag) -> bool:
    if tag.name in _HEADING_TAGS:
        return True
    if tag.name not in ("p", "div", "span"):
        return False
    hint = hint_text(tag).lower()
    if "title" in hint or "heading" in hint:
        return True
    # <p><strong>Read also</strong></p>: a paragraph that is only a bold label
    kids = [c for c in tag.children if isinstance(c, Tag) or str(c).strip()]
    return len(kids) == 1 and isinstance(kids[0], Tag) and kids[0].name in ("strong", "b")


def furniture_heading(block: Tag) -> str | None:
    """The heading text that introduces ``block`` as furniture ("Lesen Sie auch"), if any:
    its own first element, or, for a list, the element just before it."""
    candidates: list[Tag] = []
    first = next((c for c in block.children if isinstance(c, Tag)), None)
    if first is not None and _is_heading(first):
        candidates.append(first)
    if block.name in ("ul", "ol", "dl", "div"):
        prev = previous_tag(block)
        if isinstance(prev, Tag) and (_is_heading(prev) or prev.name == "p"):
            candidates.append(prev)
    aria = block.get("aria-label")
    if isinstance(aria, str) and _HEADING.match(aria.casefold()):
        return aria
    for cand in candidates:
        text = _short_text(cand)
        if text and _HEADING.match(text.casefold()):
            return text
    return None


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def _same_site(host: str, site_host: str) -> bool:
    return host == site_host or host.endswith("." + site_host) or site_host.endswith("." + host)


ListBlock = tuple[str | None, list[Tag]]


def list_block(block: Tag) -> ListBlock:
    """What `promo_list` and `paid_block` both read of a block, read once for both: its text
    (`capped_text` at `FURNITURE_LIST_MAX_CHARS`) and, when that is not too long, its first
    `FURNITURE_LIST_MAX_LINKS` links."""
    text = capped_text(block, FURNITURE_LIST_MAX_CHARS)
    if text is None:
        return None, []
    return text, find_tags(block, _ANCHOR, attr="href", limit=FURNITURE_LIST_MAX_LINKS)


def promo_list(block: Tag, site_host: str | None, listed: ListBlock | None = None) -> bool:
    """A block that is a list of links to the page's own site with next to no other text
    (``listed``: its `list_block`, when the caller has it)."""
    if block.name not in LIST_BLOCKS:
        return False
    text, anchors = listed if listed is not None else list_block(block)
    if text is None:
        return False  # too much text for a list of teasers
    if len(anchors) < FURNITURE_LIST_MIN_LINKS:
        return False
    if not text:
        return True
    link_chars = link_text_chars(anchors)
    if link_chars < FURNITURE_LIST_MIN_LINK_SHARE * len(text):
        return False
    own = 0
    for a in anchors:
        href = str(a.get("href") or "").strip()
        host = _host(href)
        if host is None and not href.lower().startswith(("mailto:", "javascript:", "data:")):
            own += 1  # relative: the page's own site
        elif host is not None and site_host is not None and _same_site(host, site_host):
            own += 1
    return own >= FURNITURE_LIST_MIN_OWN_SHARE * len(anchors)


def promo_link(url: str) -> bool:
    """A link whose parameters mark it as the site's own promotion of another of its pages."""
    if "?" not in url and "#" not in url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.fragment and _PROMO_FRAGMENT.match(parts.fragment):
        return True
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        lk = key.lower()
        if lk in _PROMO_KEYS:
            return True
        if lk in _PROMO_VALUE_KEYS and _PROMO_VALUE.match(value.strip()):
            return True
    return False


def in_prose(link: Tag) -> bool:
    """The link stands in a real paragraph: running text around it, not a line of links."""
    para = link.parent
    for _ in range(FURNITURE_PROSE_DEPTH):
        if not isinstance(para, Tag) or para.name == "p":
            break
        para = para.parent
    if not isinstance(para, Tag) or para.name != "p":
        return False
    text = capped_text(para, FURNITURE_LIST_MAX_CHARS * 4) or ""
    if len(text) < PROSE_MIN_CHARS:
        return False
    link_chars = link_text_chars(find_tags(para, _ANCHOR))
    return link_chars < 0.5 * len(text)


def is_control(tag: Tag, href: str) -> bool:
    """An in-page ``#...`` link that a script or the page's own navigation uses (a tab, a
    toggle, a lightbox, a skip link, ``#``/``#0``/``#!``), or a ``javascript:`` button: a
    control, not a citation."""
    if href[:11].lower().startswith(("javascript:", "about:blank")):
        return True  # a script's button ("javascript:void(0)"), never a source
    if not href.startswith("#"):
        return False
    frag = href[1:]
    if frag.startswith("!") or frag.lower() in _CONTROL_FRAGMENTS:
        return True
    role = tag.get("role")
    if isinstance(role, str) and role.lower() in _CONTROL_ROLES:
        return True
    if any(tag.has_attr(a) for a in _CONTROL_ATTRS):
        return True
    return bool(_CONTROL_HINT.search(hint_text(tag)))


_IMAGE_HINT = re.compile(
    r"(?:^|[\s_-])(?:image|img|thumb\w*|photo\w*|picture|media|enlarge|zoom|magnify|"
    r"lightbox|gallery|figure)(?:$|[\s_-])",
    re.IGNORECASE,
)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|avif|tiff?)(?:$|[?#])", re.IGNORECASE)


def _visible_words(tag: Tag) -> list[str]:
    """The words a reader sees in ``tag`` (an inline SVG icon's ``<title>`` is not seen)."""
    words: list[str] = []
    for piece in strings(tag):
        if any(p.name in ("svg", "script", "style") for p in piece.parents if isinstance(p, Tag)):
            continue
        words.extend(str(piece).split())
    return words


def image_link(tag: Tag, url: str) -> bool:
    """A link with no words of its own around an image, or to an image file, marked as an image
    or a zoom (a thumbnail opening a lightbox, a photo's file page), or carrying campaign tags
    (a banner): furniture, not a source.
    So is a media widget: a link around a picture, marked as an image or gallery, whose only
    words are a few labels ("Launch gallery", a photo credit)."""
    if tag.name not in ("a", "area"):
        return False
    if tag.get_text(" ", strip=True):
        return _media_widget(tag)
    path = url.split("?", 1)[0].split("#", 1)[0]
    if _IMAGE_FILE.search(path) or _banner(url):
        return True
    title = tag.get("title")
    return bool(
        _IMAGE_HINT.search(hint_text(tag) + " " + (title if isinstance(title, str) else ""))
    )


_CAMPAIGN_KEY = re.compile(r"(?:^|[?&])utm_[a-z]+=", re.IGNORECASE)


def _banner(url: str) -> bool:
    """A wordless image link carrying campaign tags (``utm_campaign=``): a banner, placed by
    the site for a campaign (a sister site's contest, an app), not a source the writer cites."""
    query = url.split("?", 1)[1] if "?" in url else ""
    return bool(_CAMPAIGN_KEY.search(query))


def _media_widget(tag: Tag) -> bool:
    if find_tag(tag, _MEDIA) is None:
        return False
    if len(_visible_words(tag)) > IMAGE_LINK_MAX_LABEL_WORDS:
        return False
    return bool(_IMAGE_HINT.search(hint_text(tag)))


#: A site's counter as a link's whole text: "2.8k comments", "View all 12 replies", "View
#: discussions in 3 other communities", "12 Kommentare", "5 commentaires", "7 комментариев".
_COUNTER_LABEL = re.compile(
    r"^(?:(?:view|see|show|load|read|join|all|the|alle|voir|tous|toutes|les|ver|todos|los|"
    r"tutti|i|все)\s+)*(?:discussions?\s+in\s+)?"
    r"\(?\d[\d.,\s]*[km]?\+?\)?\s*(?:other\s+|more\s+|new\s+)?"
    r"(?:comments?|replies|reply|responses?|votes?|points?|communities|shares?|views?|likes?|"
    r"reactions?|kommentare?|antworten|commentaires?|réponses?|comentarios?|respuestas?|"
    r"commenti|risposte|reacties|comentários?|respostas?|комментари\w*|ответ\w*|"
    r"коментар\w*|komentarz\w*|yorum\w*|条评论|評論|则评论|コメント|댓글)$",
    re.IGNORECASE,
)


def counter_label(text: str) -> bool:
    """Whether a link's whole text is one of the site's counters (of comments, replies, other
    discussions): a control, not a title the writer cites."""
    folded = " ".join(text.split()).casefold()
    return 0 < len(folded) <= COUNTER_LABEL_MAX_CHARS and bool(_COUNTER_LABEL.match(folded))


#: What a paid block says it is, in several languages (compared case-folded).
_PAID_LABEL = re.compile(
    r"(?<!\w)(?:"
    r"paid (?:partner(?:ship)?|content|post|promotion|for by)|sponsored(?: (?:content|post|links?|"
    r"stories|by))?|sponsor content|partner content|promoted(?: (?:content|stories|links?|by))?|"
    r"advertisement|advertorial|"
    r"anzeige|werbung|gesponsert|"  # German
    r"publicidad|publicidade|patrocinado|contenido patrocinado|conteúdo patrocinado|"
    r"publirreportaje|publi-?reportage|contenu sponsorisé|sponsorisé|contenu partenaire|"
    r"contenuto sponsorizzato|pubblicità|gesponsord|advertentie|sponsrad|annons|"
    r"artykuł sponsorowany|materiał sponsorowany|reklama|"
    r"на правах рекламы|реклама|партн[её]рский материал|спонсорский материал"
    r")(?!\w)|广告|推广|赞助内容|広告|スポンサー",
    re.IGNORECASE,
)
#: Class tokens of a paid label ("paid-partner", "sponsor-label"), or of a sponsor's logo.
_PAID_HINT = re.compile(
    r"(?:^|[\s_-])(?:sponsored|sponsor|advertorial|native-?ad|paid-?partner|partner-?content|"
    r"promoted)(?:$|[\s_-])",
    re.IGNORECASE,
)
#: Class/data tokens of a carousel, slider or rotator of teasers.
_CAROUSEL_HINT = re.compile(
    r"(?:^|[\s_-])(?:carousel|slider|slideshow|rotate|rotator|rotating|swiper|slick|glide|"
    r"splide|flickity)(?:$|[\s_-])",
    re.IGNORECASE,
)
_PAID_LEADING = 2  # a block's label stands in its first elements (a header, a heading)
_PAID_SCAN = 12  # elements looked at inside each of them


def _paid_label(tag: Tag) -> str | None:
    """The text of ``tag`` when it is a short label saying paid content: its whole text is
    the label, perhaps with a sponsor's name ("NextAdvisor Paid Partner", "Anzeige")."""
    text = capped_text(tag, PAID_LABEL_MAX_CHARS)
    if not text:
        return None
    m = _PAID_LABEL.search(text.casefold())
    if m is None:
        hinted = _PAID_HINT.search(hint_text(tag)) and len(text.split()) <= 3
        return text if hinted else None
    rest = (text[: m.start()] + " " + text[m.end() :]).split()
    return text if len(rest) <= PAID_LABEL_MAX_OTHER_WORDS else None


def _label_of(block: Tag) -> str | None:
    """The paid label in ``block``'s first elements (its header), or just before it."""
    candidates = [c for c in block.children if isinstance(c, Tag)][:_PAID_LEADING]
    prev = previous_tag(block)
    if isinstance(prev, Tag) and _is_heading(prev):
        candidates.append(prev)
    for cand in candidates:
        for tag in (cand, *find_tags(cand, None, limit=_PAID_SCAN)):
            label = _paid_label(tag)
            if label is not None:
                return label
    return None


def paid_block(block: Tag, listed: ListBlock | None = None) -> bool:
    """A short list of links introduced by a label saying it is paid ("Paid Partner",
    "Sponsored", "Anzeige", "Publicidad", "Реклама", "广告"): in its first elements (its
    header, even when the label sits beside the block's list rather than above its links), or
    just before it (``listed``: the block's `list_block`, when the caller has it)."""
    if block.name not in LIST_BLOCKS:
        return False
    text, anchors = listed if listed is not None else list_block(block)
    if not text:
        return False  # a long piece that says "Anzeige" is an advertorial article, read whole
    if not anchors:
        return False
    label = _label_of(block)
    if label is None:
        return False
    link_chars = link_text_chars(anchors)
    in_links = label in " ".join(a.get_text(" ", strip=True) for a in anchors)
    other = max(1, len(text) - (0 if in_links else len(label) + 1))
    # paragraphs beside an ad's label are the piece itself, not a paid list
    return link_chars >= FURNITURE_LIST_MIN_LINK_SHARE * other


def carousel(block: Tag) -> bool:
    """A carousel, slider or rotator of teasers (its class or ``data-*`` tokens say so)."""
    return bool(_CAROUSEL_HINT.search(hint_text(block)))


#: The blocks an item of a list or a newsletter stands in: its title line or its paragraph.
_ITEM_BLOCKS = frozenset({"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"})
#: The blocks that are an item's title; the paragraph right after describes the item.
_ITEM_TITLES = frozenset({"dt", "h1", "h2", "h3", "h4", "h5", "h6"})


def sponsored_link(tag: Tag) -> bool:
    """A link around a sponsor's logo (an image whose class says sponsored), or the link of an
    item the page labels as paid: a paid teaser, not a citation (`sponsored_item`)."""
    if any(_PAID_HINT.search(hint_text(img)) for img in find_tags(tag, _IMG, limit=4)):
        return True
    return sponsored_item(tag)


def _item_block(tag: Tag) -> Tag | None:
    node = tag.parent
    for _ in range(FURNITURE_PROSE_DEPTH):
        if not isinstance(node, Tag) or node.name in ("body", "html", "[document]"):
            return None
        if node.name in _ITEM_BLOCKS:
            return node
        node = node.parent
    return None


def sponsored_item(tag: Tag) -> bool:
    """The link of an item the page labels as paid ("Sponsored", "Anzeige", "広告", or a
    ``sponsored`` class on a short label): the label stands in the link's own paragraph or
    list item, or, when the link is an item's title (a heading, as a newsletter's items are),
    in the paragraph right after it, which describes the item."""
    block = _item_block(tag)
    if block is None:
        return False
    candidates = [block]
    if block.name in _ITEM_TITLES:
        after = block.find_next_sibling()
        if isinstance(after, Tag) and after.name in ("p", "dd"):
            candidates.append(after)
    inside_link = set(map(id, tag.find_all(True, limit=_PAID_SCAN)))
    for cand in candidates:
        for label in cand.find_all(True, limit=_PAID_SCAN):
            if label is tag or id(label) in inside_link:
                continue
            if _paid_label(label) is not None:
                return True
    return False


# --- listings of the site's other entries -------------------------------------------------------

#: Class/id tokens of a listing of the site's entries: recent or latest posts, an archive, a
#: calendar, a teaser ("o-tease", "recentlist", "LatestNewsBox").
_LISTING_HINT = re.compile(
    r"(?:^|[\s_-])(?:latest|recent\w*|archives?|calendar|tease)(?:$|[\s_-])", re.IGNORECASE
)
_LISTING_NOUNS = r"(?:news|stories|posts|entries|articles|titles|headlines|updates|comments)"
#: Headings of such a listing, in several languages (compared case-folded, at the start).
_LISTING_HEADING = re.compile(
    r"^\W*(?:"
    r"(?:(?:our|the) )?(?:latest|recent|newest)(?: " + _LISTING_NOUNS + r")?\W*$|"
    r"(?:(?:our|the) )?(?:latest|recent|newest|more|other) " + _LISTING_NOUNS + r"\b|"
    r"(?:blog )?archives?\b|calendar\b|"
    r"neueste (?:beiträge|artikel|einträge)|letzte (?:beiträge|artikel|einträge)|archiv\b|"
    r"(?:articles|billets) récents|derniers (?:articles|billets)|"
    r"(?:entradas|artículos|publicaciones) recientes|últimas (?:entradas|noticias|publicaciones)|"
    r"archivo\b|(?:articoli|post) recenti|ultimi (?:articoli|post)|archivio\b|"
    r"(?:posts|artigos) recentes|últimos (?:posts|artigos)|arquivo\b|"
    r"recente berichten|nieuwste (?:berichten|artikelen)|archief\b|senaste (?:inläggen|artiklarna)|"
    r"последние (?:записи|статьи|новости)|свежие (?:записи|статьи)|архив|"
    r"最近の(?:日記|記事|エントリ|タイトル|投稿|更新)|最新(?:の)?(?:記事|日記|エントリ|投稿)|"
    r"過去の(?:日記|記事)|アーカイブ|カレンダー|"
    r"最新(?:文章|新闻|消息|博文)|近期文章|最近(?:文章|更新)|(?:文章)?归档"
    r")",
    re.IGNORECASE,
)


def _listing_heading(block: Tag) -> bool:
    first = next((c for c in block.children if isinstance(c, Tag)), None)
    candidates = [first] if first is not None and _is_heading(first) else []
    prev = previous_tag(block)
    if block.name in ("ul", "ol", "dl", "div") and isinstance(prev, Tag) and _is_heading(prev):
        candidates.append(prev)
    for cand in candidates:
        text = _short_text(cand)
        if text and _LISTING_HEADING.match(text.casefold()):
            return True
    return False


def listing_block(block: Tag) -> bool:
    """A listing of the site's other entries: recent or latest posts, a diary's recent titles,
    an archive or a calendar ("Recent entries", "Our Latest Stories", "最近の日記"), named so by
    its heading or its class tokens. Only links with next to no other text (a byline, a date)
    make one: a block of prose under such a heading stays the piece's."""
    if block.name not in LIST_BLOCKS and block.name not in ("p", "article", "span"):
        return False
    if not (_LISTING_HINT.search(hint_text(block)) or _listing_heading(block)):
        return False
    text = capped_text(block, LISTING_MAX_CHARS)
    if text is None:
        return False
    anchors = find_tags(block, _ANCHOR, attr="href", limit=FURNITURE_LIST_MAX_LINKS)
    if not anchors:
        return False
    link_chars = link_text_chars(anchors)
    return len(text) - link_chars <= LISTING_MAX_OTHER_CHARS_PER_LINK * len(anchors)


def teaser_card(article: Tag) -> bool:
    """An ``<article>`` that is a card in a grid of stories ("More From ..."): a headline and a
    picture, almost all link text, with another ``<article>`` beside it."""
    text = capped_text(article, TEASER_CARD_MAX_CHARS)
    if text is None:
        return False
    anchors = find_tags(article, _ANCHOR, attr="href", limit=FURNITURE_LIST_MAX_LINKS)
    if not anchors:
        return False
    link_chars = link_text_chars(anchors)
    if link_chars < FURNITURE_LIST_MIN_LINK_SHARE * len(text):
        return False
    node = article
    for _ in range(TEASER_CARD_SIBLING_DEPTH):
        parent = node.parent
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
            return False
        if len(find_tags(parent, _ARTICLE, limit=2)) >= 2:
            return True
        node = parent
    return False


#: Class tokens a site puts on a link to another of its stories ("more-from", "read-next").
_PROMO_ANCHOR_HINT = re.compile(
    r"(?:^|[\s_-])(?:related|more-(?:from|on|stories)|read-(?:next|also)|see-also|also-read|"
    r"up-next|recommend\w*|teasers?|tease|promo)(?:$|[\s_-])",
    re.IGNORECASE,
)


def promo_anchor(tag: Tag) -> bool:
    """A link whose own class says it promotes another of the site's stories
    (``<a class="more-from">SEE ALSO: ...</a>``)."""
    return bool(_PROMO_ANCHOR_HINT.search(hint_text(tag)))
