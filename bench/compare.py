"""Side-by-side network benchmark: linkaudit (the real CLI), lychee and LinkChecker on one
local web and one file corpus with known truth, in the same run. Loopback only.

    python bench/compare.py --out /tmp/la-compare [--lychee BIN] [--linkchecker BIN]
    python bench/compare.py serve --port 8765 --hosts 8     # the web alone (used internally)

The web is `netbench.make_web` (20 ms latency; classes ok, moved, gone, ratelimit in
"window" mode, soft404, loop, slow) on 127.0.0.1-127.0.0.8, started afresh in its own process
for every tool run (so each tool meets the 429 windows, and its request log is its own).
The corpus: 2,000 distinct URLs, each cited twice, in 200 files (67 Markdown, 67 HTML, 66
text); Markdown mixes inline links, autolinks, reference links and bare URLs. The truth is
written to ``OUT/manifest.json``. Each tool runs under ``/usr/bin/time -v``; results go to
``OUT/results.json`` and a Markdown table to stdout.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from netbench import corpus as make_truth  # noqa: E402

INTERVAL_S = 0.05  # linkaudit's and lychee's default per-host request interval
RETRY_AFTER_S = 1.0  # what the web's 429s ask for
BROKEN = {"gone", "loop"}


# -- the web, in its own process ------------------------------------------------------------
def serve(port: int, nhosts: int, log_file: str | None = None) -> None:
    """Serve until stdin closes, then print the request log summary as one JSON line."""
    from netbench import make_web

    hosts = [f"127.0.0.{i}" for i in range(1, nhosts + 1)]
    with make_web(hosts, port) as web:
        print("ready", flush=True)
        sys.stdin.read()  # the parent closes our stdin when the tool is done
        time.sleep(0.2)
        log = list(web.log)
        arrivals = list(web.arrivals)
        peak = web.max_concurrency()
    if log_file:  # every request: host, path, status, start and end (monotonic seconds)
        with open(log_file, "w", encoding="utf-8") as fh:
            for e in log:
                fh.write(json.dumps([e.host, e.path, e.status, e.start, e.end]) + "\n")
    per_host = Counter(h for h, _, _ in arrivals)
    per_path = Counter((h, p) for h, p, _ in arrivals)
    status = Counter(e.status for e in log)
    print(
        json.dumps(
            {
                "requests": len(arrivals),
                "per_host": dict(per_host),
                "peak_in_flight_per_host": peak,
                "status": {str(k): v for k, v in status.items()},
                "max_hits_one_path": max(per_path.values(), default=0),
                "paths_hit_twice_or_more": sum(1 for v in per_path.values() if v > 1),
            }
        ),
        flush=True,
    )


class Web:
    def __init__(self, port: int, nhosts: int, log_file: Path | None = None) -> None:
        cmd = [sys.executable, __file__, "serve", "--port", str(port), "--hosts", str(nhosts)]
        self.proc = subprocess.Popen(
            cmd + (["--log", str(log_file)] if log_file else []),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the local web did not start")

    def stop(self) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        line = self.proc.stdout.readline()
        self.proc.wait(10)
        return json.loads(line)


# -- the corpus -------------------------------------------------------------------------------
def _md_cite(rng: random.Random, url: str, n: int, refs: list[str]) -> str:
    form = rng.choice(("inline", "inline", "auto", "bare", "ref"))
    if form == "inline":
        return f"The report [source {n}]({url}) says so."
    if form == "auto":
        return f"See <{url}> for the record."
    if form == "bare":
        return f"Source: {url}"
    refs.append(f"[r{n}]: {url}")
    return f"As [the statement][r{n}] put it."


def write_corpus(out: Path, truth: dict[str, str], nfiles: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    urls = list(truth)
    cites = urls + urls  # each URL cited twice, in two files (usually different types)
    rng.shuffle(cites)
    exts = ["md", "html", "txt"]
    files: list[list[str]] = [[] for _ in range(nfiles)]
    for i, url in enumerate(cites):
        files[i % nfiles].append(url)
    if out.exists():
        shutil.rmtree(out)
    for ext in exts:
        (out / ext).mkdir(parents=True)
    for i, urls_here in enumerate(files):
        ext = exts[i % 3]
        head = f"Article {i}\n\nPublished 12 March 2024. Updated 14 March 2024.\n"
        if ext == "md":
            refs: list[str] = []
            lines = [f"# Article {i}", "", "Published 12 March 2024.", ""]
            for n, url in enumerate(urls_here):
                lines += [_md_cite(rng, url, n, refs), ""]
            text = "\n".join(lines + refs) + "\n"
        elif ext == "html":
            paras = "\n".join(
                f'<p>Reported by <a href="{u}">source {n}</a>.</p>' for n, u in enumerate(urls_here)
            )
            text = (
                f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
                f"<title>Article {i}</title></head><body><main><article><h1>Article {i}</h1>"
                f"<p>Published <time datetime='2024-03-12'>12 March 2024</time>.</p>\n"
                f"{paras}\n</article></main></body></html>\n"
            )
        else:
            text = (
                head
                + "\n"
                + "\n".join(
                    f"Item {n}: according to {u}{rng.choice(('', '.', ' today'))}"
                    for n, u in enumerate(urls_here)
                )
                + "\n"
            )
        (out / ext / f"a{i:03d}.{ext}").write_text(text, encoding="utf-8")


def files_of(truth: dict[str, str], corpus: Path, exts: tuple[str, ...]) -> set[str]:
    """The URLs cited in files of the given types (what a tool that reads only those sees)."""
    seen: set[str] = set()
    for ext in exts:
        for f in (corpus / ext).glob(f"*.{ext}"):
            text = f.read_text(encoding="utf-8")
            seen.update(u for u in re.findall(r"http://127\.0\.0\.\d:\d+/[\w/]+", text))
    return seen & set(truth)


# -- running a tool --------------------------------------------------------------------------
def timed(cmd: list[str], log: Path, cwd: Path | None = None) -> dict:
    t0 = time.monotonic()
    proc = subprocess.run(
        ["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, cwd=cwd, env=ENV
    )
    wall = time.monotonic() - t0
    log.write_text(proc.stdout + "\n--- stderr ---\n" + proc.stderr, encoding="utf-8")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    return {
        "exit": proc.returncode,
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(int(rss.group(1)) / 1024, 1) if rss else None,
    }


ENV = {
    k: v
    for k, v in os.environ.items()
    if not k.lower().endswith("_proxy")  # loopback only: nothing may be sent elsewhere
}
ENV["NO_PROXY"] = "*"
ENV["PYTHONPATH"] = str(ROOT)


def score(
    truth: dict[str, str], scored: set[str], failed: set[str], soft: set[str]
) -> dict[str, int]:
    broken_truth = {u for u in scored if truth[u] in BROKEN}
    soft_truth = {u for u in scored if truth[u] == "soft404"}
    return {
        "urls_scored": len(scored),
        "broken_found": len(failed & broken_truth),
        "broken_truth": len(broken_truth),
        "soft404_found": len(soft & soft_truth),
        "soft404_truth": len(soft_truth),
        "false_positives": len((failed | soft) - broken_truth - soft_truth),
    }


def read_linkaudit(path: Path) -> tuple[set[str], set[str], Counter]:
    data = json.loads(path.read_text(encoding="utf-8"))
    failed: set[str] = set()
    soft: set[str] = set()
    statuses: Counter = Counter()
    seen: set[str] = set()
    for doc in data["documents"]:
        for link in doc["links"]:
            url, check = link["normalized_url"], link["check"] or {}
            st = check.get("status")
            if url not in seen:
                statuses[st] += 1
                seen.add(url)
            if st in ("broken", "loop", "unreachable", "timeout", "blocked"):
                failed.add(url)
            elif st == "soft404":
                soft.add(url)
    return failed, soft, statuses


def read_lychee(path: Path) -> set[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    failed: set[str] = set()
    for entries in (data.get("error_map") or data.get("fail_map") or {}).values():
        for e in entries:
            failed.add(e["url"])
    return failed


def read_linkchecker(path: Path) -> set[str]:
    failed: set[str] = set()
    rows = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    for row in csv.DictReader(rows, delimiter=";"):
        if row.get("valid", "").strip().lower() in ("false", "0") and row.get("url"):
            failed.add(row["url"])
    return failed


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        sp = argparse.ArgumentParser()
        sp.add_argument("serve")
        sp.add_argument("--port", type=int, default=8765)
        sp.add_argument("--hosts", type=int, default=8)
        sp.add_argument("--log")
        a = sp.parse_args()
        serve(a.port, a.hosts, a.log)
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/la-compare")
    ap.add_argument("--urls", type=int, default=2000)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--hosts", type=int, default=8)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--lychee", default="/tmp/la-peers/bin/lychee")
    ap.add_argument("--linkchecker", default="/tmp/la-peers/bin/linkchecker")
    ap.add_argument("--tools", default="linkaudit,lychee,lychee-hc2,linkchecker")
    ap.add_argument("--la-args", default="", help="extra linkaudit options, e.g. '--per-host 10'")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    hosts = [f"127.0.0.{i}" for i in range(1, args.hosts + 1)]
    truth = make_truth(args.urls, hosts, args.port)
    assert all(urlhost.startswith("http://127.") for urlhost in truth)
    corpus = out / "corpus"
    write_corpus(corpus, truth, args.files)
    (out / "manifest.json").write_text(json.dumps(truth, indent=0), encoding="utf-8")
    all_urls = set(truth)
    md_html = files_of(truth, corpus, ("md", "html"))
    tools = args.tools.split(",")
    rows: list[dict] = []

    def run(name: str, cmd: list[str], cwd: Path | None = None) -> dict:
        print(f"# {name}: {' '.join(cmd)}", file=sys.stderr, flush=True)
        web = Web(args.port, args.hosts, out / f"{name}.requests.jsonl")
        try:
            res = timed(cmd, out / f"{name}.log", cwd)
        finally:
            srv = web.stop()
        res.update(tool=name, command=" ".join(cmd), server=srv)
        res["requests"] = srv["requests"]
        res["max_requests_one_host"] = max(srv["per_host"].values(), default=0)
        res["peak_in_flight_per_host"] = max(srv["peak_in_flight_per_host"].values(), default=0)
        res["served_429"] = srv["status"].get("429", 0)
        res["bound_s"] = round(res["max_requests_one_host"] * INTERVAL_S + RETRY_AFTER_S, 2)
        rows.append(res)
        print(json.dumps(res), file=sys.stderr, flush=True)
        return res

    la = [sys.executable, "-m", "linkaudit"]
    if "linkaudit" in tools:
        cache = out / "la-cache"
        shutil.rmtree(cache, ignore_errors=True)
        base = ["scan", "--allow-private", "--cache-dir", str(cache), "--fail-on", "never", "-q"]
        base += args.la_args.split()
        for label in ("linkaudit", "linkaudit-warm"):
            report = out / f"{label}.json"
            res = run(label, [*la, *base, "--format", "json", "-o", str(report), str(corpus)])
            failed, soft, statuses = read_linkaudit(report)
            res.update(score(truth, all_urls, failed, soft), statuses=dict(statuses))
    for name, extra in (("lychee", []), ("lychee-hc2", ["--host-concurrency", "2"])):
        if name not in tools:
            continue
        report = out / f"{name}.json"
        cmd = [args.lychee, "--no-progress", "--format", "json", "--output", str(report)]
        res = run(name, [*cmd, *extra, str(corpus)])
        res.update(score(truth, all_urls, read_lychee(report), set()))
    if "linkchecker" in tools:
        rc = out / "linkcheckerrc"
        rc.write_text("[MarkdownCheck]\nfilename_re=.*\\.(markdown|md(own)?|mkdn?)$\n")
        report = out / "linkchecker.csv"
        os.chmod(out, 0o777)  # LinkChecker drops root privileges to nobody
        cmd = [args.linkchecker, "--check-extern", "--no-status", "-o", "none"]
        cmd += ["-F", f"csv/utf-8/{report}", "-f", str(rc), str(corpus)]
        res = run("linkchecker", cmd)
        res.update(score(truth, md_html, read_linkchecker(report), set()))
    (out / "results.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(table(rows))


def table(rows: list[dict]) -> str:
    head = (
        "| tool | wall s | peak RSS MB | URLs scored | broken found / truth | soft 404 / truth "
        "| false pos. | requests (429s) | max to one host | peak in flight per host "
        "| max hits on one path | politeness bound s |"
    )
    lines = [head, "|" + "---|" * 12]
    for r in rows:
        lines.append(
            f"| {r['tool']} | {r['wall_s']} | {r['peak_rss_mb']} | {r.get('urls_scored')} "
            f"| {r.get('broken_found')}/{r.get('broken_truth')} "
            f"| {r.get('soft404_found')}/{r.get('soft404_truth')} | {r.get('false_positives')} "
            f"| {r['requests']} ({r['served_429']}) | {r['max_requests_one_host']} "
            f"| {r['peak_in_flight_per_host']} | {r['server']['max_hits_one_path']} "
            f"| {r['bound_s']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
