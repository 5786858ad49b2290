"""Dates in URL paths and queries: many sites file an article under the day it was published.

A date read here is the earliest day the URL can mean (``/2026/06/`` is 2026-06-01), with its
precision. Numbers that only look like dates — IDs such as ``/1234/5678/``, impossible days — are
rejected: a false URL date would make an honest citation look impossible.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from urllib.parse import parse_qsl, unquote, urlsplit

from linkaudit import settings
from linkaudit.model import UrlDate

__all__ = ["url_date"]

_Y = r"(?P<y>(?:19|20)\d\d)"
# /2026/06/14/  /2026/6/14  (a slash or the end after the day)
_YMD_SLASH = re.compile(_Y + r"/(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?=/|$|[.?#_-])")
# 2026-06-14, 2026_06_14, 2026.06.14 bounded by non-digits
_YMD_SEP = re.compile(
    r"(?<!\d)" + _Y + r"(?P<s>[-_.])(?P<m>0[1-9]|1[0-2])(?P=s)(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)
# /2016-07/08/ (a year-month folder, then the day: common on news sites)
_YM_D = re.compile(
    r"(?<!\d)" + _Y + r"[-_](?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?=/|$)"
)
# 20260614 bounded by non-digits
_YMD_COMPACT = re.compile(r"(?<!\d)" + _Y + r"(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
# /2019/nov/18/ (The Guardian and others spell the month)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_WORD = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_YMD_NAMED = re.compile(
    _Y + r"/(?P<mon>" + _MONTH_WORD + r")/(?P<d>0?[1-9]|[12]\d|3[01])(?=/|$|[.?#_-])",
    re.IGNORECASE,
)
# After /YYYY/MM/NN: a hyphen and a word (not a number) starts the slug, so NN is the title's
# number ("/2016/09/18-best-jokes-of-the-roast"), and only the month is known.
_TITLE_NUMBER = re.compile(r"-[^\W\d_]")
# /2026/06/  or /2026-06/
_YM = re.compile(r"(?:^|/)" + _Y + r"[/-](?P<m>0?[1-9]|1[0-2])(?=/|$)")
# /2026/slug-with-words
_Y_SLUG = re.compile(r"(?:^|/)" + _Y + r"/(?=[^/]*[A-Za-z]{3})")


#: Web archives: a date in their URLs is when a copy was made (``/web/20240614.../``).
_ARCHIVE_HOSTS = frozenset(
    {
        "archive.org",
        "archive.today",
        "archive.ph",
        "archive.is",
        "archive.li",
        "archive.vn",
        "archive.fo",
        "archive.md",
        "webcitation.org",
        "arquivo.pt",
    }
)
_EMBEDDED_URL = re.compile(r"https?:/+[^/?#\s]+\.[^/?#\s]+.*", re.IGNORECASE)
#: Path segments followed by an ID (kept short and sure: a real date never follows these).
_ID_SEGMENTS = frozenset(
    {
        "pull",
        "pulls",
        "issues",
        "issue",
        "commit",
        "commits",
        "merge_requests",
        "item",
        "id",
        "p",
        "status",
        "statuses",
        "story_fbid",
        "ticket",
        "tickets",
    }
)
#: Query keys whose values are IDs (``?id=20240614``, ``?story_fbid=...``).
_ID_KEYS = frozenset({"id", "p", "item", "story_fbid", "fbid", "pid"})


def _make(y: int, m: int, d: int, precision: str, text: str) -> UrlDate | None:
    if not settings.URL_MIN_YEAR <= y <= settings.URL_MAX_YEAR:
        return None
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return None
    return UrlDate(date=day, precision=precision, text=text)


def _from_part(part: str) -> UrlDate | None:
    """The most precise date in one URL part (path or a query value), or None."""
    impossible = False
    for rx in (_YMD_SLASH, _YMD_SEP, _YM_D, _YMD_COMPACT):
        for m in rx.finditer(part):
            if rx is _YMD_SLASH and _TITLE_NUMBER.match(part, m.end()):
                continue  # /2016/09/18-best-jokes: "18 best jokes" is the title, not the day
            found = _make(int(m["y"]), int(m["m"]), int(m["d"]), "day", m.group(0))
            if found:
                return found
            impossible = impossible or rx is _YMD_SLASH
    for m in _YMD_NAMED.finditer(part):
        month = _MONTHS.index(m["mon"][:3].lower()) + 1
        found = _make(int(m["y"]), month, int(m["d"]), "day", m.group(0))
        if found:
            return found
        impossible = True
    if impossible:  # /2023/02/30/ is not "some day in February": the URL is not a date
        return None
    for m in _YM.finditer(part):
        found = _make(int(m["y"]), int(m["m"]), 1, "month", m.group(0).lstrip("/"))
        if found:
            return found
    for m in _Y_SLUG.finditer(part):
        found = _make(int(m["y"]), 1, 1, "year", m.group(0).strip("/"))
        if found:
            return found
    return None


def _archived_original(host: str, path: str, query: str) -> str | None | bool:
    """For a web-archive URL, the archived original URL inside it (None when it holds none);
    False when the URL is not an archive's. The archive's own timestamp is when the copy was
    made, not when the source was published."""
    host = host.lower().rstrip(".")
    if not (host in _ARCHIVE_HOSTS or any(host.endswith("." + h) for h in _ARCHIVE_HOSTS)):
        return False
    m = _EMBEDDED_URL.search(path + (f"?{query}" if query else ""))
    if not m:
        return None
    original = m.group(0)
    return re.sub(r"^(https?:)/+", r"\1//", original, flags=re.I)


def _mask_ids(path: str) -> str:
    """The path with ID segments blanked: ``/pull/2024/12`` is pull request 2024, not a date."""
    segs = path.split("/")
    out: list[str] = []
    after_id = False
    for seg in segs:
        if after_id and (seg.isdigit() or not out or out[-1].lower() in _ID_SEGMENTS):
            out.append("_" * len(seg))  # the ID, and the numbers that follow it
            continue
        after_id = seg.lower() in _ID_SEGMENTS
        out.append(seg)
    return "/".join(out)


@functools.lru_cache(maxsize=65536)
def url_date(url: str) -> UrlDate | None:
    """The date a URL carries (``/2026/06/14/`` and similar), or None.

    Web-archive URLs give the date of the original they hold (a Wayback URL's embedded URL),
    never their own timestamp; numbers after ID segments (``/pull/2024/12``, ``?id=20240614``)
    are IDs, not dates."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    original = _archived_original(parts.hostname or "", parts.path, parts.query)
    if original is None:
        return None
    if isinstance(original, str):
        return url_date(original) if original != url else None
    found = _from_part(_mask_ids(unquote(parts.path)))
    if found:
        return found
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if key.lower() in _ID_KEYS:
            continue
        found = _from_part(value)
        if found and found.precision == "day":
            return found
    return None
