"""Report memory against the number of documents: streamed sinks vs the whole-result writers.

    python bench/stream_memory.py [--docs 10000 100000] [--formats jsonl json sarif]
                                  [--modes stream whole] [--urls 20000] [--distinct]

Each (format, documents, mode) runs in a fresh process, which generates synthetic
`DocumentResult`s one at a time (about 1.4 KB of text, 6 links, 3 findings with evidence, a
reference date on every other one; no extraction, no network) and writes the report:

- ``stream``: through `linkaudit.report.stream.open_sink`, a document at a time, as a pipeline
  feeds it; the generator keeps nothing, so what grows is what the sink keeps;
- ``whole``: today's path, every document collected into one `AuditResult`, then ``render``.

The report goes to a writer that counts and discards its text (``--out DIR`` writes real files
instead), so the figure is the report's own memory, not the page cache. Peak RSS is the
process's high-water mark (``ru_maxrss``) minus its mark after imports and the sink's setup.
Links cite a pool of ``--urls`` distinct URLs (the summary's ``unique_urls`` keeps their set);
``--distinct`` makes every link a new URL, to show what that set costs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linkaudit.model import (  # noqa: E402
    AuditResult,
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
)

LINKS_PER_DOC = 6
_PARAGRAPH = (
    "The council met on the harbour front to hear the port authority's plan for the eastern "
    "quay, and several speakers asked who would pay for the new sea wall. "
)
_REFERENCE = ReferenceDate(
    date=dt.date(2023, 9, 19),
    precision="day",
    source="text",
    earliest=dt.date(2023, 9, 19),
    latest=dt.date(2023, 9, 22),
    confidence=0.9,
    firm=True,
)


def _url(k: int) -> str:
    return f"https://site{k % 200}.example/{2010 + k % 15}/0{1 + k % 9}/story-{k}"


def document(i: int, pool: int, distinct: bool) -> DocumentResult:
    """The ``i``-th synthetic document: deterministic, built afresh, shared with nothing."""
    lines = [f"Story {i}: harbour report", ""]
    links = []
    for j in range(LINKS_PER_DOC):
        k = i * LINKS_PER_DOC + j if distinct else (i * 7919 + j * 104729) % pool
        url = _url(k)
        line = len(lines) + 1
        lines.append(f"{_PARAGRAPH}Source: {url}")
        ref = LinkRef(url=url, line=line, column=len(_PARAGRAPH) + 9, text=None)
        ok = k % 11 != 0
        links.append(
            Link(
                url=url,
                normalized_url=url,
                fragment=None,
                locations=(ref,),
                scheme="https",
                host=url.split("/")[2],
                fetchable=True,
                check=LinkCheck(status="ok" if ok else "broken", http_status=200 if ok else 404),
                page=PageMeta(title=f"Story {k}", published="2024-01-02") if ok else None,
            )
        )
    raw = "\n".join(lines) + "\n"
    source = f"archive/{i // 1000:04d}/story-{i}.md"
    findings = tuple(
        Finding(
            rule=rule,
            name=name,
            severity=severity,
            message=f"{links[n].url} {name.replace('-', ' ')} (document {i})",
            source=source,
            line=links[n].locations[0].line,
            column=links[n].locations[0].column,
            url=links[n].url,
            evidence={"reference": "2023-09-19", "tolerance_days": 7, "n": n},
            fingerprint=f"{i:08x}{n:04x}",
        )
        for n, (rule, name, severity) in enumerate(
            [
                ("TIME001", "source-after-article", Severity.ERROR),
                ("LINK001", "broken-link", Severity.WARNING),
                ("LINK014", "tracking-parameters", Severity.INFO),
            ]
        )
    )
    doc = Document(
        source=source,
        format="markdown",
        raw=raw,
        text=TextMap.of(raw),
        refs=tuple(link.locations[0] for link in links),
    )
    return DocumentResult(
        document=doc,
        links=tuple(links),
        mentions=(),
        reference_date=_REFERENCE if i % 2 else None,
        findings=findings,
        relpath=source,
    )


def documents(n: int, pool: int, distinct: bool) -> Iterator[DocumentResult]:
    for i in range(n):
        yield document(i, pool, distinct)


class Discard:
    """A report target that counts characters and keeps none."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def _peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(fmt: str, n: int, mode: str, pool: int, distinct: bool, out_dir: str | None) -> None:
    from linkaudit.report import render
    from linkaudit.report.stream import RunInfo, RunSummary, open_sink

    options: dict[str, Any] = {"pretty": False} if fmt == "json" else {}
    target = Path(out_dir) / f"{fmt}-{mode}-{n}" if out_dir else None
    with open(target, "w", encoding="utf-8") if target else nullcontext(Discard()) as out:
        sink = open_sink(fmt, out, **options)
        document(0, pool, distinct)  # warm every import the documents need
        base = _peak_kb()
        start = time.perf_counter()
        summary = RunSummary(errors=(InputError("archive/missing.md", "cannot read"),))
        if mode == "stream":
            sink.begin(RunInfo())
            for doc in documents(n, pool, distinct):
                sink.document(doc)
            sink.end(summary)
        else:
            docs = tuple(documents(n, pool, distinct))
            out.write(render(fmt, AuditResult(documents=docs, errors=summary.errors), **options))
        seconds = time.perf_counter() - start
        chars = out.chars if isinstance(out, Discard) else out.tell()
    record = {"format": fmt, "docs": n, "mode": mode, "base_kb": base, "peak_kb": _peak_kb()}
    print(json.dumps({**record, "seconds": round(seconds, 2), "chars": chars}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--formats", nargs="+", default=["jsonl", "json", "sarif"])
    parser.add_argument("--modes", nargs="+", default=["stream", "whole"])
    parser.add_argument("--urls", type=int, default=20_000, help="distinct URLs in the pool")
    parser.add_argument("--distinct", action="store_true", help="every link a new URL")
    parser.add_argument("--out", help="write the reports into this folder instead")
    parser.add_argument("--child", nargs=3, metavar=("FMT", "N", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        fmt, n, mode = args.child
        child(fmt, int(n), mode, args.urls, args.distinct, args.out)
        return
    print("| format | mode | documents | peak RSS growth | wall | report size |")
    print("|---|---|---|---|---|---|")
    for fmt in args.formats:
        for mode in args.modes:
            if mode == "whole" and fmt == "jsonl":
                continue  # JSON Lines has no whole-result writer
            for n in args.docs:
                cmd = [sys.executable, __file__, "--child", fmt, str(n), mode]
                cmd += ["--urls", str(args.urls)] + (["--distinct"] if args.distinct else [])
                cmd += ["--out", args.out] if args.out else []
                line = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
                r = json.loads(line)
                grown = (r["peak_kb"] - r["base_kb"]) / 1024
                print(
                    f"| {fmt} | {mode} | {n:,} | {grown:,.1f} MB | {r['seconds']:.1f} s "
                    f"| {r['chars'] / 1e6:,.0f} M chars |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
