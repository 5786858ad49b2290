"""Builders for time tests: a Document and its Links straight from text, no reader needed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from linkaudit.engine.registry import REGISTRY, Issue, RuleContext
from linkaudit.extract.dates import extract_mentions
from linkaudit.extract.reference import infer_reference_date
from linkaudit.extract.urldates import url_date
from linkaudit.model import DocMeta, Document, Link, LinkRef, PageMeta, TextMap

KARABAKH = Path(__file__).parents[2] / "shared" / "examples" / "karabakh-2023.txt"
_URL = re.compile(r"https?://[^\s<>\"')\]]+")


def build(
    text: str,
    *,
    meta: DocMeta | None = None,
    pages: Mapping[str, PageMeta] | None = None,
    published: dt.date | None = None,
    today: dt.date = dt.date(2026, 12, 1),
    params: Mapping[str, Any] | None = None,
) -> RuleContext:
    """A RuleContext for ``text``: URLs found and masked, mentions and reference date inferred."""
    tm_full = TextMap(text)
    refs: list[LinkRef] = []
    for m in _URL.finditer(text):
        line, col = tm_full.position(m.start())
        refs.append(LinkRef(url=m.group(0), line=line, column=col))
    masked = _URL.sub(lambda m: " " * len(m.group(0)), text)
    doc = Document(
        source="t.txt",
        format="text",
        raw=text,
        text=TextMap(masked),
        refs=tuple(refs),
        meta=meta or DocMeta(),
    )
    links: dict[str, list[LinkRef]] = {}
    for r in refs:
        links.setdefault(r.url, []).append(r)
    link_objs = tuple(
        Link(
            url=u,
            normalized_url=u,
            fragment=None,
            locations=tuple(rs),
            scheme=u.split(":", 1)[0],
            host=u.split("/")[2],
            fetchable=True,
            url_date=url_date(u),
            page=(pages or {}).get(u),
        )
        for u, rs in links.items()
    )
    mentions = extract_mentions(doc.text)
    reference = infer_reference_date(doc, mentions, published=published, today=today)
    return RuleContext(
        doc=doc,
        links=link_objs,
        mentions=mentions,
        reference=reference,
        params=params or {},
        today=today,
    )


def run(rule_id: str, ctx: RuleContext) -> list[Issue]:
    import linkaudit.checks.time  # noqa: F401  (registers the rules)

    return list(REGISTRY[rule_id].check(ctx))
