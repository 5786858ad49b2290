"""Copy the precision corpora and plant the seeded defects of seeds.toml in the copy.

Why: a precision fix must not lose what the rules catch; the seeded copy is scanned by
check_seeds.py, which says for every planted defect whether it is still found.

Usage: python bench/precision/seed.py [--corpora /work/corpora] [--out /work/corpora-seeded]

Writes the copy and OUT/seeds.json (each seed with the lines it occupies in the copy).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
OPS = ("append", "insert_before_line")


def load_seeds(path: Path = HERE / "seeds.toml") -> list[dict]:
    with path.open("rb") as fh:
        seeds = list(tomllib.load(fh)["seed"])
    ids = [s["id"] for s in seeds]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise SystemExit(f"seeds.toml: duplicate ids {sorted(dupes)}")
    for s in seeds:
        if s.get("op") not in OPS:
            raise SystemExit(f"seeds.toml: {s['id']}: op must be one of {OPS}")
    return seeds


def apply(lines: list[str], seeds: list[dict]) -> tuple[list[str], dict[str, tuple[int, int]]]:
    """The file's lines with the seeds planted, and each seed's first and last line (1-based).
    Insert positions refer to the original file's lines, whatever else is planted."""
    inserts: dict[int, list[dict]] = defaultdict(list)
    appends = []
    for s in seeds:
        if s["op"] == "append":
            appends.append(s)
        else:
            if not 1 <= int(s["line"]) <= len(lines):
                raise SystemExit(f"{s['id']}: line {s['line']} is outside {s['file']}")
            inserts[int(s["line"])].append(s)
    out: list[str] = []
    where: dict[str, tuple[int, int]] = {}

    def emit(s: dict) -> None:
        block = s["text"].splitlines()
        where[s["id"]] = (len(out) + 1, len(out) + len(block))
        out.extend(block)

    for n, line in enumerate(lines, start=1):
        for s in inserts.get(n, []):
            emit(s)
        out.append(line)
    for s in appends:
        out.append("")
        emit(s)
    return out, where


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=Path("/work/corpora"))
    ap.add_argument("--out", type=Path, default=Path("/work/corpora-seeded"))
    args = ap.parse_args(argv)
    seeds = load_seeds()
    if not args.corpora.is_dir():
        print(
            f"seed: {args.corpora} is missing; run bench/precision/build_corpora.py",
            file=sys.stderr,
        )
        return 2
    if args.out.exists():
        shutil.rmtree(args.out)
    shutil.copytree(args.corpora, args.out)
    by_file: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for s in seeds:
        by_file[(s["corpus"], s["file"])].append(s)
    manifest = []
    for (corpus, file), group in by_file.items():
        path = args.out / corpus / file
        if not path.is_file():
            print(
                f"seed: {corpus}/{file} does not exist (seeds {[s['id'] for s in group]})",
                file=sys.stderr,
            )
            return 2
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        lines, where = apply(text.splitlines(), group)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogateescape")
        for s in group:
            first, last = where[s["id"]]
            manifest.append(
                {
                    **{k: s[k] for k in ("id", "corpus", "file", "rule", "expect")},
                    "first_line": first,
                    "last_line": last,
                }
            )
    (args.out / "seeds.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    print(f"{len(seeds)} seeds planted in {len(by_file)} files under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
