"""Small builders shared by the rules-engine tests."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from linkaudit.engine.registry import RuleContext
from linkaudit.extract.urls import group_links
from linkaudit.model import Document, Link, LinkCheck, PageMeta, ReferenceDate, UrlDate
from linkaudit.readers import read_document


def doc(text: str, fmt: str = "markdown", source: str = "a.md") -> Document:
    return read_document(source, text.encode(), fmt)


def links_of(d: Document) -> tuple[Link, ...]:
    return group_links(d.refs)


def context(
    d: Document,
    links: tuple[Link, ...] | None = None,
    reference: dt.date | None = None,
    offline: bool = True,
) -> RuleContext:
    ref = (
        ReferenceDate(reference, "day", "cli", reference, reference, firm=True)
        if reference
        else None
    )
    return RuleContext(
        doc=d,
        links=links if links is not None else links_of(d),
        mentions=(),
        reference=ref,
        params={},
        today=dt.date(2030, 1, 1),
        offline=offline,
    )


def with_facts(
    link: Link,
    status: str | None = None,
    http_status: int | None = None,
    final_url: str | None = None,
    url_date: dt.date | None = None,
    title: str | None = None,
) -> Link:
    from dataclasses import replace

    check = (
        LinkCheck(status=status, http_status=http_status, final_url=final_url) if status else None
    )
    page = PageMeta(title=title) if title else None
    udate = UrlDate(url_date, "day", url_date.isoformat()) if url_date else None
    return replace(link, check=check, page=page, url_date=udate)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """linkaudit as a command, in ``cwd``, with this checkout first on the path."""
    root = Path(__file__).resolve().parents[1]
    return subprocess.run(
        [sys.executable, "-m", "linkaudit", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )
