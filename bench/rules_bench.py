"""How much 20 custom CEL rules add to rule evaluation over 10,000 links.

Two documents of 10,000 distinct links each: a *typical* one, where the custom rules rarely fire
(their cost is the conditions), and a *stress* one (hosts, dated paths, utm parameters, broken
and redirected checks) where a fifth of all rule-link pairs fire, so 40,000 findings are also
built, fingerprinted and sorted. Each runs the built-in rules alone, then with 20 custom rules;
the difference is what the custom rules add. The budget is 1 s (issue 5) for the typical case.
Run: ``python bench/rules_bench.py``.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linkaudit.engine.packs import load_pack  # noqa: E402
from linkaudit.engine.registry import RuleContext  # noqa: E402
from linkaudit.engine.runner import active_rules, make_findings  # noqa: E402
from linkaudit.extract.urls import group_links  # noqa: E402
from linkaudit.model import LinkCheck, ReferenceDate, UrlDate  # noqa: E402
from linkaudit.readers import read_document  # noqa: E402

LINKS = 10_000
BUDGET_S = 1.0
HOSTS = ("t.me", "news.example.com", "www.bbc.co.uk", "blog.example.org", "x.com", "bit.ly")
CONDITIONS = (
    'link.host == "t.me"',
    'link.domain == "bbc.co.uk"',
    'link.host.endsWith(".example.org")',
    'link.path.startsWith("/2026/")',
    'link.url.contains("utm_")',
    "link.url_date != null && doc.reference_date != null && link.url_date > doc.reference_date",
    'link.status == "broken"',
    "link.http_status == 404 || link.http_status == 410",
    'link.status == "redirected" && link.final_url != link.url',
    'link.page.title != null && link.page.title.contains("Not Found")',
    'link.host in ["x.com", "twitter.com"]',
    'link.path.matches("^/[0-9]{4}/[0-9]{2}/")',
    "size(link.url) > 200",
    'doc.format == "markdown" && link.host == "bit.ly"',
    'link.domain == "example.com" && link.url_date == null',
    'link.url.startsWith("http://")',
    'link.host.startsWith("www.")',
    'link.path.endsWith(".pdf")',
    'link.status == "timeout" || link.status == "unreachable"',
    'link.url_date != null && link.url_date < "2000-01-01"',
)


def pack_file(directory: Path) -> Path:
    rules = [
        f'[[rule]]\nid = "BENCH{i + 1:03d}"\nname = "bench-{i + 1}"\nseverity = "info"\n'
        f"when = '{cond}'\nmessage = \"{{url}} matched rule {i + 1}\"\n"
        for i, cond in enumerate(CONDITIONS)
    ]
    path = directory / "bench.toml"
    path.write_text('extends = "default"\n' + "\n".join(rules), encoding="utf-8")
    return path


def context(stress: bool) -> RuleContext:
    lines = []
    for i in range(LINKS):
        host = HOSTS[i % len(HOSTS)]
        year = 2019 + i % 9
        if stress:
            url = f"https://{host}/{year}/0{1 + i % 9}/1{i % 9}/story-{i}?utm_source=x"
        else:
            url = f"https://site{i % 50}.example.net/articles/story-{i}"
        lines.append(f"Source {i}: {url}")
    doc = read_document("bench.txt", "\n".join(lines).encode(), "text")
    links = []
    statuses = ("ok", "broken", "redirected", "timeout")
    for i, link in enumerate(group_links(doc.refs)):
        year = 2019 + i % 9
        if not stress:
            links.append(replace(link, check=LinkCheck("ok", 200, link.url)))
            continue
        links.append(
            replace(
                link,
                url_date=UrlDate(dt.date(year, 1 + i % 9, 10 + i % 9), "day", ""),
                check=LinkCheck(
                    status=statuses[i % 4],
                    http_status=(200, 404, 301, None)[i % 4],
                    final_url=link.url,
                ),
            )
        )
    day = dt.date(2023, 9, 19)
    return RuleContext(
        doc=doc,
        links=tuple(links),
        mentions=(),
        reference=ReferenceDate(day, "day", "cli", day, day, firm=True),
        params={},
        today=dt.date(2024, 1, 1),
        offline=False,
    )


def timed(pack_name: str, ctx: RuleContext) -> tuple[float, int]:
    pack = load_pack(pack_name)
    active = active_rules(pack)
    start = time.perf_counter()
    findings = make_findings(active, ctx, source="bench.txt", relpath="bench.txt")
    return time.perf_counter() - start, len(findings)


def measure(custom: str, stress: bool) -> float:
    ctx = context(stress)
    assert len(ctx.links) == LINKS, len(ctx.links)
    timed(custom, ctx)  # warm caches (tldextract, compiled programs)
    base = min(timed("default", ctx) for _ in range(3))
    runs = min(timed(custom, ctx) for _ in range(3))
    added = runs[0] - base[0]
    name = "stress" if stress else "typical"
    print(
        f"{name:8} {LINKS} links, {len(CONDITIONS)} custom rules: built-in {base[0]:.3f} s "
        f"({base[1]} findings), with custom {runs[0]:.3f} s ({runs[1]} findings), "
        f"added {added:.3f} s"
    )
    return added


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        custom = str(pack_file(Path(tmp)))
        typical = measure(custom, stress=False)
        measure(custom, stress=True)
    print(
        f"budget: {BUDGET_S:.1f} s added in the typical case: {'met' if typical < BUDGET_S else 'MISSED'}"
    )
    return 0 if typical < BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
