"""Date mentions in plain text: what a piece says about when things happened.

One pass of one compiled pattern per language set finds full dates, month-days, month-years,
bare years, decades, year ranges, weekdays used as dates and relative expressions. Numbers that
only look like years (prices, counts, phone numbers, ISBNs, versions, event names such as
"Tokyo 2020") are dropped here, because a false year is worse than a missing one: it turns
honest citations into TIME001 errors. The caller masks URLs out of the text beforehand.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache
from typing import Any

from linkaudit import settings
from linkaudit.model import DateMention, TextMap

__all__ = ["extract_mentions", "detect_language", "MONTHS", "WEEKDAYS"]

# --- vocabularies ----------------------------------------------------------------------------
#: English month names and abbreviations (capitalised in text; "may"/"march" lower case are verbs).
MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
#: Month names of other languages, used for full dates ("19. September 2023", "19 septembre").
FOREIGN_MONTHS: dict[str, dict[str, int]] = {
    "de": {
        "januar": 1,
        "jänner": 1,
        "februar": 2,
        "märz": 3,
        "maerz": 3,
        "april": 4,
        "mai": 5,
        "juni": 6,
        "juli": 7,
        "august": 8,
        "september": 9,
        "oktober": 10,
        "november": 11,
        "dezember": 12,
    },
    "fr": {
        "janvier": 1,
        "février": 2,
        "fevrier": 2,
        "mars": 3,
        "avril": 4,
        "mai": 5,
        "juin": 6,
        "juillet": 7,
        "août": 8,
        "aout": 8,
        "septembre": 9,
        "octobre": 10,
        "novembre": 11,
        "décembre": 12,
        "decembre": 12,
    },
    "ru": {
        "января": 1,
        "февраля": 2,
        "марта": 3,
        "апреля": 4,
        "мая": 5,
        "июня": 6,
        "июля": 7,
        "августа": 8,
        "сентября": 9,
        "октября": 10,
        "ноября": 11,
        "декабря": 12,
    },
}
#: Weekday names of the other languages, for a weekday written before a full date
#: ("Freitag, 7. Juli 2023", "vendredi 7 juillet 2023", "пятница, 7 июля 2023").
FOREIGN_WEEKDAYS: dict[str, dict[str, int]] = {
    "de": {
        "montag": 0,
        "dienstag": 1,
        "mittwoch": 2,
        "donnerstag": 3,
        "freitag": 4,
        "samstag": 5,
        "sonnabend": 5,
        "sonntag": 6,
    },
    "fr": {
        "lundi": 0,
        "mardi": 1,
        "mercredi": 2,
        "jeudi": 3,
        "vendredi": 4,
        "samedi": 5,
        "dimanche": 6,
    },
    "ru": {
        "понедельник": 0,
        "вторник": 1,
        "среда": 2,
        "среду": 2,
        "четверг": 3,
        "пятница": 4,
        "пятницу": 4,
        "суббота": 5,
        "субботу": 5,
        "воскресенье": 6,
    },
}
WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_WEEKDAY_ABBR: dict[str, int] = {
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_NUMBER_WORDS: dict[str, float] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "a couple of": 2,
    "a few": 3,
    "half a": 0.5,
}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: A capitalised word right before a year that makes it a name, not a date ("Tokyo 2020").
#: Words that commonly open a date phrase are allowed through.
_YEAR_LEAD_WORDS = _words(
    "in since by until till from before after during of the and or early late mid around "
    "circa spring summer autumn fall winter between through to at for year fiscal than "
    "about also only then when while as on"
)
#: Words before a number that make it something other than a year.
_NOT_YEAR_BEFORE = _words(
    "version ver build release model number no nos page pages pp p room flight route bus "
    "line isbn tel phone fax ext zip index item code article section chapter vol volume "
    "issue patent case order ticket id rank ranked ranking score scored"
)
#: Lower-case words after a number that make it a count or a measure, not a year.
_NOT_YEAR_AFTER = _words(
    "people persons troops soldiers peacekeepers others residents employees workers jobs units "
    "homes houses cases deaths votes members children students km kg mm cm ft mi mph kw mw hp "
    "lb lbs tons tonnes metres meters miles feet dollars euros rubles roubles pounds yen words "
    "pages copies cars vehicles years days hours minutes seconds points m g t bn million "
    "billion thousand percent per calories acres hectares barrels signatures users visitors "
    "refugees migrants civilians fighters prisoners patients hospitals schools villages times "
    "rounds shares seats delegates"
)
_PLURAL_OK = _words("was has is as its this thus across towards plus his yes us")
#: A capitalised word right before a weekday that makes it a feast or a name ("Black Friday").
_WEEKDAY_NAME_LEADS = _words(
    "super black good ash holy maundy cyber giving palm easter fat shrove blue bloody "
    "manic whit low"
)
_FUTURE_CUES = re.compile(
    r"\b(?:will|would|shall|due|expected|expects|scheduled|planned|plans?|aims?|aiming|target"
    r"|targets|goal|goals|deadline|upcoming|forecasts?|projected|slated|set to"
    r"|to be|intends?|ahead of|pledged?|promised?|vowed?|hopes?|wants?)\b"
    r"[^.!?;]*$",
    re.IGNORECASE,
)
#: Words that make a year future only right before it ("by 2030", not "won by 30 points in 2016").
_FUTURE_NEXT_TO = re.compile(r"\b(?:by|until|till|before|next)\s+(?:the\s+end\s+of\s+)?$", re.I)
_CAP_WORD_BEFORE = re.compile(r"([A-Z][A-Za-z]+)\s$")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s*$")
_DETERMINER_BEFORE = re.compile(r"(?:\b[Tt]he|\b[Tt]his|\b[Tt]hat|\w['’]s)\s+$")
_DIGIT_BEFORE = re.compile(r"\d[\s\-./()]{0,2}$")
_MONEY_BEFORE = re.compile(r"(?:[$€£¥₽]|US\$|USD|EUR|GBP|Rs\.?)\s?$")
_AFTER_NUMBER = re.compile(r"^(?:[\-./]\d|,\d{3}|\s?%|\s\d{2}|\s(?:per\s?cent|percent)\b)")
_WORD_AFTER = re.compile(r"^\s+([a-z]+)")
_VERB_WILL_AFTER = re.compile(r"^\s+will\b")


def _name_alt(names: list[str], *, capital: bool) -> str:
    """An alternation of names, longest first; capitalised initial when ``capital``."""
    parts = []
    for name in sorted(set(names), key=len, reverse=True):
        if capital:
            head, rest = name[0], name[1:]
            parts.append(f"[{head.upper()}]" + (f"(?i:{re.escape(rest)})" if rest else ""))
        else:
            parts.append(re.escape(name))
    return "(?:" + "|".join(parts) + ")"


def _build_pattern(lang: str | None) -> re.Pattern[str]:
    """The one pattern of a language set; named groups say which form matched."""
    mon = _name_alt(list(MONTHS), capital=True) + r"\.?"
    wd = _name_alt(list(WEEKDAYS), capital=True)
    wd_any = "(?:" + wd + "|" + _name_alt(list(_WEEKDAY_ABBR), capital=True) + r"\.?)"
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    year = r"(?:1[0-9]\d\d|20\d\d|2100)"
    num_words = "|".join(sorted((re.escape(k) for k in _NUMBER_WORDS), key=len, reverse=True))
    parts = [
        # Month Day, Year  /  Month Day  (optionally led by a weekday)
        rf"(?P<mdy>(?:(?P<mdy_wd>{wd_any}),?\s+)?(?P<mdy_mon>{mon})\s+(?P<mdy_day>{day})\b"
        rf"(?:(?:,\s*|\s+)(?P<mdy_year>{year})\b(?!\d))?)",
        # Day Month Year  /  Day Month
        rf"(?P<dmy>(?:(?P<dmy_wd>{wd_any}),?\s+)?(?:the\s+)?(?P<dmy_day>{day})(?:\s+of)?\s+"
        rf"(?P<dmy_mon>{mon})(?:,?\s+(?P<dmy_year>{year})\b(?!\d))?)",
        # Month Year
        rf"(?P<my>(?P<my_mon>{mon}),?\s+(?:of\s+)?(?P<my_year>{year})\b(?!\d))",
        # ISO date
        r"(?P<iso>(?<![\d\-/.])(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>0[1-9]|1[0-2])"
        r"-(?P<iso_d>0[1-9]|[12]\d|3[01])(?![\d]))",
        # numeric day/month/year
        r"(?P<num>(?<![\d\-/.])(?P<num_a>\d{1,2})(?P<num_sep>[/.])(?P<num_b>\d{1,2})"
        r"(?P=num_sep)(?P<num_y>(?:19|20)\d\d)(?![\d]))",
        # year range: 1992-94, 2019–2020
        rf"(?P<yr>(?<![\d,.\-/$€£])(?P<yr_a>{year})\s?[\-–—]\s?(?P<yr_b>{year}|\d\d)(?![\d\-]))",
        # decade: 1990s, '90s
        r"(?P<dec>(?<![\d,.])(?:(?P<dec_c>1[0-9]|20)(?P<dec_d>\d)0s|['’](?P<dec_s>\d)0s)\b)",
        # bare year
        rf"(?P<y>(?<![\d,.\w])(?P<y_y>{year})(?![\d\w]|,\d|\.\d))",
        # relative: "nearly three years after", "two weeks ago"
        r"(?P<rel>(?i:(?P<rel_q>nearly|almost|about|around|roughly|some|more\s+than|over"
        r"|less\s+than|under|just|only|barely|exactly|at\s+least)\s+)?"
        rf"(?P<rel_n>(?i:{num_words})|\d{{1,2}})\s+(?P<rel_u>(?i:day|week|month|year|decade))s?"
        r"\s+(?P<rel_d>(?i:ago|after|later|before|earlier|since|on|from\s+now)))\b",
        # fixed relatives
        r"(?P<fix>\b(?i:(?P<fix_e>earlier|later)\s+)?(?P<fix_w>(?i:last|next|this|past|"
        r"coming))\s+(?P<fix_u>(?i:week|month|year|weekend))\b)",
        r"(?P<day1>\b(?P<day1_w>[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight)\b)",
        # weekday used as a date
        rf"(?P<wd>\b(?:(?P<wd_m>[Ll]ast|[Nn]ext|[Tt]his(?:\s+coming)?|[Tt]his\s+past|"
        rf"[Ee]arly|[Ll]ate)\s+)?(?P<wd_n>{wd})\b)",
    ]
    foreign = FOREIGN_MONTHS.get(lang or "")
    if foreign:
        fmon = _name_alt(list(foreign), capital=False)
        parts.insert(
            0,
            rf"(?P<fdmy>(?<!\d)(?P<fdmy_day>[12]\d|3[01]|0?[1-9])(?:\.|er)?\s+"
            rf"(?P<fdmy_mon>(?i:{fmon}))\s+(?P<fdmy_year>{year})(?!\d))",
        )
    return re.compile("|".join(parts))


@lru_cache(maxsize=8)
def _pattern(lang: str | None) -> re.Pattern[str]:
    return _build_pattern(lang)


_LANG_HINTS = {
    "de": re.compile(r"\b(?:und|der|die|das|nicht|mit|für|auch|ist|wurde)\b"),
    "fr": re.compile(r"\b(?:les|des|une|est|dans|pour|avec|sur|été|qui)\b"),
}


#: A Cyrillic letter (counted by the regex engine: a Python loop over the sample was half of
#: this guess's time).
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def detect_language(text: str) -> str | None:
    """A rough guess of the text's language among those with month names here (else None)."""
    sample = text[: settings.LANG_SAMPLE_CHARS]
    if not sample:
        return None
    cyr = len(_CYRILLIC.findall(sample))
    if cyr > len(sample) * 0.2:
        return "ru"
    words = max(1, sample.count(" "))
    best, best_n = None, 0
    for lang, rx in _LANG_HINTS.items():
        n = len(rx.findall(sample))
        if n > best_n:
            best, best_n = lang, n
    if best is not None and best_n >= max(3, words * 0.05):
        return best
    return None


def _valid(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _month_num(name: str) -> int:
    key = name.rstrip(".").lower()
    if key in MONTHS:
        return MONTHS[key]
    for table in FOREIGN_MONTHS.values():
        if key in table:
            return table[key]
    return 0


def _weekday_num(name: str | None) -> int | None:
    if not name:
        return None
    key = name.rstrip(".").lower()
    found = WEEKDAYS.get(key, _WEEKDAY_ABBR.get(key))
    if found is None:
        for table in FOREIGN_WEEKDAYS.values():
            if key in table:
                return table[key]
    return found


#: A weekday written right after a date and tied to it: "July 7, a Friday", "July 7, which was
#: a Friday", "7 July (Friday)", "July 7 (Fri.)".
_WEEKDAY_AFTER = re.compile(
    r"(?:,\s*(?:a|which\s+(?:was|is|will\s+be)\s+a|that\s+(?:was|is)\s+a)\s+|\s*\(\s*)"
    r"(?P<w>(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)\b"
    r"|(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\b\.?)(?P<close>\s*\))?"
)


def _weekday_after(s: str, end: int) -> tuple[int | None, int]:
    """The weekday tied to a date by the words right after it, and where those words end
    (None and ``end`` when there is none): the weekday is part of the date, not a mention."""
    m = _WEEKDAY_AFTER.match(s, end, end + 40)
    if m is None or (m.group(0).lstrip().startswith("(") and not m.group("close")):
        return None, end
    return _weekday_num(m.group("w")), m.end()


#: A weekday of another language right before a day ("Freitag, ", "jeudi ", "в пятницу, ").
_FOREIGN_WD_BACK = re.compile(
    r"(?i)(?<!\w)("
    + "|".join(sorted({w for t in FOREIGN_WEEKDAYS.values() for w in t}, key=len, reverse=True))
    + r")\s*,?\s+(?:(?:le|den)\s+)?$"
)

#: Words before a month-day without a year that make it an upcoming event: the day is read
#: forward from the piece's date ("tickets for April 2", "tour dates: April 2 Berlin").
_UPCOMING_CUES = re.compile(
    r"(?:\b(?:tickets?|tour\s+dates|upcoming|on\s+sale|book\s+now|register|registration|rsvp"
    r"|save\s+the\s+date|scheduled\s+for|set\s+for)\b|\bdates\s*:)(?P<rest>[^.!?]*)$"
    r"|\b(?:will|shall)\s+(?:[a-z]+\s+){0,3}(?:on|from|until)?\s*$",
    re.IGNORECASE,
)
#: A past-tense verb between such a cue and the date: the event has happened ("tickets sold
#: out, the concert went ahead on Friday, May 3").
_PAST_VERB = re.compile(
    r"\b(?:was|were|had|went|took|came|sold|began|ran|met|held|[a-z]{2,}ed)\b", re.IGNORECASE
)


def _upcoming(before: str) -> bool:
    """Whether the words before a month-day announce it as an event to come."""
    m = _UPCOMING_CUES.search(before)
    if m is None:
        return False
    rest = m.group("rest")
    return rest is None or _PAST_VERB.search(rest) is None


def _day_num(text: str) -> int:
    return int(text.rstrip("stndrh"))


def _future(text: str, start: int, end: int) -> bool:
    """Whether the words just before a year (same sentence) put it in the future."""
    before = text[max(0, start - settings.FUTURE_CUE_WINDOW) : start]
    return bool(
        _FUTURE_CUES.search(before)
        or _FUTURE_NEXT_TO.search(before)
        or _VERB_WILL_AFTER.match(text, end, end + 6)
    )


def _context(text: str, start: int, end: int) -> str:
    n = settings.MENTION_CONTEXT_CHARS
    return " ".join(text[max(0, start - n) : end + n].split())


def _bare_year_ok(text: str, start: int, end: int) -> bool:
    """Whether a lone four-digit number reads as a year, not money, a count, an ID or a name."""
    before = text[max(0, start - 24) : start]
    if _DIGIT_BEFORE.search(before) or _MONEY_BEFORE.search(before):
        return False
    after = text[end : end + 24]
    if _AFTER_NUMBER.match(after):
        return False
    w = _WORD_AFTER.match(after)
    if w:
        word = w.group(1)
        if word in _NOT_YEAR_AFTER:
            return False
        determined = _DETERMINER_BEFORE.search(before) is not None
        if len(word) > 3 and word.endswith("s") and word not in _PLURAL_OK and not determined:
            return False  # "1500 soldiers"; but "the 2014 storms" is a year
    wb = _WORD_BEFORE.search(before)
    if wb and wb.group(1).lower() in _NOT_YEAR_BEFORE:
        return False
    cap = _CAP_WORD_BEFORE.search(before)
    return not (
        cap and cap.group(1).lower() not in _YEAR_LEAD_WORDS and not _month_num(cap.group(1))
    )


def _weekday_ok(text: str, start: int) -> bool:
    cap = _CAP_WORD_BEFORE.search(text, max(0, start - 16), start)
    return not (cap and cap.group(1).lower() in _WEEKDAY_NAME_LEADS)


# Where a mention can start. Scanning one big alternation at every character is slow in
# Python's engine, so cheap patterns whose first character is a plain set or literal (which
# the engine skips to fast) find the few places worth trying, and the full pattern is only
# matched there.
_TRIGGER = re.compile(r"[0-9A-Z'’]")
_UNIT_TRIGGER = re.compile("day|week|month|year|decade|yesterday|today|tomorrow|tonight")
_REL_BACK = re.compile(
    r"\b(?:(?:nearly|almost|about|around|roughly|some|more\s+than|over|less\s+than|under|just"
    r"|only|barely|exactly|at\s+least)\s+)?(?:"
    + "|".join(sorted((re.escape(k) for k in _NUMBER_WORDS), key=len, reverse=True))
    + r"|\d{1,2})\s+$",
    re.IGNORECASE,
)
_WD_MOD_BACK = re.compile(r"\b(last|next|this(?:\s+coming|\s+past)?|early|late)\s+$")
_FIX_BACK = re.compile(r"\b(?:(?:earlier|later)\s+)?(?:last|next|this|past|coming)\s+$", re.I)


def _starts(s: str) -> list[int]:
    """Sorted offsets where a date mention may begin."""
    starts: list[int] = []
    prev_digit = -2
    for t in _TRIGGER.finditer(s):
        i = t.start()
        c = s[i]
        if c.isdigit():
            if prev_digit == i - 1:  # inside a run of digits
                prev_digit = i
                continue
            prev_digit = i
        elif i and s[i - 1].isalpha():
            continue
        starts.append(i)
    extra = []
    for u in _UNIT_TRIGGER.finditer(s):
        i = u.start()
        if i and s[i - 1].isalpha():
            continue
        if s[i] in "yt" and s.startswith(("yesterday", "today", "tomorrow", "tonight"), i):
            extra.append(i)
            continue
        lo = max(0, i - 40)
        back = _REL_BACK.search(s, lo, i) or _FIX_BACK.search(s, lo, i)
        if back:
            extra.append(back.start())
    if extra:
        starts = sorted(set(starts).union(extra))
    return starts


class _Positions:
    """``TextMap.position`` for increasing offsets in one forward walk (linear, not quadratic)."""

    def __init__(self, tm: TextMap) -> None:
        self.text = tm.text
        self.anchors = tm.anchors
        self.keys = [a[0] for a in tm.anchors]
        self.seg = -1
        self.pos = 0
        self.line = 1
        self.col = 1

    def __call__(self, offset: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.keys, offset) - 1)
        if i != self.seg or offset < self.pos:
            self.seg = i
            self.pos, self.line, self.col = self.anchors[i]
        n = self.text.count("\n", self.pos, offset)
        if n:
            self.line += n
            self.col = offset - (self.text.rfind("\n", self.pos, offset) + 1) + 1
        else:
            self.col += offset - self.pos
        self.pos = offset
        return self.line, self.col


def extract_mentions(
    text: TextMap, *, lang: str | None = None, day_first: bool = False
) -> tuple[DateMention, ...]:
    """Every date-like expression in ``text.text``, in order, with source positions.

    ``lang`` adds that language's month names for full dates (detected when None);
    ``day_first`` reads "05/06/2023" as 5 June (dotted dates are always day first).
    """
    s = text.text
    if lang is None:
        lang = detect_language(s)
    out: list[DateMention] = []
    where = _Positions(text)
    pattern = _pattern(lang)
    last_end = 0
    for st in _starts(s):
        if st < last_end:
            continue
        m = pattern.match(s, st)
        if m is None or m.end() == st:
            continue
        found = _mention(m, s, day_first)
        last_end = m.end()
        if found is None:
            continue
        kind, start, end, fields = found
        last_end = max(last_end, end)  # a tied weekday after the date is part of it
        line, col = where(start)
        out.append(
            DateMention(
                text=s[start:end],
                kind=kind,
                offset=start,
                line=line,
                column=col,
                context=_context(s, start, end),
                **fields,
            )
        )
    return tuple(out)


_Found = tuple[str, int, int, dict[str, Any]]


def _mention(m: re.Match[str], s: str, day_first: bool) -> _Found | None:
    """Turn one match into (kind, start, end, fields), or None when it is not a date."""
    g = m.lastgroup
    start, end = m.span()
    if g in ("mdy", "dmy", "fdmy"):
        p = g
        mon = _month_num(m.group(p + "_mon"))
        d = _day_num(m.group(p + "_day"))
        wd = _weekday_num(m.groupdict().get(p + "_wd"))
        if g == "fdmy":  # "Freitag, 7. Juli 2023": the weekday stands before the day
            back = _FOREIGN_WD_BACK.search(s, max(0, start - 24), start)
            if back:
                wd, start = _weekday_num(back.group(1)), back.start()
        if wd is None:
            wd, end = _weekday_after(s, end)
        ytxt = m.group(p + "_year")
        if ytxt:
            y = int(ytxt)
            if not _valid(y, mon, d):
                return None
            return (
                "full-date",
                start,
                end,
                {
                    "year": y,
                    "month": mon,
                    "day": d,
                    "weekday": wd,
                    "tense": "future" if _future(s, start, end) else "past",
                },
            )
        if not _valid(2000, mon, d):  # 2000 is a leap year: Feb 29 is a possible month-day
            return None
        if g == "dmy" and not m.group("dmy_mon").istitle() and m.group("dmy_mon").isupper():
            return None
        before = s[max(0, start - settings.UPCOMING_CUE_WINDOW) : start]
        upcoming = _upcoming(before)
        return (
            "month-day",
            start,
            end,
            {
                "month": mon,
                "day": d,
                "weekday": wd,
                "tense": "future" if upcoming or _future(s, start, end) else "past",
                # "upcoming": the words right before it announce an event to come
                "qualifier": "upcoming" if upcoming else None,
            },
        )
    if g == "my":
        y = int(m.group("my_year"))
        tense = "future" if _future(s, start, end) else "past"
        return (
            "month-year",
            start,
            end,
            {"year": y, "month": _month_num(m.group("my_mon")), "tense": tense},
        )
    if g in ("iso", "num"):
        if g == "iso":
            y, mo, d = int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d"))
        else:
            a, b, y = int(m.group("num_a")), int(m.group("num_b")), int(m.group("num_y"))
            # dotted dates are day-first everywhere; slashed ones by setting or necessity
            d, mo = (a, b) if m.group("num_sep") == "." or day_first or a > 12 else (b, a)
        if not _valid(y, mo, d):
            return None
        tense = "future" if _future(s, start, end) else "past"
        return ("full-date", start, end, {"year": y, "month": mo, "day": d, "tense": tense})
    if g == "yr":
        a = int(m.group("yr_a"))
        btxt = m.group("yr_b")
        b = int(btxt) if len(btxt) == 4 else (a // 100) * 100 + int(btxt)
        if not a < b <= a + 100 or not _bare_year_ok(s, start, end):
            return None
        tense = "future" if _future(s, start, end) else "past"
        return ("year-range", start, end, {"year": a, "offset_years": float(b - a), "tense": tense})
    if g == "dec":
        if m.group("dec_c"):
            y = int(m.group("dec_c") + m.group("dec_d") + "0")
            if not settings.MIN_YEAR <= y <= settings.MAX_YEAR:
                return None
        else:
            dd = int(m.group("dec_s"))
            y = 1900 + dd * 10 if dd >= 3 else 2000 + dd * 10
        return ("decade", start, end, {"year": y, "approximate": True})
    if g == "y":
        y = int(m.group("y_y"))
        if not settings.MIN_YEAR <= y <= settings.MAX_YEAR or not _bare_year_ok(s, start, end):
            return None
        return (
            "year",
            start,
            end,
            {"year": y, "tense": "future" if _future(s, start, end) else "past"},
        )
    if g == "rel":
        return _relative(m, start, end)
    if g == "fix":
        return _fixed_relative(m, start, end)
    if g == "day1":
        w = m.group("day1_w").lower()
        off = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[w]
        return (
            "relative",
            start,
            end,
            {"offset_days": off, "anchor": "now", "tense": "future" if off > 0 else "past"},
        )
    if g == "wd":
        if not _weekday_ok(s, start):
            return None
        mod = (m.group("wd_m") or "").lower()
        if not mod:  # a lower-case modifier is not a trigger: read it here ("next Monday")
            back = _WD_MOD_BACK.search(s, max(0, start - 20), start)
            if back:
                mod = " ".join(back.group(1).lower().split())
                start = back.start()
        tense = "future" if mod.startswith(("next", "this coming")) else "past"
        return (
            "weekday",
            start,
            end,
            {
                "weekday": WEEKDAYS[m.group("wd_n").lower()],
                "tense": tense,
                "qualifier": mod or None,
            },
        )
    return None


def _relative(m: re.Match[str], start: int, end: int) -> _Found | None:
    ntxt = " ".join(m.group("rel_n").lower().split())
    n = float(ntxt) if ntxt.isdigit() else _NUMBER_WORDS.get(ntxt)
    if n is None:
        return None
    unit = m.group("rel_u").lower()
    direction = " ".join(m.group("rel_d").lower().split())
    qual = " ".join(m.group("rel_q").lower().split()) if m.group("rel_q") else None
    sign = -1 if direction == "ago" else 1
    fields: dict[str, Any] = {
        "anchor": direction,
        "qualifier": qual,
        "approximate": qual is not None or ntxt in ("a few", "a couple of"),
        "tense": "future" if direction == "from now" else "past",
    }
    if unit in ("year", "decade"):
        fields["offset_years"] = sign * n * (10 if unit == "decade" else 1)
    else:
        fields["offset_days"] = int(sign * n * _UNIT_DAYS[unit])
    return ("relative", start, end, fields)


def _fixed_relative(m: re.Match[str], start: int, end: int) -> _Found | None:
    which = m.group("fix_w").lower()
    unit = m.group("fix_u").lower()
    early = (m.group("fix_e") or "").lower() or None
    sign = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}[which]
    fields: dict[str, Any] = {
        "anchor": f"{which}-{unit}",
        "qualifier": early,
        "tense": "future" if sign > 0 or early == "later" else "past",
    }
    if unit == "year":
        fields["offset_years"] = float(sign)
    else:
        fields["offset_days"] = sign * _UNIT_DAYS.get(unit, 7)
    return ("relative", start, end, fields)
