"""Write the findings of a scan that still need a label, with message and context.

Why: labelling every finding is too slow; every finding of a rule that fires fewer than
SAMPLE_PER_RULE times is labelled, and a seeded random sample of the others, so the
per-rule precision is an honest estimate and the sample is the same on every run.

Usage: python bench/precision/sample.py [SCAN_DIR] [--labels bench/precision/labels.csv]
       [--out /work/precision-out/tolabel.csv] [--corpora /work/corpora]

The output keeps the labels.csv columns (verdict and reason empty), then severity, message,
evidence and a context snippet. It holds third-party text: keep it OUTSIDE the project.
Fill in verdict (act|noise) and reason, then copy the labelled rows into labels.csv with
add_labels.py (which keeps only the label columns).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from findings import LABEL_COLUMNS, Finding, LabelIndex, load_findings, load_labels  # noqa: E402

SAMPLE_PER_RULE = 30
SEED = 10
CONTEXT_CHARS = 400
LINE_WINDOW = 160
EXTRA_COLUMNS = ["severity", "message", "evidence", "context"]


def context(corpora: Path, f: Finding) -> str:
    """A short snippet of the file around the finding's line (one line either side)."""
    path = corpora / f.corpus / f.file
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    if not 1 <= f.line <= len(lines):
        return ""
    parts = []
    for n in range(max(1, f.line - 1), min(len(lines), f.line + 1) + 1):
        text = lines[n - 1].strip()
        if len(text) > 2 * LINE_WINDOW:
            if n == f.line and f.column:
                start = max(0, f.column - LINE_WINDOW)
                text = "…" + lines[n - 1][start : f.column + LINE_WINDOW].strip() + "…"
            else:
                text = text[:LINE_WINDOW] + "…"
        mark = ">" if n == f.line else " "
        parts.append(f"{mark}{n}: {text}")
    return " ⏎ ".join(parts)[:CONTEXT_CHARS]


def choose(findings: list[Finding], index: LabelIndex, per_rule: int, seed: int) -> list[Finding]:
    """Per rule: every unlabelled finding if the rule fires < per_rule times in all, else
    enough randomly chosen unlabelled ones to bring the rule's labelled count to per_rule."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_rule[f.rule].append(f)
    chosen: list[Finding] = []
    for rule in sorted(by_rule):
        group = sorted(
            by_rule[rule], key=lambda f: (f.corpus, f.file, f.line, f.url, f.fingerprint)
        )
        # One label per distinct finding; the same label cannot be counted twice towards the target.
        seen: set[tuple[str, str, str, str]] = set()
        labelled = 0
        todo: list[Finding] = []
        for f in group:
            key = (f.corpus, f.file, f.rule, f.url)
            if index.get(f) is not None:
                labelled += 1
            elif key not in seen:
                todo.append(f)
            seen.add(key)
        if len(group) < per_rule:
            chosen.extend(todo)
            continue
        need = max(0, per_rule - labelled)
        rng = random.Random(f"{seed}:{rule}")
        chosen.extend(
            sorted(rng.sample(todo, min(need, len(todo))), key=lambda f: (f.corpus, f.file, f.line))
        )
    return chosen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scan_dir", type=Path, nargs="?", default=Path("/work/precision-out/before"))
    ap.add_argument("--labels", type=Path, default=HERE / "labels.csv")
    ap.add_argument("--out", type=Path, default=Path("/work/precision-out/tolabel.csv"))
    ap.add_argument("--corpora", type=Path, default=Path("/work/corpora"))
    ap.add_argument("--per-rule", type=int, default=SAMPLE_PER_RULE)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    findings = load_findings(args.scan_dir)
    index = LabelIndex(load_labels(args.labels))
    chosen = choose(findings, index, args.per_rule, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(LABEL_COLUMNS + EXTRA_COLUMNS)
        for f in chosen:
            w.writerow(
                [f.corpus, f.file, f.rule, f.url, f.line, f.fingerprint, "", ""]
                + [f.severity, f.message, f.evidence[:600], context(args.corpora, f)]
            )
    counts: dict[str, int] = defaultdict(int)
    for f in chosen:
        counts[f.rule] += 1
    print(
        f"{len(chosen)} findings to label in {args.out}: "
        + ", ".join(f"{r} {n}" for r, n in sorted(counts.items()))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
