"""Read scan outputs and labels for the precision measurement (shared by sample/score).

Why: sampling, labelling and scoring must agree on what one finding is and how a label is
matched to it, across scans made by different versions of linkaudit.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

LABEL_COLUMNS = ["corpus", "file", "rule", "url", "line", "fingerprint", "verdict", "reason"]
VERDICTS = ("act", "noise")
SUBJECT_CHARS = 120


@dataclass(frozen=True)
class Finding:
    corpus: str
    file: str
    rule: str
    severity: str
    url: str
    line: int
    column: int
    fingerprint: str
    message: str
    evidence: str


@dataclass(frozen=True)
class Label:
    corpus: str
    file: str
    rule: str
    url: str
    line: int
    fingerprint: str
    verdict: str
    reason: str


def subject(raw: dict) -> str:
    """The URL of a finding, or (for findings about the text, not a link) its message."""
    return raw.get("url") or (raw.get("message") or "")[:SUBJECT_CHARS]


def load_findings(scan_dir: Path) -> list[Finding]:
    """Every finding of every corpus report (<corpus>.json) in a scan output folder."""
    out: list[Finding] = []
    reports = sorted(scan_dir.glob("*.json"))
    if not reports:
        raise SystemExit(
            f"no <corpus>.json reports in {scan_dir}; run bench/precision/scan.py first"
        )
    for report in reports:
        data = json.loads(report.read_text(encoding="utf-8"))
        for doc in data["documents"]:
            for raw in doc["findings"]:
                out.append(
                    Finding(
                        corpus=report.stem,
                        file=doc["source"],
                        rule=raw["rule"],
                        severity=raw["severity"],
                        url=subject(raw),
                        line=int(raw.get("line") or 0),
                        column=int(raw.get("column") or 0),
                        fingerprint=raw.get("fingerprint") or "",
                        message=raw.get("message") or "",
                        evidence=json.dumps(
                            raw.get("evidence"), ensure_ascii=False, sort_keys=True
                        ),
                    )
                )
    return out


def load_labels(path: Path) -> list[Label]:
    """The labels with a verdict; a row with another verdict is an error, an empty one is skipped."""
    if not path.exists():
        return []
    labels: list[Label] = []
    with path.open(newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            verdict = (row.get("verdict") or "").strip().lower()
            if not verdict:
                continue
            if verdict not in VERDICTS:
                raise SystemExit(f"{path}:{n}: verdict must be act or noise, not {verdict!r}")
            labels.append(
                Label(
                    corpus=row["corpus"],
                    file=row["file"],
                    rule=row["rule"],
                    url=row["url"],
                    line=int(row.get("line") or 0),
                    fingerprint=row.get("fingerprint") or "",
                    verdict=verdict,
                    reason=row.get("reason") or "",
                )
            )
    return labels


class LabelIndex:
    """Finds the label of a finding: by fingerprint, else by corpus+file+rule+url."""

    def __init__(self, labels: list[Label]) -> None:
        self.by_fp = {lb.fingerprint: lb for lb in labels if lb.fingerprint}
        self.by_key = {(lb.corpus, lb.file, lb.rule, lb.url): lb for lb in labels}

    def get(self, f: Finding) -> Label | None:
        return self.by_fp.get(f.fingerprint) or self.by_key.get((f.corpus, f.file, f.rule, f.url))
