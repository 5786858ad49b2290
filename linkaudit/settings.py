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

# --- rules engine: packs, config, suppressions, baselines, custom rules ----------------------
#: Every catalog id in the design: the contract packs, config and suppressions are checked
#: against, so a pack may configure a rule whose module another part of the build provides.
CATALOG_IDS = (
    *(f"LINK{n:03d}" for n in range(1, 15)),
    *(f"META{n:03d}" for n in range(1, 6)),
    *(f"TIME{n:03d}" for n in range(1, 6)),
    "ARCH001",
    "ARCH002",
)
#: A pack may extend another at most this deep (a longer chain is almost surely a cycle).
MAX_EXTENDS_DEPTH = 8
#: Files a config is read from, nearest first in each folder while walking up.
CONFIG_FILES = ("linkaudit.toml", "pyproject.toml")
#: A custom rule's id: upper-case letters then digits, like the catalog's.
CUSTOM_RULE_ID = r"^[A-Z][A-Z_]{1,15}[0-9]{1,4}$"
#: Custom rule conditions longer than this are refused: a condition is a line, not a program.
MAX_CONDITION_LENGTH = 2000
#: At most this many custom rules per pack (each runs on every link).
MAX_CUSTOM_RULES = 200
#: The baseline file format version; a file with another version is refused.
BASELINE_VERSION = 1
#: Rules that also read facts gathered offline (local file links), so they run under --offline
#: when a document has local-link checks, although they otherwise need the network.
LOCAL_FACT_RULES = ("LINK001", "LINK010")
#: A local link target larger than this is not read for its anchors.
MAX_LOCAL_TARGET_BYTES = 16 * 1024 * 1024
