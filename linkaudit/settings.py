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

# --- network -------------------------------------------------------------------------------
# Only ``linkaudit/net`` reads these. Defaults are polite: a citation check is a guest on
# other people's servers, and the slowest host sets the pace anyway.
#: Requests in flight across all hosts.
NET_CONCURRENCY = 64
#: Requests in flight to one host (lychee defaults to 10; IABot to 1).
NET_PER_HOST = 2
#: Minimum gap between two request starts to one host, in milliseconds.
NET_INTERVAL_MS = 50
#: Connect / read timeouts per request, seconds.
NET_CONNECT_TIMEOUT = 5.0
NET_READ_TIMEOUT = 10.0
#: Total deadline for one request (headers + capped body): a server trickling a byte every few
#: seconds must not hold a worker.
NET_TOTAL_TIMEOUT = 15.0
#: Retries after the first try, for connection errors, timeouts, 5xx and 429.
NET_RETRIES = 2
#: Exponential backoff base and cap, seconds; full jitter (a random share of each step).
NET_BACKOFF_BASE = 0.25
NET_BACKOFF_CAP = 8.0
#: ``Retry-After`` is honoured up to this many seconds; a longer ask is clamped.
NET_RETRY_AFTER_CAP = 60.0
#: A 429 without ``Retry-After`` makes its URL wait this long (doubling per try, capped above).
NET_429_DEFAULT_BACKOFF = 1.0
#: Each 429 streak doubles the host's request interval, up to this factor; each other answer
#: halves it.
NET_429_MAX_SLOWDOWN = 16.0
#: This many 429s in a row from one host pause the whole host for the Retry-After time (and
#: space its requests out). Fewer are the URLs' own: each waits its Retry-After. 3 paused
#: hosts needlessly when one in ten of their paths was rate limited on its own (bench/).
NET_429_STREAK = 4
#: Redirect hops followed before a chain counts as a loop (lychee's example config uses 10).
NET_MAX_REDIRECTS = 10
#: Raw bytes read from a body; metadata lives in the head of a page, never read a whole video.
NET_MAX_BODY = 1024 * 1024
#: Decoded bytes kept after gzip/deflate (a bomb inflates ~1000x per chunk).
NET_MAX_DECODED = 2 * 1024 * 1024
#: Total bytes of response headers accepted, and the number of header lines.
NET_MAX_HEADER_BYTES = 64 * 1024
NET_MAX_HEADERS = 200
#: Content types whose body is read for metadata, fragments and soft-404 signals.
NET_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Home page and project URL named in the User-Agent (with the version from ``__about__``).
NET_USER_AGENT_URL = "https://github.com/linkaudit/linkaudit"
#: Cache: fresh results are reused for this long; failures for a shorter time (they are often
#: transient, and re-reporting a stale failure is the complaint lychee#2105 fixed).
NET_CACHE_MAX_AGE = 86400
NET_CACHE_FAILURE_MAX_AGE = 3600
#: sqlite busy timeout, so two scans sharing a cache wait instead of failing.
NET_CACHE_BUSY_MS = 10_000
#: "No network" needs at least this many distinct hosts tried, all failing at DNS/connect.
NET_DOWN_MIN_HOSTS = 2
#: Soft-404 probe: only for pages that already look suspicious, one per host, this path length.
NET_PROBE_TOKEN_BYTES = 12
#: Soft-404: a probe answer this similar (0..1, on visible words) to the page marks it soft 404.
NET_PROBE_SIMILARITY = 0.9
#: Web archive endpoints (Wayback availability API; Memento TimeGate).
NET_WAYBACK_API = "https://archive.org/wayback/available"
NET_MEMENTO_TIMEGATE = "https://web.archive.org/web/"
#: First-capture later than the reference date by this much strengthens TIME001.
NET_ARCHIVE_LATE_DAYS = 30
#: META001: below this fuzzy similarity (0..1) a cited title and a page title disagree.
META_TITLE_SIMILARITY = 0.6
#: META004: URL date and page published date further apart than this disagree.
META_DATE_TOLERANCE_DAYS = 2
