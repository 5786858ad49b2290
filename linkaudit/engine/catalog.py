"""The rule catalog as Markdown, generated from the registry so the docs cannot drift.

The README holds the table between two markers; a test checks that the
block matches what this renders, and ``python -m linkaudit.engine.catalog --write FILE``
regenerates it after a rule is added or changed::

    <!-- linkaudit-catalog:start -->
    | id | name | default | network | what it flags |
    ...
    <!-- linkaudit-catalog:end -->
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from linkaudit.engine.packs import load_pack
from linkaudit.engine.runner import catalog

__all__ = ["START", "END", "render_catalog", "catalog_block", "replace_block"]

START = "<!-- linkaudit-catalog:start -->"
END = "<!-- linkaudit-catalog:end -->"
_BLOCK = re.compile(re.escape(START) + r"\n(.*?)" + re.escape(END), re.S)


def render_catalog(pack: str = "default") -> str:
    """The catalog table for ``pack`` (severities and on/off as that pack sets them)."""
    lines = [
        "| id | name | default | needs network | what it flags |",
        "|---|---|---|---|---|",
    ]
    for row in catalog(load_pack(pack)):
        severity = row.severity.value + ("" if row.enabled else " (off)")
        summary = row.summary.replace("|", "\\|")
        network = "yes" if row.needs_network else "no"
        lines.append(f"| {row.id} | {row.name} | {severity} | {network} | {summary} |")
    return "\n".join(lines) + "\n"


def catalog_block(text: str) -> str | None:
    """The table currently between the markers in ``text``, or None without markers."""
    m = _BLOCK.search(text)
    return m.group(1) if m else None


def replace_block(text: str, table: str) -> str:
    if catalog_block(text) is None:
        raise ValueError("no catalog markers in the file")
    return _BLOCK.sub(lambda _: f"{START}\n{table}{END}", text, count=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", metavar="FILE", help="exit 1 when FILE's block is stale")
    group.add_argument("--write", metavar="FILE", help="rewrite FILE's block in place")
    args = parser.parse_args(argv)
    table = render_catalog()
    if args.check or args.write:
        path = Path(args.check or args.write)
        text = path.read_text(encoding="utf-8")
        if args.write:
            path.write_text(replace_block(text, table), encoding="utf-8")
            return 0
        if catalog_block(text) != table:
            print(
                f"{path}: the rule catalog is out of date: run python -m linkaudit.engine.catalog --write {path}"
            )
            return 1
        return 0
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
