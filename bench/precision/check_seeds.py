"""Scan the seeded corpora and say, for every seeded defect, whether it is still found.

Why: issue 10 raises precision without losing recall; every seed of seeds.toml must be found.

Usage (from a checkout's root, after seed.py):
    python bench/precision/check_seeds.py [--seeded /work/corpora-seeded]
        [--out /work/precision-out/seeded] [--no-scan]

Exit 0 when every seed is found, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import scan  # noqa: E402
from findings import Finding, load_findings  # noqa: E402


def is_found(seed: dict, findings: list[Finding]) -> Finding | None:
    """The finding that reports this seed: its rule, in its file, on its lines or naming it."""
    for f in findings:
        if f.corpus != seed["corpus"] or f.file != seed["file"] or f.rule != seed["rule"]:
            continue
        on_lines = seed["first_line"] <= f.line <= seed["last_line"]
        names_it = bool(seed["expect"]) and (seed["expect"] in f.url or seed["expect"] in f.message)
        if on_lines or names_it:
            return f
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeded", type=Path, default=Path("/work/corpora-seeded"))
    ap.add_argument("--out", type=Path, default=Path("/work/precision-out/seeded"))
    ap.add_argument("--no-scan", action="store_true", help="use the reports already in --out")
    args = ap.parse_args(argv)
    manifest_path = args.seeded / "seeds.json"
    if not manifest_path.exists():
        print(
            f"check_seeds: {manifest_path} is missing; run bench/precision/seed.py", file=sys.stderr
        )
        return 2
    seeds = json.loads(manifest_path.read_text(encoding="utf-8"))
    if not args.no_scan:
        corpora = sorted({s["corpus"] for s in seeds})
        scan.main(
            [
                "seeded",
                "--out",
                str(args.out),
                "--corpora",
                str(args.seeded),
                "--only",
                ",".join(corpora),
            ]
        )
    findings = load_findings(args.out)
    missed = 0
    for s in seeds:
        hit = is_found(s, findings)
        missed += hit is None
        where = f"{s['corpus']}/{s['file']}:{s['first_line']}"
        print(f"{'found ' if hit else 'MISSED'}  {s['rule']}  {s['id']:<32} {where}")
    print(f"\n{len(seeds) - missed} of {len(seeds)} seeded defects found")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
