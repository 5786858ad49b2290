"""Heading anchors as each site generator makes them: one small pure function per rule.

A ``#fragment`` in a docs link names the id the generator gave a heading, and generators do not
agree: GitHub keeps Unicode letters and lower-cases them; mdBook lower-cases ASCII only; Zola
transliterates to ASCII and squeezes every run of other characters into one '-';
Python-Markdown's toc (MkDocs) drops accents and numbers repeats with '_1'; docutils (Sphinx)
drops leading digits; kramdown (Jekyll) drops everything but ASCII letters, digits and spaces.
Checking a fragment against the wrong rule makes every non-trivial heading "missing", so each
style here follows its generator's documented behaviour (written from those descriptions), and
`heading_anchors` applies the style's own way of numbering repeats.

A style may answer ``None`` for a heading it cannot slug faithfully (Zola transliterates scripts
this module has no table for): the page's anchors are then unknown and its fragments are not
judged, rather than reported missing on a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

__all__ = [
    "STYLES",
    "github_slug",
    "mdbook_slug",
    "zola_slug",
    "zola_safe_slug",
    "toc_slug",
    "toc_unicode_slug",
    "hugo_slug",
    "hugo_ascii_slug",
    "blackfriday_slug",
    "docutils_slug",
    "kramdown_slug",
    "heading_anchors",
    "split_custom_id",
]

_GITHUB_DROP = re.compile(r"[^\w\- ]", re.UNICODE)
_TOC_DROP = re.compile(r"[^\w\s-]", re.UNICODE)
_TOC_SEP = re.compile(r"[-\s]+", re.UNICODE)
_NOT_ASCII_ALNUM = re.compile(r"[^a-z0-9]+")
_DOCUTILS_ENDS = re.compile(r"^[-0-9]+|-+$")
_KRAMDOWN_LEAD = re.compile(r"^[^a-zA-Z]+")
_KRAMDOWN_DROP = re.compile(r"[^a-zA-Z0-9 \-]")
#: ``{#custom-id}`` (optionally with classes and attributes) at the end of a heading.
_CUSTOM_ID = re.compile(r"\s*\{\s*(?:[^{}]*?\s)?#([\w\-:.]+)(?:\s[^{}]*)?\}\s*$", re.UNICODE)


def github_slug(heading: str) -> str:
    """GitHub (and Docusaurus's github-slugger, MyST's heading anchors): lower case, every
    character but letters, digits, '_', '-' and space dropped, each space one '-'."""
    return _GITHUB_DROP.sub("", heading.strip().lower()).replace(" ", "-")


def mdbook_slug(heading: str) -> str:
    """mdBook: letters, digits, '_' and '-' kept with only ASCII letters lower-cased (an 'Ü'
    stays 'Ü'), each whitespace character one '-', everything else dropped."""
    out = []
    for ch in heading.strip().lstrip("#").strip():
        if ch.isalnum() or ch in "_-":
            out.append(ch.lower() if ch.isascii() else ch)
        elif ch.isspace():
            out.append("-")
    return "".join(out)


def _strip_marks(text: str) -> str:
    """Accents removed: 'Überschrift' -> 'Uberschrift' (other scripts are left alone)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# Our own short romanisation tables: enough for Zola's transliterating slugs of Cyrillic and
# Greek headings; any other script makes the slug unknown (None).
_CYRILLIC = {
    **dict(zip("абвгдезийклмнопрстуфыэіїґ", "abvgdeziiklmnoprstufyeiig", strict=True)),
    "ё": "io",
    "ж": "zh",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ю": "iu",
    "я": "ia",
    "є": "ie",
    "ъ": " ",
    "ь": " ",
}
_LATIN = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ð": "d",
          "ı": "i", "ħ": "h"}  # fmt: skip
_GREEK = {
    **dict(zip("αβγδεζηικλμνξοπρσςτυω", "abgdezeiklmnxoprsstyo", strict=True)),
    "θ": "th",
    "φ": "ph",
    "χ": "ch",
    "ψ": "ps",
}


def _romanise(text: str) -> str | None:
    out = []
    for ch in _strip_marks(text):
        if ch.isascii():
            out.append(ch)
            continue
        low = ch.lower()
        rom = _CYRILLIC.get(low) or _GREEK.get(low) or _LATIN.get(low)
        if rom is not None:
            out.append(rom)
        elif ch.isalnum():
            return None  # a script we cannot romanise as Zola would
        else:
            out.append(" ")  # symbols and emoji separate words
    return "".join(out)


def zola_slug(heading: str) -> str | None:
    """Zola's default (``anchors = "on"``): romanised to ASCII, lower case, each run of other
    characters one '-', none at either end. None when the heading's script is unknown here."""
    ascii_text = _romanise(heading)
    if ascii_text is None:
        return None
    return _NOT_ASCII_ALNUM.sub("-", ascii_text.lower()).strip("-")


def zola_safe_slug(heading: str) -> str:
    """Zola's ``anchors = "safe"``: characters unsafe in a URL or file name dropped, spaces
    to '_', case kept."""
    kept = "".join(c for c in heading.strip() if c not in "<>:/|?*#\\\"'()[]\t\r\n")
    return kept.replace(" ", "_")


def toc_slug(heading: str) -> str:
    """Python-Markdown's toc (MkDocs' default): accents dropped, non-ASCII dropped, punctuation
    dropped, lower case, each run of spaces and '-' one '-'."""
    ascii_text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode("ascii")
    return _TOC_SEP.sub("-", _TOC_DROP.sub("", ascii_text).strip().lower())


def toc_unicode_slug(heading: str) -> str:
    """The toc rule keeping Unicode letters (MkDocs sites configured with pymdownx's
    ``uslugify`` or ``slugify(case="lower")``)."""
    return _TOC_SEP.sub("-", _TOC_DROP.sub("", heading).strip().lower())


def hugo_slug(heading: str) -> str:
    """Hugo's default ``autoHeadingIDType = "github"``: '-' and space to '-', letters, digits
    and '_' lower-cased, everything else dropped (no squeezing)."""
    out = []
    for ch in heading.strip():
        if ch in "- ":
            out.append("-")
        elif ch == "_" or ch.isalpha() or ch.isdigit():
            out.append(ch.lower())
    return "".join(out)


def hugo_ascii_slug(heading: str) -> str:
    """Hugo's ``github-ascii``: accents removed first, then the github rule on ASCII only."""
    return "".join(c for c in hugo_slug(_strip_marks(heading)) if c.isascii())


def blackfriday_slug(heading: str) -> str:
    """Hugo's ``blackfriday``: letters and numbers lower-cased, each run of anything else one
    '-' but only between words."""
    out: list[str] = []
    dash = False
    for ch in heading:
        if ch.isalpha() or ch.isnumeric():
            if dash and out:
                out.append("-")
            dash = False
            out.append(ch.lower())
        else:
            dash = True
    return "".join(out)


def docutils_slug(heading: str) -> str:
    """docutils section ids (Sphinx): lower case, accents and non-ASCII dropped, each run of
    other characters one '-', leading digits and dashes and trailing dashes removed."""
    text = _strip_marks(heading.lower()).encode("ascii", "ignore").decode("ascii")
    return _DOCUTILS_ENDS.sub("", _NOT_ASCII_ALNUM.sub("-", " ".join(text.split())))


def kramdown_slug(heading: str) -> str:
    """kramdown's own auto ids (Jekyll without the GFM parser): leading non-letters dropped,
    only ASCII letters, digits, spaces and '-' kept, spaces to '-', lower case; 'section'
    when nothing is left."""
    text = _KRAMDOWN_DROP.sub("", _KRAMDOWN_LEAD.sub("", heading.strip()))
    return text.replace(" ", "-").lower() or "section"


SlugFn = Callable[[str], str | None]

#: style -> (slug functions whose ids all count, separator for repeats, custom ids honoured).
#: A style with several functions is a generator whose id depends on an option we may not see
#: (Jekyll's kramdown with or without GFM input; MyST's GitHub-style anchors beside docutils
#: ids): every id it may have produced is an anchor, so a valid fragment is never reported.
STYLES: dict[str, tuple[tuple[SlugFn, ...], str, bool]] = {
    "github": ((github_slug,), "-", False),
    "docusaurus": ((github_slug,), "-", True),
    "mdbook": ((mdbook_slug,), "-", True),
    "zola": ((zola_slug,), "-", True),
    "zola-safe": ((zola_safe_slug,), "-", True),
    "zola-off": ((str.strip,), "-", True),
    "toc": ((toc_slug,), "_", True),
    "toc-unicode": ((toc_unicode_slug,), "_", True),
    "hugo": ((hugo_slug,), "-", True),
    "hugo-ascii": ((hugo_ascii_slug,), "-", True),
    "blackfriday": ((blackfriday_slug,), "-", True),
    "sphinx": ((docutils_slug, github_slug), "-", True),
    "jekyll": ((kramdown_slug, github_slug), "-", True),
}


def split_custom_id(heading: str) -> tuple[str, str | None]:
    """``"Install {#setup .wide}"`` -> ``("Install", "setup")``; no attribute: (heading, None)."""
    m = _CUSTOM_ID.search(heading)
    if not m:
        return heading, None
    return heading[: m.start()], m.group(1)


def heading_anchors(headings: Iterable[str], style: str = "github") -> frozenset[str] | None:
    """Every id a generator of ``style`` gives these headings (in page order), repeats numbered
    its way ('-1', '-2'; Python-Markdown '_1'); None when some heading's id cannot be known."""
    fns, sep, custom = STYLES.get(style, STYLES["github"])
    headings = list(headings)
    anchors: set[str] = set()
    for fn in fns:
        seen: set[str] = set()
        tried: dict[str, int] = {}
        for heading in headings:
            text = heading
            if custom:
                text, explicit = split_custom_id(heading)
                if explicit is not None:
                    anchors.add(explicit)
                    seen.add(explicit)
                    continue
            slug = fn(text)
            if slug is None:
                return None
            anchors.add(_unique(slug, seen, sep, tried))
    return frozenset(anchors)


def _unique(slug: str, seen: set[str], sep: str, tried: dict[str, int] | None = None) -> str:
    """The first of ``slug``, ``slug-1``, ``slug-2`` ... not yet taken (and takes it).
    ``tried`` remembers how far each slug's numbering got (``seen`` only grows, so the numbers
    below it stay taken): a page of many equal headings costs no more than their count."""
    n = tried.get(slug, 0) if tried is not None else 0
    candidate = f"{slug}{sep}{n}" if n else slug
    while candidate in seen or (sep == "_" and not candidate):
        n += 1
        candidate = f"{slug}{sep}{n}"
    seen.add(candidate)
    if tried is not None:
        tried[slug] = n
    return candidate
