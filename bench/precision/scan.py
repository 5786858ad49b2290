"""Scan every precision corpus as its owner would, with the code of this checkout.

Why: the precision figures must come from the same scans every time (same settings, same
reference "today", offline), and must be repeatable on any later commit of linkaudit.

Usage (from a checkout's root):
    /work/venv/bin/python bench/precision/scan.py LABEL [--out DIR] [--corpora /work/corpora]
        [--only NAME,...] [--no-pack] [--recipe heldout.toml] [-- EXTRA_SCAN_ARGS...]

Writes DIR/<corpus>.json (one JSON report per corpus) and DIR/scan.toml (what was run);
DIR defaults to /work/precision-out/LABEL/.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from build_corpora import load_corpora  # noqa: E402

TODAY = "2026-12-02"
DEFAULT_CORPORA = Path("/work/corpora")
DEFAULT_OUT_ROOT = Path("/work/precision-out")


def scan_command(corpus: dict, report: Path, *, use_pack: bool, extra: list[str]) -> list[str]:
    """The linkaudit command line an owner of this corpus would run (offline)."""
    cmd = [sys.executable, "-m", "linkaudit", "scan", "--offline", "--today", TODAY]
    cmd += ["--format", "json", "-o", str(report), "--fail-on", "never", "-q"]
    if use_pack and corpus.get("rules"):
        cmd += ["--rules", corpus["rules"]]
    cmd += list(corpus.get("args", [])) + extra + list(corpus["sources"])
    return cmd


def git_head(path: Path) -> str:
    res = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "HEAD"], capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "-C", str(path), "status", "--porcelain", "linkaudit", "rules"],
        capture_output=True,
        text=True,
    )
    head = res.stdout.strip() or "unknown"
    return head + ("+dirty" if dirty.stdout.strip() else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("label", help="name of this run, e.g. before / after")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--only", default="", help="comma-separated corpus names")
    ap.add_argument("--no-pack", action="store_true", help="let linkaudit choose the pack itself")
    ap.add_argument("--recipe", type=Path, default=HERE / "corpora.toml")
    ap.add_argument("extra", nargs="*", help="more scan options (after --)")
    args = ap.parse_args(argv)
    out = (args.out or DEFAULT_OUT_ROOT / args.label).resolve()
    out.mkdir(parents=True, exist_ok=True)
    only = {s for s in args.only.split(",") if s}
    env = dict(os.environ)
    env["PYTHONPATH"] = str(CHECKOUT) + os.pathsep + env.get("PYTHONPATH", "")
    log = [
        f'label = "{args.label}"',
        f'checkout = "{CHECKOUT}"',
        f'commit = "{git_head(CHECKOUT)}"',
        f'today = "{TODAY}"',
    ]
    status = 0
    for corpus in load_corpora(args.recipe):
        if only and corpus["name"] not in only:
            continue
        root = args.corpora / corpus["name"]
        if not root.is_dir():
            print(f"scan: {root} is missing; run bench/precision/build_corpora.py", file=sys.stderr)
            return 2
        report = out / f"{corpus['name']}.json"
        cmd = scan_command(corpus, report, use_pack=not args.no_pack, extra=args.extra)
        t0 = time.perf_counter()
        res = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
        secs = time.perf_counter() - t0
        shown = shlex.join(["python", *cmd[1:]])
        log += [
            "",
            "[[run]]",
            f'corpus = "{corpus["name"]}"',
            f"command = {json.dumps(shown)}",
            f"exit = {res.returncode}",
            f"seconds = {secs:.1f}",
        ]
        if res.returncode not in (0, 1) or not report.exists():
            print(
                f"scan: {corpus['name']}: exit {res.returncode}\n{res.stderr.strip()[-2000:]}",
                file=sys.stderr,
            )
            status = 1
            continue
        data = json.loads(report.read_text(encoding="utf-8"))
        sev = data["summary"]["findings"]
        total = sum(len(d["findings"]) for d in data["documents"])
        print(
            f"{corpus['name']:<18} {len(data['documents']):>5} docs  {total:>5} findings  (error {sev.get('error', 0)}, warning {sev.get('warning', 0)}, info {sev.get('info', 0)})  {secs:.1f} s"
        )
    (out / "scan.toml").write_text("\n".join(log) + "\n", encoding="utf-8")
    print(f"reports in {out}")
    return status


if __name__ == "__main__":
    sys.exit(main())
