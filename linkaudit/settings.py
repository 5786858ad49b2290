"""Every limit and magic number in one place, each with why it is what it is."""

from __future__ import annotations

# --- reading -----------------------------------------------------------------------------
#: Extensions a directory walk reads; anything else is skipped and counted.
WALK_EXTENSIONS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".html": "html",
    ".htm": "html",
}
#: Formats ``--type`` accepts.
FORMATS = ("text", "markdown", "html")
#: A file larger than this is refused (one line in ``errors``), not read into memory.
MAX_INPUT_BYTES = 64 * 1024 * 1024
#: Share of NUL / control bytes in the first block that marks a file as binary.
BINARY_SNIFF_BYTES = 8192
BINARY_CONTROL_RATIO = 0.10
#: HTML nesting deeper than this is flattened by lxml's recovery; we never recurse on it.
MAX_HTML_DEPTH = 512

# --- URLs ----------------------------------------------------------------------------------
#: Schemes that are listed but never fetched.
UNFETCHED_SCHEMES = frozenset({"mailto", "tel", "javascript", "data", "sms", "ftp", "file", "news"})
FETCHED_SCHEMES = frozenset({"http", "https"})
#: A URL longer than this is reported as malformed rather than fetched.
MAX_URL_LENGTH = 8192

# --- cited titles --------------------------------------------------------------------------
#: Labels that introduce a cited work's title on its own line.
TITLE_LINE_LABELS = (
    "related article",
    "related",
    "see also",
    "read more",
    "read also",
    "also read",
    "more on this",
    "further reading",
)
#: An anchor text reads as a title only with at least this many words.
MIN_TITLE_WORDS = 3
#: Share of a title's significant words that must appear in a URL's slug to tie them together.
TITLE_SLUG_MATCH = 0.6
#: Below this share of agreement between a cited title and a slug, META002 fires.
SLUG_MISMATCH_THRESHOLD = 0.25

# --- findings ------------------------------------------------------------------------------
FAIL_ON_DEFAULT = "error"

# --- time ----------------------------------------------------------------------------------
#: TIME001 tolerance past a firm latest writing date.
TIME_TOLERANCE_DAYS = 7
#: TIME001 tolerance past an inferred date when nothing bounds the writing date from above.
TIME_INFERRED_TOLERANCE_DAYS = 180
#: Weekday-only references pin writing to within this many days after the events.
CONTEMPORANEOUS_DAYS = 7
#: Years outside this range are never read as years in text.
MIN_YEAR = 1000
MAX_YEAR = 2100
