"""Whether a cited title and its URL's slug clearly name different things (META002).

"Clearly" is the point: a title and a slug that share any word (after case folding, accents,
transliteration of Cyrillic and Greek, stems and prefixes, compounds and abbreviations) agree
enough; a URL whose last path segment is not a headline slug (an issue or pull request number,
a repository, a search, an id, a project or API name, a file name, a version) has nothing to
disagree with; and a title that is a phrase ("here", "Lire la suite", "the FSF's statement")
or too short says too little. What remains is a headline linking a headline slug of another
story. Pure functions; no I/O.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from linkaudit.settings import (
    MIN_HEADLINE_SLUG_WORDS,
    MIN_MISMATCH_TITLE_WORDS,
    NO_SLUG_HOSTS,
    NO_SLUG_SEGMENTS,
    SECTION_WORDS,
    STEM_PREFIX_CHARS,
    TIMESTAMP_WORDS,
)

__all__ = ["Mismatch", "translit", "headline_slug", "title_terms", "mismatch"]

# Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian, Macedonian) and Greek to Latin,
# as news sites' slugs commonly write them; the squash below absorbs the schemes' differences.
_TRANSLIT = {
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True)),
    "ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ь": "", "ю": "yu", "я": "ya", "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "u",
    "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj",
    "ѕ": "dz",
    **dict(zip("αβγδεζηικλμνξοπρστυφχω", "avgdeziiklmnxoprstifho", strict=True)),
    "θ": "th", "ψ": "ps", "ς": "s", "ά": "a", "έ": "e", "ή": "i", "ί": "i", "ό": "o",
    "ύ": "i", "ώ": "o", "ϊ": "i", "ϋ": "i", "ΐ": "i", "ΰ": "i",
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "þ": "th", "ð": "d",
    "ı": "i",
}  # fmt: skip
# Spelling differences between transliteration schemes (and languages): both sides squashed.
_SQUASH = (
    ("shch", "s"), ("sch", "s"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"),
    ("ts", "c"), ("tz", "c"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("ks", "x"),
    ("y", "i"), ("j", "i"), ("w", "v"), ("q", "k"),
)  # fmt: skip


def translit(text: str) -> str:
    """``text`` lower-cased in Latin letters: accents dropped, Cyrillic and Greek transliterated;
    other scripts are kept as they are (and then match nothing in a Latin slug)."""
    out = []
    for ch in unicodedata.normalize("NFKD", text.lower()):
        if unicodedata.combining(ch):
            continue
        out.append(_TRANSLIT.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LATIN = re.compile(r"^[a-z0-9]+$")
#: Function words of several languages (three letters and more; shorter words never count).
_STOPWORDS = frozenset(
    translit(w)
    for w in (
        "the", "and", "for", "with", "from", "into", "over", "after", "before", "about", "than",
        "that", "this", "what", "when", "where", "who", "why", "how", "are", "was", "were", "will",
        "would", "its", "his", "her", "their", "our", "your", "not", "but", "all", "new", "says",
        "said", "que", "los", "las", "del", "por", "para", "con", "una", "unos", "unas", "sus",
        "como", "más", "mas", "sin", "sobre", "entre", "tras", "des", "les", "une", "pour", "par",
        "sur", "dans", "qui", "est", "aux", "avec", "sans", "plus", "ses", "son", "der", "die",
        "das", "und", "ein", "eine", "einer", "eines", "von", "mit", "für", "fur", "auf", "den",
        "dem", "des", "ist", "sich", "nicht", "aus", "bei", "nach", "wie", "zum", "zur", "che",
        "per", "della", "delle", "degli", "gli", "dei", "nel", "nella", "sono", "non", "dos", "das",
        "uma", "com", "pelo", "pela", "nos", "nas", "het", "een", "van", "voor", "met", "naar",
        "niet", "как", "что", "для", "это", "при", "над", "под", "без", "или", "его", "она", "они",
        "так", "все", "των", "της", "και", "του", "την", "για", "στο", "στη", "από", "με",
    )
)  # fmt: skip
# Words that make an anchor text a phrase about a link, not a title ("click here", "Lire la
# suite", "read more", "the ministry's post").
_PHRASE_WORDS = frozenset(
    translit(w)
    for w in (
        "here", "click", "read", "more", "suite", "lire", "hier", "klicken", "weiterlesen", "aquí",
        "aqui", "leer", "seguir", "qui", "clicca", "leggi", "здесь", "тут", "подробнее", "читать",
        "далее",
    )
)  # fmt: skip
_GENERIC_ENDINGS = frozenset(
    translit(w)
    for w in (
        "documentation", "docs", "website", "site", "homepage", "page", "post", "blog", "article",
        "tweet", "thread", "video", "repository", "repo", "wiki", "channel", "profile", "account",
    )
)  # fmt: skip
_ID_TOKEN = re.compile(r"^(?:[a-z]*\d[a-z0-9]*|[a-z]{1,2}~.*)$", re.IGNORECASE)
_PAGE_EXT = re.compile(r"\.(?:s?html?|php\d?|aspx?|jspx?|cfm|shtml)$", re.IGNORECASE)
_OTHER_EXT = re.compile(r"\.[a-z0-9]{1,5}$", re.IGNORECASE)
_INDEX = frozenset({"index", "default", "amp", "story", "article", "print"})
_CAMEL = re.compile(r"[a-z][A-Z]")
_LANG = re.compile(r"^[a-z]{2}(?:[-_][a-zA-Z]{2,4})?$")


def _squash(word: str) -> str:
    for a, b in _SQUASH:
        word = word.replace(a, b)
    return word


def _terms(words: list[str]) -> tuple[str, ...]:
    """Meaningful Latin words: three letters and more, not function words, not numbers."""
    return tuple(
        w
        for w in words
        if len(w) >= 3 and w not in _STOPWORDS and _LATIN.match(w) and not w.isdigit()
    )


@dataclass(frozen=True, slots=True)
class Slug:
    words: tuple[str, ...]  # every word of the slug, folded (for compounds and initials)
    terms: tuple[str, ...]  # its meaningful words


def _segment_words(segment: str) -> list[str]:
    return [w for w in re.split(r"[-_+\s]+", translit(segment)) if w]


@functools.lru_cache(maxsize=4096)
def headline_slug(url: str) -> Slug | None:
    """The headline slug of ``url``: its last path segment that is not an id, an index page or
    a page extension, when that segment is several hyphenated words; None otherwise."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        path = unquote(parts.path)
    except ValueError:
        return None
    # a web archive's copy: judge the archived address
    inner = re.search(r"/web/\d+[a-z_]*/(https?://.+)$", path)
    if inner:
        return headline_slug(inner.group(1))
    code_host = any(host == h or host.endswith("." + h) for h in NO_SLUG_HOSTS)
    if code_host and "/blog/" not in path:
        return None  # a repository, an issue, a pull request, a package
    segments = [s for s in path.split("/") if s]
    if any(s.lower() in NO_SLUG_SEGMENTS for s in segments):
        return None
    while segments:
        leaf = segments[-1]
        if _PAGE_EXT.search(leaf):
            leaf = _PAGE_EXT.sub("", leaf)
        elif _OTHER_EXT.search(leaf) and "." in leaf:
            return None  # a file name (image, PDF, archive)
        if leaf.lower() in _INDEX or _ID_TOKEN.match(leaf) or not leaf:
            segments.pop()
            continue
        break
    else:
        return None
    if ":" in leaf or "." in leaf or not re.search(r"[-_]", leaf):
        return None  # Special:Page, an API name (HashMap.get), a file name, one word
    raw_words = [w for w in re.split(r"[-_+\s]+", leaf) if w and not _ID_TOKEN.match(w)]
    if any(_CAMEL.search(w) for w in raw_words):
        return None  # an API or code name (getElementById, Page_Data)
    words = [w for w in _segment_words(leaf) if not _ID_TOKEN.match(w)]
    terms = _terms(words)
    if len(terms) < MIN_HEADLINE_SLUG_WORDS:
        return None
    if all(t in SECTION_WORDS for t in terms):
        return None  # the section the story is filed in ("/news/world-latin-america-2122")
    above = [x for x in segments[:-1] if not _LANG.match(x)]
    if not above and len(terms) <= MIN_HEADLINE_SLUG_WORDS:
        return None  # a project's or a page's name at the top of its site ("/trio-async-docs/")
    return Slug(tuple(words), terms)


def fragment_words(url: str) -> tuple[str, ...]:
    """Words of a ``#fragment`` (it may name the section the title names)."""
    try:
        frag = unquote(urlsplit(url).fragment)
    except ValueError:
        return ()
    return tuple(w for w in re.split(r"[^\w]+|_", translit(frag)) if w)


def title_terms(title: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The title's words and meaningful words, folded; None when it reads as a phrase about a
    link rather than a headline (lower-case start, "here", a possessive ending in "post")."""
    title = title.strip().strip("\"'\u201c\u201d\u00ab\u00bb\u2018\u2019").strip()
    if not title or not (title[0].isupper() or title[0].isdigit()):
        return None
    folded = translit(title)
    words = _WORD.findall(folded.replace("\u2019", "'").replace("'s ", " "))
    if words and all(w.strip("0123456789") in TIMESTAMP_WORDS | {""} for w in words):
        return None  # a post's timestamp ("October 1st, 2010 at 4:35PM"), not a headline
    if any(w in _PHRASE_WORDS for w in words):
        return None
    if words and words[-1] in _GENERIC_ENDINGS:
        return None  # "the ministry's statement page", "Microsoft Defender documentation"
    terms = _terms(words)
    if len(terms) < MIN_MISMATCH_TITLE_WORDS:
        return None
    return tuple(words), terms


def _same(a: str, b: str) -> bool:
    """Two folded words name the same thing: equal, or one a stem of the other."""
    if a == b:
        return True
    sa, sb = _squash(a), _squash(b)
    if sa == sb:
        return True
    short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    common = 0
    for x, y in zip(short, long_, strict=False):
        if x != y:
            break
        common += 1
    return common >= STEM_PREFIX_CHARS and common >= len(short) * 0.6


def _initials(words: tuple[str, ...]) -> set[str]:
    """Initials of every run of two to five meaningful words ("free software foundation" ->
    "fsf"): an abbreviation on the other side names the same thing."""
    terms = [w for w in words if w not in _STOPWORDS and len(w) > 1]
    out = set()
    for i in range(len(terms)):
        for n in range(2, 6):
            if i + n <= len(terms):
                out.add("".join(w[0] for w in terms[i : i + n]))
    return out


def _compounds(words: tuple[str, ...]) -> set[str]:
    """Two neighbouring words written as one ("cash back" -> "cashback")."""
    return {a + b for a, b in zip(words, words[1:], strict=False)}


@dataclass(frozen=True, slots=True)
class Mismatch:
    """The evidence that a title and a slug name different things."""

    title_terms: tuple[str, ...]
    slug_terms: tuple[str, ...]
    shared: tuple[str, ...]

    @property
    def share(self) -> float:
        return len(self.shared) / len(self.title_terms) if self.title_terms else 1.0


def mismatch(title: str, url: str) -> Mismatch | None:
    """How a cited title compares with its URL's headline slug (and ``#fragment``), or None
    when there is not enough on either side to compare."""
    slug = headline_slug(url)
    if slug is None:
        return None
    read = title_terms(title)
    if read is None:
        return None
    words, terms = read
    other = slug.terms + _terms(list(fragment_words(url)))
    shared = [t for t in terms if any(_same(t, s) for s in other)]
    joined = _compounds(words) | set(words)
    shared += [s for s in slug.terms if s in _compounds(words) or s in _initials(words)]
    shared += [t for t in words if 2 <= len(t) <= 6 and t in _initials(slug.words)]
    shared += [s for s in _compounds(slug.words) if s in joined]
    return Mismatch(terms, slug.terms, tuple(dict.fromkeys(shared)))
