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
#: Web archives: each file's captured pages are read as documents (readers.warc).
WARC_EXTENSIONS = (".warc", ".warc.gz")
#: An error about a corrupt WARC record quotes at most this much of what was wrong.
WARC_MESSAGE_CHARS = 120
#: After a corrupt WARC record, the next one is looked for in blocks of this many bytes.
WARC_RESYNC_BLOCK = 1 << 20
#: Bytes looked at after a WARC's last record read: anything but blank lines there is a
#: record cut short.
WARC_TAIL_BYTES = 4096
#: A scan that reads nothing names at most this many of the extensions it skipped.
SKIP_EXTENSIONS_SHOWN = 6
#: An offline scan of this many documents or more shows a reading progress bar (on a terminal).
PROGRESS_MIN_DOCUMENTS = 100
#: From this many files on, documents are read and analysed in worker processes (one per core).
PARALLEL_MIN_DOCUMENTS = 64
PARALLEL_MAX_WORKERS = 8
#: Each reading process is handed its documents in about this many runs: one round trip per
#: run, not per file, yet runs short enough that one slow run does not leave the others idle.
READ_RUNS_PER_WORKER = 24
#: Folders whose enclosing git repository the extract stage remembers (one lookup per folder).
GIT_ROOT_CACHE_SIZE = 4096
#: The most reading processes ``--workers`` (config ``workers``) may ask for.
MAX_WORKERS = 256
#: How much lower the reading processes run than the scan's own process, whose checker thread
#: is sending requests meanwhile (a nice increment; 0 turns it off).
READER_NICENESS = 10
#: Analysed documents are remembered (see factscache) for this long; "today" is part of the
#: key too, so in practice an entry serves the runs of one day.
FACTS_CACHE_MAX_AGE = 86400
#: The parsers whose upgrade must invalidate remembered documents (their files are stat'ed).
FACTS_CACHE_DEPENDENCIES = (
    "bs4",
    "lxml",
    "markdown_it",
    "mdurl",
    "linkify_it",
    "htmldate",
    "dateutil",
    "idna",
    "yaml",
    "charset_normalizer",
    "dateparser",
)
#: Standard input has no name to tell its format: this much of its start is looked at (a
#: front matter, a heading or a link near the top is enough to tell).
SNIFF_BYTES = 64 * 1024
#: HTML tags (a closing one among them) that make a fragment without Markdown signs HTML even
#: when it does not open with a tag: one ``<b>bold</b>`` in a plain text does not.
SNIFF_MIN_HTML_TAGS = 4
#: Formats ``--type`` accepts.
FORMATS = ("text", "markdown", "html")
#: A file larger than this is refused (one line in ``errors``), not read into memory.
MAX_INPUT_BYTES = 64 * 1024 * 1024
#: Share of NUL / control bytes in the first block that marks a file as binary.
BINARY_SNIFF_BYTES = 8192
BINARY_CONTROL_RATIO = 0.10
#: A file with no charset that is not UTF-8 is read in the encoding charset-normalizer detects;
#: among its candidates within this much "chaos" of the best, windows-1252 (what the web reads
#: Latin-1 as) wins, since a short Western text looks as much like cp1250 as like cp1252.
ENCODING_CHAOS_TIE = 0.02
#: Undecodable bytes a mostly-UTF-8 file may hold and still be read as UTF-8 (each replaced by
#: U+FFFD): at most this share of its well-formed multi-byte characters.
UTF8_REPLACEMENT_RATIO = 1.0
#: HTML nesting deeper than this is flattened by lxml's recovery; we never recurse on it.
MAX_HTML_DEPTH = 512
#: Markdown nested deeper than markdown-it's limit (20 for CommonMark) is read by a plain-text
#: pass; Markdown that follows such a block, where the parser swallowed it, is parsed afresh, at
#: most this many times per document (then the rest is read as plain text: linear time).
MAX_MARKDOWN_RESUMES = 64
#: The HTML report's reading view of an HTML article shows at most this many paragraphs.
READING_MAX_PARAGRAPHS = 5000

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
#: An anchor text reads as a title only with at least this many words (three capitalised words
#: are usually a name: "European Central Bank").
MIN_TITLE_WORDS = 4
#: A headline in sentence case needs more words before it is told from a descriptive phrase.
MIN_SENTENCE_CASE_TITLE_WORDS = 5
#: A URL path segment is a slug only with at least this many words (IDs and digits not counted).
MIN_SLUG_WORDS = 3
#: Share of a title's significant words that must appear in a URL's slug to tie them together.
TITLE_SLUG_MATCH = 0.6
#: Below this share of agreement between a cited title and a slug, META002 fires.
SLUG_MISMATCH_THRESHOLD = 0.25
#: ARCH002 with ``named_posts_only`` (the docs pack): words that call a link a post, in the
#: link's text or its sentence ("announced in this channel post", "a thread on Reddit"),
#: compared case-folded at the start of a word (CJK: anywhere).
POST_WORDS = (
    "post", "tweet", "toot", "skeet", "thread", "message", "announc", "channel", "status",
    "video", "livestream", "reel", "telegram", "twitter", "instagram", "tiktok", "youtube",
    "mastodon", "bluesky", "reddit", "beitrag", "nachricht", "publication", "mensaje",
    "publicación", "publicação", "пост", "сообщени", "канал", "投稿", "ツイート", "帖子", "推文",
)  # fmt: skip
#: ARCH002: words saying a post or its account is gone (suspended, deleted), in the link's
#: sentence: the writer notes it, and there is no live post left to archive.
GONE_POST_WORDS = (
    "suspended", "deleted", "removed", "taken down", "no longer available", "deactivated",
    "gesperrt", "gelöscht", "supprimé", "suspendu", "eliminad", "suspendid", "borrad",
    "удал", "заблокирован", "削除", "凍結", "已删除", "被封",
)  # fmt: skip
#: META002: how much of the prose on each side of a link is read to tell a headline quoted as
#: a title from words that describe the subject in the writer's own sentence.
TITLE_CONTEXT_CHARS = 300
#: META002: a capitalised link text of at most this many words, inside a sentence, is a name
#: (the person or place a story is about), not a headline.
NAME_MAX_WORDS = 4
#: META002: words that, just before a link, introduce a cited headline ("see", "read",
#: "titled"); a colon does too.
TITLE_CUE_WORDS = (
    "see", "read", "titled", "entitled", "headlined", "headline", "wrote", "up", "published",
    "article", "story", "piece", "report", "post", "column", "essay", "op-ed", "also",
    "lire", "siehe", "lesen", "ver", "leia", "leggi", "читайте", "см",
)  # fmt: skip
#: META002 compares only a headline slug: a last path segment of at least this many meaningful
#: words (three letters and more, not function words, not ids).
MIN_HEADLINE_SLUG_WORDS = 3
#: ... and a cited title of at least this many meaningful words.
MIN_MISMATCH_TITLE_WORDS = 3
#: META002: two words share a stem when they begin with at least this many letters alike.
STEM_PREFIX_CHARS = 4
#: META002: hosts whose paths name repositories, issues, pull requests and packages, not
#: headlines (their /blog/ pages excepted).
NO_SLUG_HOSTS = (
    "github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sourceforge.net", "sr.ht",
    "pypi.org", "npmjs.com", "crates.io", "docs.rs", "pkg.go.dev", "rubygems.org",
    "packagist.org", "nuget.org", "hub.docker.com", "marketplace.visualstudio.com",
)  # fmt: skip
#: META002: a path with one of these segments is a tracker, a listing, a search or an API
#: reference, not a headline.
NO_SLUG_SEGMENTS = frozenset({
    "issues", "issue", "pull", "pulls", "merge_requests", "commit", "commits", "tree", "blob",
    "releases", "compare", "search", "tag", "tags", "category", "categories", "topics", "label",
    "labels", "author", "authors", "user", "users", "profile", "api", "reference",
    "wiki",  # a wiki's page name: its links show any text ("[[Page|what the reader sees]]")
})  # fmt: skip
#: META002: a site's section names. A path's last words that are all section names ("world
#: latin america" before a story's number, "world news asia pacific" after it) name where the
#: story is filed, not its headline.
SECTION_WORDS = frozenset({
    "news", "world", "local", "national", "international", "nation", "politics", "business",
    "economy", "markets", "money", "finance", "sport", "sports", "science", "technology", "tech",
    "health", "entertainment", "culture", "arts", "life", "lifestyle", "style", "travel",
    "opinion", "opinions", "weather", "education", "environment", "media", "africa", "asia",
    "pacific", "europe", "america", "americas", "latin", "middle", "east", "north", "south",
    "west", "australia", "canada", "india", "china", "england", "scotland", "wales", "ireland",
    "northern", "london", "nachrichten", "politik", "wirtschaft", "kultur", "monde", "actualites",
    "economie", "mundo", "noticias", "economia", "deportes", "mondo", "cronaca", "esteri",
})  # fmt: skip
#: META002: the words of a link text that is a date and time (a post's timestamp permalink,
#: "October 1st, 2010 at 4:35PM"): no headline at all, whatever the slug says.
TIMESTAMP_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "st", "nd", "rd",
    "th", "at", "on", "am", "pm", "utc", "gmt", "est", "pst", "cet", "of", "the", "posted",
    "januar", "februar", "märz", "maerz", "juni", "juli", "oktober", "dezember", "um", "uhr",
    "janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août",
    "aout", "septembre", "octobre", "novembre", "décembre", "decembre", "le", "à", "h",
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre", "de", "del", "a", "las",
})  # fmt: skip

# --- link rules (LINK008 duplicates, LINK012 private addresses) ------------------------------
#: LINK008: the same URL on lines at most this far apart is a pasted duplicate (1: adjacent
#: lines; a source cited again a paragraph later is normal writing and does not count).
DUPLICATE_LINK_NEAR_LINES = 1
#: LINK008: a list item is a source entry (a list of them is a bibliography) when it has at
#: most this many words besides its link's ("[Title](url), Reuters, 12 May").
SOURCE_ENTRY_MAX_OTHER_WORDS = 8
#: LINK008: how much of a list item is read to tell a source entry from a prose item.
LIST_ITEM_MAX_CHARS = 4_000
#: LINK008: how far back the list enclosing a link is looked for (a wiki's reference list is
#: long: its first item may stand this far before the entry).
SOURCE_LIST_LOOKBACK_CHARS = 400_000
#: LINK008: headings (casefolded, first words) over a list of sources, in several languages.
SOURCE_LIST_HEADINGS = (
    "sources", "source", "references", "reference", "links", "further reading", "see also",
    "bibliography", "citations", "works cited", "read more", "related links",
    "external links", "resources", "quellen", "literatur", "weblinks", "einzelnachweise",
    "références", "liens", "bibliographie", "fuentes", "referencias", "enlaces", "fonti",
    "bibliografia", "riferimenti", "collegamenti", "bronnen", "referenties", "źródła",
    "источники", "ссылки", "литература", "джерела", "посилання", "література",
    "πηγές", "αναφορές", "kaynaklar", "出典", "参考文献", "参考资料", "来源",
)  # fmt: skip
#: How far back (characters) HTML is searched for the open list item or heading a link sits in.
HTML_LOOKBACK_CHARS = 50_000
#: LINK012: how many characters either side of a loopback address are read for an instruction.
INSTRUCTION_CONTEXT_CHARS = 160
#: LINK012: words (casefolded word starts; CJK as written) that tell the reader to run, start,
#: open or visit something on their own machine: an address near one is an instruction.
LOCAL_SERVER_WORDS = (
    "run", "start", "launch", "open", "visit", "navigat", "brows", "server", "serve", "listen",
    "localhost", "locally", "port", "preview", "access", "go to", "point your", "available at",
    "öffne", "starte", "aufruf", "besuch", "führen", "ouvr", "lanc", "démarr", "exécut",
    "navigateur", "serveur", "rendez", "abre", "abrir", "inici", "ejecut", "naveg", "servidor",
    "apri", "avvi", "esegu", "abra", "acess", "откр", "запуст", "перейд", "сервер", "браузер",
    "зайд", "відкр", "сервер", "打开", "运行", "启动", "访问", "浏览器", "服务器", "開く",
    "起動", "実行", "ブラウザ", "サーバ",
)  # fmt: skip
#: LINK013: short links that a shortener's owner keeps for its own service: the reader knows
#: where they go (a Google Maps place), so they are not hidden destinations.
FIRST_PARTY_SHORT_LINKS = ("goo.gl/maps/", "maps.app.goo.gl/", "g.co/kgs/")
#: LINK008/LINK014: a saved page that declares no address of its own belongs to the site that
#: at least this many of its links, and this share of them, point to (its own navigation).
OWN_SITE_MIN_LINKS = 10
OWN_SITE_MIN_SHARE = 0.3
#: LINK014: how much of an HTML page's head is searched for ``<base href>``.
HTML_HEAD_CHARS = 20_000
#: LINK014: query parameters that make a link an affiliate link (the site's own choice).
AFFILIATE_PARAMETERS = (
    "aff*", "affiliate*", "ascsubtag", "linkcode", "irclickid", "clickref", "awc", "associate*",
)  # fmt: skip
#: LINK014: parameters that make an affiliate link only with ``rel="sponsored"`` or
#: ``"nofollow"`` beside them (``tag=`` on a store link; ``?tag=python`` is also a blog's tag).
AFFILIATE_WEAK_PARAMETERS = ("tag", "ref", "partner*", "camp", "creative")
#: LINK014: a campaign source naming the citing site must be at least this long to count
#: (a domain name of one or two letters would match stray tags).
OWN_CAMPAIGN_MIN_CHARS = 3

# --- findings ------------------------------------------------------------------------------
FAIL_ON_DEFAULT = "error"

# --- time ----------------------------------------------------------------------------------
#: TIME001: what a page says when it keeps adding to itself (a round-up of reports, a running
#: list): it may cite what appeared after it was first published (compared case-folded).
RUNNING_LIST_PHRASES = (
    "this story will be updated", "this list will be updated", "this post will be updated",
    "this page will be updated", "this article will be updated", "we will update this",
    "we'll update this", "continuously updated", "regularly updated", "we add them as",
    "added as we find", "as they come in", "let us know of others", "wird laufend", "wird fortlaufend",
    "laufend aktualisiert", "laufend ergänzt", "mis à jour au fur et à mesure",
    "régulièrement mis à jour", "se actualizará", "en constante actualización",
    "будет дополняться", "список дополняется", "随時更新", "随時追加", "順に追加", "追加していきます",
    "追記していきます", "持续更新", "不断更新",
)  # fmt: skip
#: TIME001 tolerance past a firm latest writing date.
TIME_TOLERANCE_DAYS = 7
#: TIME001 tolerance past an inferred date when nothing bounds the writing date from above.
TIME_INFERRED_TOLERANCE_DAYS = 180
#: Weekday-only references pin writing to within this many days after the events.
CONTEMPORANEOUS_DAYS = 7
#: A month-day without a year may name an upcoming day this far after the reference date.
MONTH_DAY_AHEAD_DAYS = 31
#: A year the text states this close (characters) to a weekday and month-day without a year
#: ("Monday, Dec. 14" beside a quoted email of 12/15/15 in "December 2015") may be the one meant.
WEEKDAY_YEAR_NEAR_CHARS = 600
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
#: The shortest --timeout (seconds) a scan may use: below it every request would time out.
NET_MIN_TIMEOUT = 0.1
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
#: A site section (first path segment) whose answers take this long on average (a moving
#: average, `NET_SECTION_EWMA_WEIGHT`), and far longer than the host's usual answers, is slow:
#: at most one request of it is in flight, so a slow section never holds all of a host's
#: slots while its fast pages wait.
NET_SLOW_SECTION_S = 0.5
#: ... "far longer": this many times the median of the host's recent answer times.
NET_SLOW_SECTION_FACTOR = 8.0
#: How many recent answer times the host's median is taken over.
NET_LATENCY_WINDOW = 32
#: Imported by the checker's warm-up, before the first URLs arrive (httpx and httpcore import
#: them on the first connection; missing ones are skipped).
NET_WARM_UP_MODULES = ("h11", "anyio._backends._asyncio")
#: Weight of the newest answer in a section's moving average (one slow page among fast ones
#: does not make a section slow; a few in a row do).
NET_SECTION_EWMA_WEIGHT = 0.25
#: ... each answer counted at most this long, so that one timeout among fast answers cannot
#: make a busy section (Wikipedia's /wiki) slow on its own: two slow answers in a row can.
NET_SECTION_SAMPLE_CAP_S = 1.5
#: Per-host circuit breaker: after this many 429s or timeouts in a row from one host (any
#: other answer resets the count), or once its Retry-After waits add up to the budget below
#: (seconds), the host's remaining URLs are reported blocked (429) or timed out without
#: another request. Without it an always-429 host with Retry-After 3 held 1,000 URLs ~50 h.
NET_HOST_BREAKER_STRIKES = 5
NET_HOST_RETRY_AFTER_BUDGET = 60.0
#: Most retries --retries (and the ``retries`` config key) may ask for.
NET_MAX_RETRIES = 5
#: Connection pools: one per HTTPS host name (a certificate is verified per name), at most
#: this many open at once (least recently used closed first), each keeping few idle
#: connections, briefly: 400 HTTPS origins under ``ulimit -n 256`` ran out of descriptors.
NET_HTTPS_POOLS = 32
NET_POOL_KEEPALIVE = 2  # idle connections kept per HTTPS pool
NET_HTTP_KEEPALIVE = 16  # idle connections kept by the one plain-http pool
NET_KEEPALIVE_EXPIRY = 5.0  # seconds an idle connection is kept
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
#: Bodies read besides HTML: robots.txt, when --respect-robots asks for it.
NET_TEXT_TYPES = ("text/plain",)
#: Home page and project URL named in the User-Agent (with the version from ``__about__``).
NET_USER_AGENT_URL = "https://github.com/linkaudit/linkaudit"
#: Cache: fresh results are reused for this long; failures for a shorter time (they are often
#: transient, and re-reporting a stale failure is the complaint lychee#2105 fixed).
NET_CACHE_MAX_AGE = 86400
NET_CACHE_FAILURE_MAX_AGE = 3600
#: sqlite busy timeout, so two scans sharing a cache wait instead of failing.
NET_CACHE_BUSY_MS = 10_000
#: Results are written to the cache in batches of this many during a run, not all at the end.
NET_CACHE_WRITE_BATCH = 200
#: ... and at least this often (seconds), so that a run killed mid-way (a crash, a worker lost)
#: loses only its last moments' results: started again, it fetches nothing it had kept.
NET_CACHE_WRITE_EVERY_S = 2.0
#: Result stores (linkaudit.store): a bulk read asks for this many keys per query (under
#: sqlite's 999 bound parameters of old builds; PostgreSQL takes them as one array).
STORE_READ_BATCH = 500
#: The sqlite file inside a cache folder (--cache-dir, or --store naming a folder).
STORE_SQLITE_FILE = "checks.sqlite3"
#: Tries (and the wait before the next, growing) to switch a new sqlite store to WAL while
#: another process opens it too.
STORE_SQLITE_WAL_TRIES = 8
STORE_SQLITE_WAL_WAIT_S = 0.05
#: PostgreSQL: seconds to wait for a connection, and the tables (prefixed: the database is
#: often shared with other tools).
STORE_PG_CONNECT_TIMEOUT_S = 5
STORE_PG_CHECKS_TABLE = "linkaudit_checks"
STORE_PG_PAGES_TABLE = "linkaudit_pages"
#: PostgreSQL advisory lock held while creating the tables, so two runs starting at once on an
#: empty database do not both try (an arbitrary constant: "linkaudit" in ASCII, truncated).
STORE_PG_SCHEMA_LOCK = 0x6C696E6B61756469
#: "No network" needs at least this many distinct hosts tried, all failing at DNS/connect.
NET_DOWN_MIN_HOSTS = 2
#: Soft-404 probe: only for pages that already look suspicious, one per host, this path length.
NET_PROBE_TOKEN_BYTES = 12
#: Soft-404: a probe answer this similar (0..1, on visible words) to the page marks it soft 404.
NET_PROBE_SIMILARITY = 0.9
#: Soft-404 / bot wall: a title (or h1) part decides alone only when it is at most this many
#: words and is essentially the phrase ("Page not found", "Error 404", "Access denied"); a
#: longer title that merely contains it ("... body still not found") only earns the probe.
NET_SOFT404_TITLE_MAX_WORDS = 6
#: Web archive endpoints (Wayback availability API; Memento TimeGate).
NET_WAYBACK_API = "https://archive.org/wayback/available"
#: The Wayback Machine's capture index: its first row for a URL is the URL's first capture (the
#: availability API's "closest to 1996" is known to be inexact).
NET_WAYBACK_CDX_API = "https://web.archive.org/cdx/search/cdx"
NET_MEMENTO_TIMEGATE = "https://web.archive.org/web/"
#: A first capture later than both TIME001's limit and the article's date plus this many days
#: is named in the finding as corroboration (never on its own, and never raising severity: an
#: obscure page is often captured late).
NET_ARCHIVE_LATE_DAYS = 30
#: META001: below this fuzzy similarity (0..1) a cited title and a page title disagree.
META_TITLE_SIMILARITY = 0.6
#: META004: URL date and page published date further apart than this disagree.
META_DATE_TOLERANCE_DAYS = 2

# --- time: mentions, URL dates, reference-date inference ------------------------------------
#: Characters either side of a date mention kept as its ``context``.
MENTION_CONTEXT_CHARS = 60
#: How far back (characters) a year mention looks for future-tense cues ("due in", "by", "will").
FUTURE_CUE_WINDOW = 40
#: How far back words announcing an upcoming event ("Tour dates:", "tickets for") still make a
#: month-day without a year an event to come (a list of dates may follow one heading).
UPCOMING_CUE_WINDOW = 160
#: Years outside this range are never read from a URL path (IDs look like years too).
URL_MIN_YEAR = 1990
URL_MAX_YEAR = 2100
#: Text read for a dateline: this many non-blank lines from the top of the document.
DATELINE_LINES = 6
#: A full date on a dateline line that is longer than this (characters) is prose, not a dateline.
DATELINE_MAX_LINE = 120
#: Sample of the text used to guess its language for month names (characters).
LANG_SAMPLE_CHARS = 4000
#: Metadata keys naming the publication date, strongest first.
META_DATE_KEYS = (
    "article:published_time",
    "datepublished",
    "published_time",
    "og:published_time",
    "published",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "time",
    "article:modified_time",
    "datemodified",
    "modified",
    "updated",
    "lastmod",
)
#: A "N years after <event>" mention matches an explicit year when writing year - year is
#: within this many years of N (one either side: "nearly three years" may cross a new year).
RELATIVE_YEAR_SLACK = 1
#: Scores of the constraints on a candidate writing year (see reference.py).
SCORE_WEEKDAY_ADJACENT = 4.0  # "Tuesday, Sept. 19" agrees in that year
SCORE_WEEKDAY_DOC = 2.0  # a month-day falls on a weekday the text names as a date
# A full date falls on a weekday the text names as a date ("on Tuesday" ... "October 9, 2018"):
# a 1-in-7 coincidence otherwise, so the piece is most likely contemporaneous with that date.
SCORE_FULL_DATE_WEEKDAY = 3.0
SCORE_RELATIVE_EXACT = 3.0  # "three years after" + an explicit year lands exactly here
SCORE_RELATIVE_NEAR = 1.0  # ... lands one year off (allowed by "nearly", "more than")
SCORE_LATEST_EVENT = 1.0  # the latest past year the text reports (a piece follows its events)
SCORE_THIS_YEAR = 2.0  # "this year"/"earlier this year" beside the candidate year
#: A text-inferred writing year is given only at or above this score, and this far ahead of the
#: runner-up: below either the text does not date the piece and we say so (None). 4 means no
#: single constraint dates a piece alone ("four years ago" + some year is not enough).
MIN_YEAR_SCORE = 4.0
MIN_YEAR_MARGIN = 2.0
#: How far past the latest explicit year a writing year is considered (the piece may be later).
CANDIDATE_YEARS_AHEAD = 4
#: Confidence given per source of the reference date.
CONFIDENCE_CLI = 1.0
CONFIDENCE_METADATA = 0.95
CONFIDENCE_DATELINE = 0.85
#: A photo credit this close after a date makes it a caption's date (when the picture was taken).
CAPTION_CREDIT_CHARS = 60
#: ... and to htmldate's guess (it may pick any date on the page: never declared, never firm).
CONFIDENCE_HEURISTIC = 0.5
#: TIME004: a declared date and the text's implied range may disagree by this much.
REFERENCE_CONFLICT_DAYS = 30
#: TIME005 (off by default): a source this much older than the events it is cited for.
STALE_SOURCE_YEARS = 10

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
#: A site generator's config file larger than this is not read (it cannot be a config).
SITE_CONFIG_MAX_BYTES = 1024 * 1024
#: Outside a repository, the search for a site generator's config goes at most this many
#: folders up from a document (inside one it stops at the repository's root).
SITE_SEARCH_MAX_PARENTS = 6
#: A Docusaurus config is read for at most this many docs instances, each options object over
#: at most this many characters (a real site has a handful of short ones; a hostile or broken
#: file of unclosed ``docs: {`` costs no more than this).
SITE_MAX_DOCS_INSTANCES = 32
SITE_CONFIG_OBJECT_MAX_CHARS = 64 * 1024
#: A site's list of pages (for Hugo's ref "name" and Jekyll's post_url lookups) is built from
#: at most this many files; a larger tree leaves such links unresolved by name (not reported).
SITE_MAX_INDEXED_FILES = 50_000
#: How much of a doc's start is read for the front matter that sets its URL (``id``, ``slug``,
#: ``permalink``): these keys stand at the top of a page.
SITE_FRONT_MATTER_MAX_BYTES = 4096
#: Linked pages whose anchors are kept while a scan runs (a docs site links its pages to each
#: other from many documents; each is parsed once).
LOCAL_ANCHOR_CACHE = 1024

# -- saved web pages (readers.savedpage, checks.saved) -------------------------------------------
#: How far into an HTML file a browser's "saved from url=" mark is looked for (it stands first).
SAVED_MARK_WINDOW = 8192
#: A page none of whose relative links (at least this many distinct ones) exists on disk was
#: saved out of its site: its relative links are not checked as files.
DETACHED_MIN_RELATIVE = 3

# -- page furniture inside the article (readers.furniture) ---------------------------------------
#: A heading longer than this is prose, not the title of a "Related" / "Lesen Sie auch" block.
FURNITURE_HEADING_MAX_CHARS = 60
#: A block with at least this many links, whose text is at least this share link text, and
#: whose links go at least this share to the page's own site, is a promo list, not sources.
FURNITURE_LIST_MIN_LINKS = 3
FURNITURE_LIST_MIN_LINK_SHARE = 0.7
FURNITURE_LIST_MIN_OWN_SHARE = 0.75
#: A paragraph with at least this much text (and under half of it link text) is running prose:
#: its links stay citations even inside a block with a furniture heading or a promo list.
PROSE_MIN_CHARS = 120
#: A promo list is short: a block with more text than this is not read as one.
FURNITURE_LIST_MAX_CHARS = 3000
FURNITURE_LIST_MAX_LINKS = 64
#: The text of a block is read over at most this many nodes (tags and strings): a block
#: bigger than that is no short list, label or card, and deep nesting costs no more.
FURNITURE_TEXT_MAX_NODES = 1500
#: Block headings and promo lists are looked for this many levels above a link at most (they
#: hold their links closely; deep or hostile nesting costs no more).
FURNITURE_MAX_DEPTH = 12
#: How far up from a link its paragraph is looked for (a link in <p><em><a>).
FURNITURE_PROSE_DEPTH = 6
#: A link around a picture, marked as an image or a gallery, whose own words are at most this
#: many ("Launch gallery", a credit, an icon's label), is a media widget, not a source.
IMAGE_LINK_MAX_LABEL_WORDS = 4
#: A link whose whole text is a counter ("2.8k comments", "View discussions in 3 other
#: communities") is at most this long: a control of the site's, not a cited title.
COUNTER_LABEL_MAX_CHARS = 60
#: A listing of the site's other entries ("Recent entries", "Our latest stories", an archive or
#: calendar) is read up to this many characters, and may hold at most this much text that is not
#: link text per link (a byline, a date, "3 min read"): more is prose, and stays the piece's.
LISTING_MAX_CHARS = 12000
LISTING_MAX_OTHER_CHARS_PER_LINK = 80
#: An <article> with at most this much text, most of it link text, beside another <article>
#: this many levels up at most, is a teaser card in a grid of stories, not the piece.
TEASER_CARD_MAX_CHARS = 300
TEASER_CARD_SIBLING_DEPTH = 3
#: A block with a story's picture link and headline link to the same page is a teaser when its
#: text is at most this long (a headline, a line of blurb, "Photos"): more is the writer's prose.
TEASER_ITEM_MAX_CHARS = 400
#: A feed of another site's headlines: at least this many links, all to that one site, at least
#: this share of the block's text, each link's words (the median) a headline of this many words.
HEADLINE_FEED_MIN_LINKS = 4
HEADLINE_FEED_MIN_LINK_SHARE = 0.9
HEADLINE_MIN_WORDS = 3

#: A saved page is a platform's listing or search page (ARCH002: its posts are its results)
#: when links to one platform, at least this many of its posts among them, make at least this
#: share of its links to other sites, and it has at most this many paragraphs of prose of its own.
PLATFORM_PAGE_MIN_POSTS = 5
PLATFORM_PAGE_MIN_SHARE = 0.75
PLATFORM_PAGE_MAX_PROSE_PARAGRAPHS = 1

# -- affiliate links (checks.links: LINK008, LINK014) ----------------------------------------------
#: Hosts of affiliate networks' redirectors (a monetised link the site put there on purpose,
#: whatever its parameters): Skimlinks, Sovrn/VigLink, Rakuten, CJ, Awin, Partnerize, Pepperjam,
#: AvantLink, eBay's partner network, Amazon's associate short links.
AFFILIATE_HOSTS = (
    "go.redirectingat.com", "go.skimresources.com", "redirect.viglink.com",
    "click.linksynergy.com", "anrdoezrs.net", "dpbolvw.net", "jdoqocy.com", "kqzyfj.com",
    "tkqlhce.com", "awin1.com", "prf.hn", "pntra.com", "gopjn.com", "pjtra.com",
    "avantlink.com", "rover.ebay.com", "amzn.to",
)  # fmt: skip

# -- stale sources (extract.claimtime, TIME005) ---------------------------------------------------
#: How far around a citation its sentence and paragraph are looked for.
CLAIM_CONTEXT_CHARS = 600
#: A claim placed within this many days before the piece's date is about recent events.
CLAIM_RECENT_DAYS = 400
#: A year this close to the source's own date, named beside the citation, means the source is
#: cited for events of its own time (a 2003 release for a 2003 award).
CLAIM_SOURCE_YEAR_SLACK = 1
#: Words that place a claim in the present or the last few days (several languages; folded).
CLAIM_RECENT_WORDS = (
    "now", "currently", "recently", "latest", "new", "newly", "today", "tonight", "yesterday",
    "this week", "so far", "at present", "at the moment", "as of", "still",
    "jetzt", "derzeit", "aktuell", "heute", "gestern", "neue", "neuen", "neuesten",
    "actuellement", "aujourd'hui", "récemment", "nouveau", "nouvelle",
    "actualmente", "hoy", "ayer", "recientemente", "nuevo", "nueva", "agora", "hoje", "ontem",
    "atualmente", "recentemente",
)  # fmt: skip
#: Words that place a claim in the past: history, founding, origins (several languages).
CLAIM_HISTORY_WORDS = (
    "history", "historic", "historical", "historically", "founded", "founding", "established",
    "was born", "were born", "originally", "first published", "at the time", "back then",
    "in the past", "century", "decades", "was honoured", "was honored", "was awarded",
    "geschichte", "gegründet", "histoire", "historique", "fondé", "fondée", "historia",
    "histórico", "fundado", "fundada",
)  # fmt: skip
#: How much of the citing sentence TIME005's evidence quotes.
CLAIM_EVIDENCE_CHARS = 300
#: A citing sentence with at most this many words besides its link's text is a label for the
#: link ("Source:", "Read more:"): the link is cited for its paragraph as a whole.
CLAIM_LABEL_MAX_WORDS = 3
#: Recent-claim words that also begin names ("New Zealand", "Nouvelle-Aquitaine"): counted only
#: in lower case.
CLAIM_NAME_WORDS = ("new", "neue", "neuen", "nouveau", "nouvelle", "nuevo", "nueva", "latest")

# -- embedded posts (readers.embeds) -------------------------------------------------------------
#: How far up from a link its embedded post's outer element is looked for (an Instagram embed
#: nests its links some eight levels deep).
EMBED_MAX_DEPTH = 12
#: A site's wrapper named "tweet" or "embed" holds one short post: more text than this (or more
#: links than that) is a wrapper around the article, whose links stay citations.
EMBED_MAX_CHARS = 1500
EMBED_MAX_LINKS = 12

# -- paid blocks (readers.furniture) -------------------------------------------------------------
#: A label saying a block is paid ("Paid Partner", "Sponsored by X", "Anzeige") is short, and
#: besides the label words holds at most a sponsor's name of this many words.
PAID_LABEL_MAX_CHARS = 48
PAID_LABEL_MAX_OTHER_WORDS = 3

# -- distributed scans (linkaudit.cluster, --cluster) --------------------------------------------
#: Documents per extract (and judge) task: large enough that a task's overhead (scheduling, a
#: round trip) is small beside its reading, small enough that a worker lost mid-run costs little.
CLUSTER_CHUNK_DOCUMENTS = 256
#: A small archive is cut into at least this many chunks per worker thread (so that each
#: worker reads some of it, and a worker lost mid-run takes little with it).
CLUSTER_TASKS_PER_THREAD = 4
#: Seconds to wait for a scheduler named by ``--cluster tcp://…`` (and for a local cluster's
#: workers to start) before the scan stops with a one-line error.
CLUSTER_CONNECT_TIMEOUT_S = 30
#: The most worker processes ``--cluster local:N`` starts.
CLUSTER_MAX_LOCAL_WORKERS = 64
