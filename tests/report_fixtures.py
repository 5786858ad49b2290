"""AuditResults built straight from model objects, so reporter tests need no extraction or network.

The main fixture mirrors the design's defining case in an article written for these tests: a
piece pinned to 19 September 2023 that cites a URL dated 2026, plus the other kinds of finding.
"""

from __future__ import annotations

import datetime as dt

from linkaudit.model import (
    AuditResult,
    DateMention,
    Document,
    DocumentResult,
    Finding,
    InputError,
    Link,
    LinkCheck,
    LinkRef,
    PageMeta,
    ReferenceDate,
    Severity,
    TextMap,
    UrlDate,
)

HOSTILE_TITLE = '<script>alert("title")</script>"><img src=x onerror=alert(1)>'
HOSTILE_TEXT = '"><img src=x onerror=alert(2)>'

FUTURE_URL = "https://news.example.org/2026/06/14/harbour-talks-collapse"
SOCIAL_URL = "https://t.me/examplechannel/4411"
MOVED_URL = "http://old.example.net/story?id=7&utm_source=feed"
MOVED_FINAL = "https://www.example.net/story/7"

ARTICLE = """Harbour strike spreads along the coast

On Sept. 19 dock workers in Portmere walked out, and on Tuesday the port authority
said talks had failed, nearly three years after the 2020 settlement.

Earlier coverage: https://archive.example.com/2022/03/01/first-strike
Background: https://news.example.org/2026/06/14/harbour-talks-collapse
Union statement: https://t.me/examplechannel/4411
Again: https://news.example.org/2026/06/14/harbour-talks-collapse
Moved: http://old.example.net/story?id=7&utm_source=feed

Related article: Port Authority Rejects Wage Offer

Ministers are due to meet the unions next week.
"""

SOURCE = "examples/harbour.txt"


def _mention(text: str, kind: str, line: int, column: int, **kw: int) -> DateMention:
    return DateMention(text=text, kind=kind, offset=0, line=line, column=column, **kw)  # type: ignore[arg-type]


MENTIONS = (
    _mention("Sept. 19", "month-day", 3, 4, month=9, day=19),
    _mention("on Tuesday", "weekday", 3, 54, weekday=1),
    _mention("nearly three years after the 2020", "relative", 4, 24),
)

REFERENCE = ReferenceDate(
    date=dt.date(2023, 9, 19),
    precision="day",
    source="text",
    earliest=dt.date(2023, 9, 19),
    latest=dt.date(2023, 9, 22),
    implied_earliest=dt.date(2023, 9, 19),
    implied_latest=dt.date(2023, 9, 22),
    confidence=0.9,
    evidence=MENTIONS,
    reasons=("Sept. 19 is a Tuesday in 2023", "about three years after 2020"),
    firm=True,
)


def _link(
    url: str,
    refs: list[tuple[int, int]],
    *,
    url_date: UrlDate | None = None,
    check: LinkCheck | None = None,
    page: PageMeta | None = None,
    text: str | None = None,
) -> Link:
    locations = tuple(LinkRef(url=url, line=ln, column=col, text=text) for ln, col in refs)
    host = url.split("/")[2]
    return Link(
        url=url,
        normalized_url=url,
        fragment=None,
        locations=locations,
        scheme=url.split(":")[0],
        host=host,
        fetchable=True,
        url_date=url_date,
        check=check,
        page=page,
    )


LINKS = (
    _link(
        "https://archive.example.com/2022/03/01/first-strike",
        [(6, 19)],
        url_date=UrlDate(dt.date(2022, 3, 1), "day", "/2022/03/01/"),
        check=LinkCheck(status="ok", http_status=200, final_url=None),
        page=PageMeta(title="First strike at Portmere", published="2022-03-01"),
    ),
    _link(
        FUTURE_URL,
        [(7, 13), (9, 8)],
        url_date=UrlDate(dt.date(2026, 6, 14), "day", "/2026/06/14/"),
        check=LinkCheck(status="ok", http_status=200),
        page=PageMeta(title=HOSTILE_TITLE, published="2026-06-14"),
        text=HOSTILE_TEXT,
    ),
    _link(SOCIAL_URL, [(8, 18)]),
    _link(
        MOVED_URL,
        [(10, 8)],
        check=LinkCheck(
            status="redirected",
            http_status=200,
            final_url=MOVED_FINAL,
            redirects=({"url": MOVED_URL, "status": 301},),
        ),
    ),
)


def _finding(
    rule: str, name: str, severity: Severity, message: str, line: int, column: int, **kw: object
) -> Finding:
    return Finding(
        rule=rule,
        name=name,
        severity=severity,
        message=message,
        source=SOURCE,
        line=line,
        column=column,
        fingerprint=f"fp-{rule.lower()}-{line}",
        **kw,  # type: ignore[arg-type]
    )


TIME001_EVIDENCE = {
    "source_date": "2026-06-14",
    "source_date_from": "url",
    "reference": {
        "date": "2023-09-19",
        "latest": "2023-09-22",
        "source": "text",
        "firm": True,
    },
    "tolerance_days": 7,
    "mentions": [
        {"text": m.text, "line": m.line, "column": m.column, "kind": m.kind} for m in MENTIONS
    ],
}

_UNSORTED = (
    _finding(
        "TIME001",
        "source-after-article",
        Severity.ERROR,
        f"{FUTURE_URL} is dated 2026-06-14, after this piece was written (2023-09-19 to 2023-09-22)",
        7,
        13,
        url=FUTURE_URL,
        evidence=TIME001_EVIDENCE,
    ),
    _finding(
        "ARCH002",
        "ephemeral-source",
        Severity.WARNING,
        f"{SOCIAL_URL} is a post on t.me, which can be deleted: archive it before publishing",
        8,
        18,
        url=SOCIAL_URL,
        evidence={"platform": "t.me"},
    ),
    _finding(
        "LINK008",
        "duplicate-link",
        Severity.INFO,
        f"{FUTURE_URL} is cited 2 times (lines 7, 9)",
        7,
        13,
        url=FUTURE_URL,
        evidence={"count": 2},
    ),
    _finding(
        "LINK004",
        "redirected",
        Severity.WARNING,
        f"{MOVED_URL} redirects permanently to {MOVED_FINAL}",
        10,
        8,
        url=MOVED_URL,
        suggestion=MOVED_FINAL,
        evidence={"redirects": [{"url": MOVED_URL, "status": 301}]},
    ),
    _finding(
        "META005",
        "missing-link",
        Severity.WARNING,
        "Related article 'Port Authority Rejects Wage Offer' is named | but not linked",
        12,
        1,
        evidence={"label": "Related article", "title": "Port Authority Rejects Wage Offer"},
    ),
)


#: in the engine's order: by line, column, rule
FINDINGS = tuple(sorted(_UNSORTED, key=lambda f: (f.line, f.column, f.rule)))


def article_document(source: str = SOURCE, raw: str = ARTICLE) -> Document:
    refs = tuple(ref for link in LINKS for ref in link.locations)
    return Document(source=source, format="text", raw=raw, text=TextMap.of(raw), refs=refs)


def harbour_result() -> AuditResult:
    """One dated article with every kind of finding, one empty document, one unreadable input."""
    article = DocumentResult(article_document(), LINKS, MENTIONS, REFERENCE, FINDINGS)
    empty_raw = "Nothing to see here.\n"
    empty = DocumentResult(
        Document("examples/empty.md", "markdown", empty_raw, TextMap.of(empty_raw), ()),
        (),
        (),
        None,
        (),
    )
    return AuditResult(
        documents=(article, empty),
        errors=(InputError("examples/missing.md", "cannot read: No such file or directory"),),
    )


def many_links_result(count: int = 500) -> AuditResult:
    """A long document citing ``count`` distinct URLs, a finding on every tenth line."""
    lines = []
    links = []
    findings = []
    for i in range(count):
        year = 2015 + i % 12
        url = f"https://site{i % 37}.example.com/{year}/01/{i:02d}/story-{i}"
        lines.append(f"Paragraph {i} cites {url} as its source.")
        check = LinkCheck(status="ok" if i % 7 else "broken", http_status=200 if i % 7 else 404)
        links.append(
            _link(
                url,
                [(i + 1, 18 + len(str(i)))],
                url_date=UrlDate(dt.date(year, 1, 1), "month", f"/{year}/01/"),
                check=check,
                page=PageMeta(title=f"Story {i} <b>bold</b>", published=f"{year}-01-02"),
            )
        )
        if i % 10 == 0:
            findings.append(
                _finding(
                    "LINK001" if i % 7 == 0 else "TIME001",
                    "broken-link" if i % 7 == 0 else "source-after-article",
                    Severity.ERROR if i % 20 == 0 else Severity.WARNING,
                    f"finding for {url}",
                    i + 1,
                    18 + len(str(i)),
                    url=url,
                )
            )
    raw = "\n".join(lines) + "\n"
    doc = Document("examples/long.txt", "text", raw, TextMap.of(raw), ())
    return AuditResult(
        documents=(DocumentResult(doc, tuple(links), MENTIONS, REFERENCE, tuple(findings)),)
    )
