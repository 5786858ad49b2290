"""What a recorded chain of exchanges means: the protocol logic as plain data, no I/O.

``runner.py`` does the fetching and hands over what it saw; everything here is a pure
function of that (like hishel's sans-I/O core), so each verdict is tested without a server:

- `next_hop` decides where a redirect leads (or that the chain must stop: loop, limit, a
  non-http scheme);
- `retry_delay` decides whether to try again and after how long (Retry-After honoured,
  clamped; exponential backoff with full jitter otherwise);
- `classify` turns the chain into a `LinkCheck` in the design's status vocabulary.

Order of judgement for a 2xx answer: a bot, cookie or login wall is *blocked* (not verified,
not proven broken) before anything is called a soft 404; then strong soft-404 signals (title
or heading says not found, a deep link sent to the home page, a 404-looking final path); then
the random-path probe's verdict if one was made; then redirected (a permanent hop) or ok.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from linkaudit import settings
from linkaudit.model import LinkCheck, PageMeta
from linkaudit.net.fetch import Exchange

__all__ = [
    "Hop",
    "next_hop",
    "retry_delay",
    "parse_retry_after",
    "classify",
    "soft404_signal",
    "looks_suspicious",
    "wall_signal",
    "probe_says_soft404",
    "same_site",
    "is_home",
    "RETRYABLE_ERRORS",
    "chain_cookies",
]

RETRYABLE_ERRORS = frozenset({"connect", "timeout", "protocol"})
PERMANENT = frozenset({301, 308})
BLOCKED_STATUS = frozenset({401, 403, 407, 429, 451, 999})
NETWORK_ERRORS = {
    "dns": "unreachable",
    "connect": "unreachable",
    "tls": "unreachable",
    "protocol": "unreachable",
    "headers": "unreachable",
    "timeout": "timeout",
    "private": "private",
    "metadata": "private",
    "host": "private",
    "scheme": "skipped",
}

# "Not found" as page titles and headings say it, in the languages newsrooms cite most.
_NOT_FOUND = re.compile(
    r"^\W*(?:error\W*)?(?:404|410)\b|\b(?:404|410)\W*(?:error|page|not found)\b"
    r"|\berror\W*(?:404|410)\b|page not found|not found|page (?:does not|doesn't) exist"
    r"|no longer (?:exists|available)|page (?:cannot|can't|could not) be found"
    r"|seite (?:wurde )?nicht gefunden|nicht gefunden|page (?:introuvable|non trouvée)"
    r"|página no encontrada|no se encontr[óo]|pagina non trovata|página não encontrada"
    r"|pagina niet gevonden|sidan (?:kunde inte hittas|hittades inte)|nie znaleziono"
    r"|sayfa bulunamadı|страница не найдена|не найдена|сторінку не знайдено"
    r"|ページが見つかりません|页面不存在|找不到页面|페이지를 찾을 수 없습니다",
    re.I,
)
# The same phrases, but as the whole of a short title part: filler words ("Oops", "Error",
# "404", "Sorry, the") around them are allowed, a headline's other words are not.
_NF_FILLER = (
    r"(?:oops|whoops|sorry|error|http|uh\W*oh|the|this|that|requested|\(?40[04]\)?|\(?410\)?)"
)
_NOT_FOUND_STRONG = re.compile(
    rf"^\W*(?:{_NF_FILLER}\W+)*"
    r"(?:404|410"
    r"|(?:page|file|article|resource|content|document|url)?\W*not found"
    r"|page (?:does not|doesn't) exist|(?:page\W+)?(?:is\W+)?no longer (?:exists|available)"
    r"|page (?:cannot|can't|could not) be found"
    r"|seite (?:wurde )?nicht gefunden|nicht gefunden|page (?:introuvable|non trouvée)"
    r"|página no encontrada|no se encontr[óo]|pagina non trovata|página não encontrada"
    r"|pagina niet gevonden|sidan (?:kunde inte hittas|hittades inte)|nie znaleziono"
    r"|sayfa bulunamadı|страница не найдена|не найдена|сторінку не знайдено"
    r"|ページが見つかりません|页面不存在|找不到页面|페이지를 찾을 수 없습니다)"
    rf"(?:\W+{_NF_FILLER})*\W*$",
    re.I,
)
# Title parts: "Page not found | Example News" -> "Page not found", "Example News".
_TITLE_PARTS = re.compile(r"\s+[|\-–—:·•»/]\s+|\s+::\s+")
# Weaker words: enough to be suspicious (and probe), never enough to decide.
_SUSPICIOUS = re.compile(
    r"\b(?:oops|sorry|error|unavailable|removed|deleted|missing|gone|expired)\b", re.I
)
# A bot wall's title is the phrase itself ("Just a moment...", "Access denied"), never a
# headline that contains it ("Journalists access denied at border crossing").
_BOT_WALL = re.compile(
    r"^\W*(?:(?:error|sorry|http|403|\d{3})\W+)*"
    r"(?:just a moment|attention required|access (?:denied|blocked)|are you a (?:robot|human)"
    r"|captcha|verify (?:you are|that you're) (?:a )?human|bot (?:check|verification|detection)"
    r"|(?:one more step|security check)|ddos[- ]guard|request blocked|pardon our interruption"
    r"|human verification)"
    r"(?:\W+(?:required|needed|in progress|please wait|error|403|cloudflare|\w+ check))*\W*$",
    re.I,
)
_COOKIE_WALL = re.compile(r"cookie|consent|privacy (?:choices|settings)", re.I)
_LOGIN_PATH = re.compile(
    r"/(?:login|log-in|signin|sign-in|sign_in|subscribe|subscription|paywall|auth|account/login|"
    r"register|accounts/login)(?:[/.?]|$)",
    re.I,
)
# A whole path segment (with an extension, or "error-404" style): "/news/error-in-census-data"
# is an article, "/error", "/404.html", "/page-not-found/" are error pages.
_ERROR_PATH = re.compile(
    r"/(?:(?:error|http)[-_]?)?(?:404|410|not[-_]?found|page[-_]?not[-_]?found|error)"
    r"(?:[-_]?(?:page|error))?(?:\.\w+)?(?:/|$)",
    re.I,
)
# "/", "/index.html", "/home", and language roots written as folders ("/en/", "/pt-br/").
_HOME_PATHS = re.compile(
    r"^/?(?:(?:index|default|home)(?:\.\w+)?|[a-z]{2}(?:[-_][a-z]{2})?/)?$", re.I
)


@dataclass(frozen=True, slots=True)
class Hop:
    """Where a redirect leads: the next URL, or why the chain stops (loop, limit, scheme)."""

    url: str | None
    stop: str | None = None
    detail: str | None = None
    #: a URL of the chain asked for again, with the cookie its redirect just set (a cookie
    #: check: "/a" sets a cookie and redirects to "/a"); fetched once more, outside the memo
    again: bool = False


def _strip_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def next_hop(chain: Sequence[Exchange], max_redirects: int) -> Hop:
    """The URL the last redirect of ``chain`` points to, checked against loops and limits."""
    last = chain[-1]
    target = _strip_fragment(urljoin(last.url, (last.location or "").strip()))
    scheme = urlsplit(target).scheme.lower()
    if scheme not in settings.FETCHED_SCHEMES:
        return Hop(None, "scheme", f"redirect to a {scheme or 'relative'}: URL refused")
    again = target in {e.url for e in chain}
    if again and not (
        last.headers.get("set-cookie")
        and same_site(last.url, target)
        and sum(e.url == target for e in chain) < 2
    ):
        return Hop(None, "loop", f"redirect loop back to {target}")
    if len(chain) > max_redirects:
        return Hop(None, "limit", f"more than {max_redirects} redirects")
    return Hop(target, again=again)


_COOKIE_SPLIT = re.compile(r",\s*(?=[!#$%&'*+.^_`|~0-9A-Za-z-]+=)")


def chain_cookies(chain: Sequence[Exchange], host: str) -> str | None:
    """A ``Cookie`` header for ``host`` from the cookies this chain's answers from ``host``
    set (name=value only, later ones win): cookies live for one chain, never a run."""
    jar: dict[str, str] = {}
    for exchange in chain:
        if (urlsplit(exchange.url).hostname or "").lower() != host:
            continue
        for cookie in _COOKIE_SPLIT.split(exchange.headers.get("set-cookie", "")):
            name, sep, value = cookie.split(";", 1)[0].strip().partition("=")
            if sep and name:
                jar[name] = value
    return "; ".join(f"{k}={v}" for k, v in jar.items()) or None


def parse_retry_after(value: str | None, now: dt.datetime, cap: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` (delta-seconds or HTTP-date), clamped to [0, cap]."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - now).total_seconds()
    return max(0.0, min(cap, seconds))


def retry_delay(
    exchange: Exchange,
    attempt: int,
    *,
    now: dt.datetime,
    base: float = settings.NET_BACKOFF_BASE,
    cap: float = settings.NET_RETRY_AFTER_CAP,
    rng: random.Random | None = None,
) -> float | None:
    """None when ``exchange`` is final; else seconds to wait before try ``attempt + 1``.

    Connection errors, timeouts, 5xx (not 501) and 429 are retried. A server's
    ``Retry-After`` wins; otherwise exponential backoff with full jitter (a random share of
    ``base * 2**attempt``, at most ``NET_BACKOFF_CAP``), so retries of many URLs do not
    arrive together.
    """
    status = exchange.status
    retryable = exchange.error in RETRYABLE_ERRORS or status == 429
    retryable = retryable or (status is not None and status >= 500 and status != 501)
    if not retryable:
        return None
    asked = parse_retry_after(exchange.headers.get("retry-after"), now, cap)
    if asked is not None:
        return asked
    if status == 429:
        return min(cap, settings.NET_429_DEFAULT_BACKOFF * 2**attempt)
    step = min(settings.NET_BACKOFF_CAP, base * 2**attempt)
    return step * (0.5 + 0.5 * (rng or random).random())


def same_site(a: str, b: str) -> bool:
    """Same host, ignoring ``www.`` and the port (enough to tell a cross-site redirect)."""

    def host(u: str) -> str:
        h = (urlsplit(u).hostname or "").lower()
        return h[4:] if h.startswith("www.") else h

    return host(a) == host(b)


def is_home(url: str) -> bool:
    """A site's front page: ``/``, ``/index.html``, ``/en/`` and the like, with no query."""
    parts = urlsplit(url)
    return not parts.query and bool(_HOME_PATHS.match(parts.path or "/"))


def _title_text(page: PageMeta | None) -> str:
    if page is None:
        return ""
    return " | ".join(t for t in (page.title, page.h1) if t)


def _title_parts(page: PageMeta | None) -> list[str]:
    """The title's and h1's parts without the site name, each short enough to be a verdict."""
    if page is None:
        return []
    site = " ".join(re.findall(r"\w+", (page.site_name or "").casefold()))
    parts = []
    for text in (page.title, page.h1):
        if not text:
            continue
        for part in [text, *_TITLE_PARTS.split(text)]:
            words = re.findall(r"\w+", part.casefold())
            if not words or (site and " ".join(words) == site):
                continue
            if len(words) <= settings.NET_SOFT404_TITLE_MAX_WORDS:
                parts.append(part.strip())
    return parts


def _title_says(pattern: re.Pattern[str], page: PageMeta | None) -> str | None:
    return next((p for p in _title_parts(page) if pattern.search(p)), None)


def _same_page_path(a: str, b: str) -> bool:
    """Paths that differ at most by a trailing slash (``/en`` -> ``/en/``) name one page."""
    pa, pb = urlsplit(a).path or "/", urlsplit(b).path or "/"
    return pa.rstrip("/") == pb.rstrip("/")


def wall_signal(url: str, chain: Sequence[Exchange], page: PageMeta | None) -> str | None:
    """Why the answer is a wall in front of the page (bot, cookie, login/paywall), if it is."""
    final = chain[-1]
    if final.headers.get("cf-mitigated", "").lower() == "challenge":
        return "bot wall (challenge page)"
    title = _title_text(page)
    if _title_says(_BOT_WALL, page):
        return f"bot wall (page title: {page.title if page else title!r})"
    if len(chain) > 1:
        parts = urlsplit(final.url)
        host = (parts.hostname or "").lower()
        if host.startswith(("consent.", "cookies.", "privacy.")) or (
            _COOKIE_WALL.search(parts.path) and _COOKIE_WALL.search(title)
        ):
            return "cookie wall (redirected to a consent page)"
        if _LOGIN_PATH.search(parts.path) and not _LOGIN_PATH.search(urlsplit(url).path):
            return "login or paywall (redirected to a sign-in page)"
        if host.startswith(("accounts.", "login.", "auth.", "signin.")) and not same_site(
            url, final.url
        ):
            return "login wall (redirected to a sign-in site)"
    return None


def soft404_signal(
    url: str, chain: Sequence[Exchange], page: PageMeta | None, phrases: Sequence[str] = ()
) -> str | None:
    """A strong sign that a 200 answer is really "not found", or None.

    ``phrases`` are a rule pack's own wordings (LINK006 ``phrases``): like the built-in ones
    they decide only in a short title part, never inside a long headline.
    """
    final = chain[-1]
    if _title_says(_NOT_FOUND_STRONG, page) or (
        phrases
        and any(phrase in part.casefold() for part in _title_parts(page) for phrase in phrases)
    ):
        return f"the page title says not found ({page.title or page.h1 if page else ''!r})"
    if len(chain) > 1 and not (same_site(url, final.url) and _same_page_path(url, final.url)):
        if not is_home(url) and is_home(final.url) and same_site(url, final.url):
            return "a deep link redirected to the site's home page"
        if _ERROR_PATH.search(urlsplit(final.url).path) and not _ERROR_PATH.search(
            urlsplit(url).path
        ):
            return f"redirected to an error page ({final.url})"
    return None


def looks_suspicious(url: str, chain: Sequence[Exchange], page: PageMeta | None) -> bool:
    """Worth one probe of a random path on the host: weak words, or a redirect elsewhere."""
    if is_home(url):
        return False
    title = _title_text(page)
    if _SUSPICIOUS.search(title) or _NOT_FOUND.search(title):  # a headline may say "not found"
        return True
    if page is not None and page.canonical and is_home(page.canonical):
        return True
    return len(chain) > 1 and not _same_page_path(chain[-1].url, url)


def _words(body: bytes) -> set[str]:
    text = re.sub(rb"<script.*?</script>|<style.*?</style>|<[^>]+>", b" ", body, flags=re.S | re.I)
    return set(re.findall(r"\w+", text.decode("utf-8", "replace").lower()))


def probe_says_soft404(
    page_chain: Sequence[Exchange], probe_chain: Sequence[Exchange] | None
) -> bool:
    """A random path on the host answered like the page did: same final URL or same text."""
    if not probe_chain:
        return False
    probe, page = probe_chain[-1], page_chain[-1]
    if probe.status is None or not 200 <= probe.status < 300:
        return False
    if len(probe_chain) > 1 and len(page_chain) > 1 and probe.url == page.url:
        return True
    a, b = _words(page.body), _words(probe.body)
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= settings.NET_PROBE_SIMILARITY


def _redirects(chain: Sequence[Exchange]) -> tuple[dict[str, object], ...]:
    out: list[dict[str, object]] = []
    for here, there in zip(chain, chain[1:], strict=False):
        out.append({"url": here.url, "status": here.status, "location": there.url})
    if chain and chain[-1].is_redirect:  # the hop that was not followed (loop, limit, scheme)
        last = chain[-1]
        out.append({"url": last.url, "status": last.status, "location": last.location})
    return tuple(out)


def classify(
    url: str,
    chain: Sequence[Exchange],
    *,
    stop: Hop | None = None,
    page: PageMeta | None = None,
    probe_verdict: bool = False,
    checked_at: str | None = None,
    phrases: Sequence[str] = (),
) -> LinkCheck:
    """The verdict on ``url`` from the exchanges that fetching it produced."""
    if not chain:
        return LinkCheck(status="skipped", reason="nothing was fetched", checked_at=checked_at)
    final = chain[-1]
    common = {
        "http_status": final.status,
        "final_url": final.url,
        "redirects": _redirects(chain),
        "checked_at": checked_at,
        "elapsed_ms": sum(e.elapsed_ms for e in chain),
        "content_type": final.content_type or None,
        "attempts": chain[0].attempts,
        "body_truncated": final.truncated,
    }

    def verdict(status: str, reason: str | None = None, error: str | None = None) -> LinkCheck:
        return LinkCheck(status=status, reason=reason, error=error, **common)  # type: ignore[arg-type]

    if stop is not None and stop.stop in ("loop", "limit"):
        return verdict("loop", stop.detail)
    if stop is not None and stop.stop == "scheme":
        return verdict("skipped", stop.detail, "scheme")
    if final.error is not None:
        status = NETWORK_ERRORS.get(final.error, "unreachable")
        where = "" if len(chain) == 1 else f" (after redirect to {final.url})"
        return verdict(status, f"{final.detail}{where}", final.error)

    code = final.status or 0
    if 200 <= code < 300:
        wall = wall_signal(url, chain, page)
        if wall:
            return verdict("blocked", wall)
        soft = soft404_signal(url, chain, page, phrases)
        if soft:
            return verdict("soft404", soft)
        if probe_verdict:
            return verdict("soft404", "a random path on the same site gives the same page")
        if any(e.status in PERMANENT for e in chain[:-1]):
            return verdict("redirected", "permanent redirect")
        return verdict("ok")
    if code in BLOCKED_STATUS or (code == 503 and wall_signal(url, chain, page)):
        why = {429: "rate limited (429) after retries", 401: "needs a login (401)"}.get(
            code, f"access refused ({code})"
        )
        if code == 429 and final.detail:  # the host was given up (per-host circuit breaker)
            why = f"rate limited (429): {final.detail}"
        wall = wall_signal(url, chain, page)
        return verdict("blocked", f"{why}; {wall}" if wall else why)
    if 300 <= code < 400:
        return verdict("broken", f"HTTP {code} without a usable Location")
    if code >= 500:
        return verdict("broken", f"server error ({code}) after {final.attempts} tries")
    return verdict("broken", f"HTTP {code}")
