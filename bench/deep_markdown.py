"""Reading Markdown nested past markdown-it's limit: time per size, to show it stays linear.

    python bench/deep_markdown.py            # 5k .. 320k levels of "> ", "- " and "1. "

Each document has links before, inside (two deep lines) and after the deep structure; the
script checks that all of them are found and prints the wall time of one read per size.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linkaudit.readers import read_document  # noqa: E402

SIZES = (5_000, 20_000, 80_000, 320_000)


def document(marker: str, levels: int) -> bytes:
    prefix = marker * levels
    return (
        "Before [a](https://before.example/a)\n\n"
        f"{prefix}inside https://inside.example/one\n"
        f"{prefix}[deeper](https://inside.example/two)\n\n"
        "After [b](https://after.example/b)\n"
    ).encode()


def main() -> int:
    read_document("warm.md", document("> ", 100), "markdown")
    for marker in ("> ", "- ", "1. "):
        row = []
        for levels in SIZES:
            data = document(marker, levels)
            started = time.perf_counter()
            doc = read_document("deep.md", data, "markdown")
            elapsed = time.perf_counter() - started
            assert len(doc.refs) == 4, (marker, levels, [r.url for r in doc.refs])
            row.append(f"{levels:>7,} levels {len(data) / 1e6:5.2f} MB {elapsed * 1000:7.1f} ms")
        print(f"{marker!r:6}", " | ".join(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
