"""Precision of a scan against the hand labels: per rule, over all findings, over errors.

Why: issue 10 makes precision on real content the first property of every rule; this prints
the figures (and the bench/README.md table) from a scan output and labels.csv.

Usage: python bench/precision/score.py [SCAN_DIR] [--labels bench/precision/labels.csv]
       [--markdown]

Per rule: findings, labelled (findings that have a label), act, precision = act / labelled.
The estimate over all findings weights each rule's precision by its number of findings; the
estimate over errors does the same with error-severity findings only (a rule's precision on
its labelled errors, or its overall precision when none of its errors is labelled). Rules
with no label at all are left out of the estimates and listed.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from findings import Finding, LabelIndex, load_findings, load_labels  # noqa: E402


@dataclass(frozen=True)
class RuleScore:
    rule: str
    findings: int
    errors: int
    labelled: int
    act: int
    err_labelled: int
    err_act: int

    @property
    def precision(self) -> float | None:
        return self.act / self.labelled if self.labelled else None

    @property
    def err_precision(self) -> float | None:
        if self.err_labelled:
            return self.err_act / self.err_labelled
        return self.precision


def score(findings: list[Finding], index: LabelIndex) -> list[RuleScore]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for f in findings:
        c = counts[f.rule]
        lb = index.get(f)
        is_err = f.severity == "error"
        c[0] += 1
        c[1] += is_err
        if lb is not None:
            c[2] += 1
            c[3] += lb.verdict == "act"
            if is_err:
                c[4] += 1
                c[5] += lb.verdict == "act"
    return [RuleScore(rule, *c) for rule, c in sorted(counts.items())]


def weighted(scores: list[RuleScore], errors: bool) -> tuple[float | None, int, int]:
    """(estimate, findings covered, findings left out because their rule has no label)."""
    total = covered = 0.0
    left = 0
    for s in scores:
        n = s.errors if errors else s.findings
        p = s.err_precision if errors else s.precision
        if not n:
            continue
        if p is None:
            left += n
            continue
        total += p * n
        covered += n
    return (total / covered if covered else None), int(covered), left


def pct(p: float | None) -> str:
    return "–" if p is None else f"{100 * p:.0f} %"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scan_dir", type=Path, nargs="?", default=Path("/work/precision-out/before"))
    ap.add_argument("--labels", type=Path, default=HERE / "labels.csv")
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = ap.parse_args(argv)
    findings = load_findings(args.scan_dir)
    index = LabelIndex(load_labels(args.labels))
    scores = score(findings, index)
    all_p, all_cov, all_left = weighted(scores, errors=False)
    err_p, err_cov, err_left = weighted(scores, errors=True)
    unlabelled = sum(1 for f in findings if index.get(f) is None)
    header = ["Rule", "Findings", "Errors", "Labelled", "Act", "Precision"]
    rows = [
        [s.rule, str(s.findings), str(s.errors), str(s.labelled), str(s.act), pct(s.precision)]
        for s in scores
    ]
    rows.append(
        [
            "**all**" if args.markdown else "ALL",
            str(len(findings)),
            str(sum(s.errors for s in scores)),
            str(sum(s.labelled for s in scores)),
            str(sum(s.act for s in scores)),
            pct(all_p),
        ]
    )
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
        for r in rows:
            print("| " + " | ".join(r) + " |")
        print()
    else:
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for r in [header, *rows]:
            print(
                "  ".join(
                    c.ljust(w) if i == 0 else c.rjust(w)
                    for i, (c, w) in enumerate(zip(r, widths, strict=True))
                )
            )
        print()
    print(
        f"Estimated precision over all findings: {pct(all_p)} (weighted by findings; {all_cov} covered, {all_left} in rules with no label)"
    )
    print(
        f"Estimated precision over errors:       {pct(err_p)} ({err_cov} error findings covered, {err_left} in rules with no label)"
    )
    print(f"Findings with no label: {unlabelled} of {len(findings)}")
    low = [
        s.rule for s in scores if s.findings >= 10 and (s.precision is None or s.precision < 0.8)
    ]
    if low:
        print(f"Rules firing >= 10 times below 80 % (or unlabelled): {', '.join(low)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
