"""Copy the labelled rows of a filled-in tolabel CSV into labels.csv (label columns only).

Why: the tolabel file carries third-party text (messages, context) and stays outside the
project; labels.csv must hold only corpus, file, rule, url, line, fingerprint, verdict, reason.
A row whose finding is already in labels.csv (same fingerprint, or same corpus+file+rule+url)
is replaced by the new verdict.

Usage: python bench/precision/add_labels.py /work/precision-out/tolabel.csv
       [--labels bench/precision/labels.csv]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from findings import LABEL_COLUMNS, VERDICTS  # noqa: E402


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return [{k: (row.get(k) or "") for k in LABEL_COLUMNS} for row in csv.DictReader(fh)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("filled", type=Path)
    ap.add_argument("--labels", type=Path, default=HERE / "labels.csv")
    args = ap.parse_args(argv)
    new = []
    for n, row in enumerate(read_rows(args.filled), start=2):
        row["verdict"] = row["verdict"].strip().lower()
        if not row["verdict"]:
            continue
        if row["verdict"] not in VERDICTS:
            print(
                f"{args.filled}:{n}: verdict must be act or noise, not {row['verdict']!r}",
                file=sys.stderr,
            )
            return 2
        new.append(row)
    new_fps = {r["fingerprint"] for r in new if r["fingerprint"]}
    new_keys = {(r["corpus"], r["file"], r["rule"], r["url"]) for r in new}
    kept = [
        r
        for r in read_rows(args.labels)
        if r["fingerprint"] not in new_fps
        and (r["corpus"], r["file"], r["rule"], r["url"]) not in new_keys
    ]
    rows = sorted(
        kept + new, key=lambda r: (r["corpus"], r["file"], r["rule"], int(r["line"] or 0), r["url"])
    )
    with args.labels.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=LABEL_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    print(f"{len(new)} labels added or replaced; {len(rows)} in {args.labels}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
