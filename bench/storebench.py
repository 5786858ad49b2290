"""Result store benchmark: how fast a warm rerun can read an archive's results back, and how
fast a run writes them, for the sqlite store and a PostgreSQL store. No network.

    python bench/storebench.py [--rows 50000] [--per-doc 40] [--store URL]

Without ``--store`` it measures a fresh sqlite file and a throwaway PostgreSQL server started
on a loopback port (tests/pgserver.py; needs psycopg and the server binaries). Writes go in
batches of `settings.NET_CACHE_WRITE_BATCH`, as a run writes them; reads go a document's URLs
at a time (``--per-doc``), as the scan asks for them, and then all at once.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linkaudit import settings  # noqa: E402
from linkaudit.model import LinkCheck, PageMeta  # noqa: E402
from linkaudit.store import open_store  # noqa: E402


def rows(n: int) -> list[tuple[str, str, LinkCheck, PageMeta | None]]:
    out = []
    for i in range(n):
        url = f"http://127.0.0.{1 + i % 200}/articles/{i}"
        check = LinkCheck(status="ok", http_status=200, final_url=url, checked_at="2026-12-02")
        page = PageMeta(title=f"Article {i}", anchors=frozenset({"top", "comments"}))
        out.append((url, "public", check, page))
    return out


def measure(label: str, url: str, data: list, per_doc: int) -> dict[str, object]:
    store = open_store(url)
    t0 = time.perf_counter()
    batch = settings.NET_CACHE_WRITE_BATCH
    for i in range(0, len(data), batch):
        store.put_many(data[i : i + batch])
    write = time.perf_counter() - t0
    store.close()
    store = open_store(url)  # a rerun: a new connection
    keys = [(u, s) for u, s, _, _ in data]
    t0 = time.perf_counter()
    found = 0
    for i in range(0, len(keys), per_doc):
        found += len(store.get_many(keys[i : i + per_doc]))
    per_document = time.perf_counter() - t0
    t0 = time.perf_counter()
    whole = len(store.get_many(keys))
    at_once = time.perf_counter() - t0
    store.close()
    assert found == whole == len(data)
    return {
        "store": label,
        "rows": len(data),
        "write_s": round(write, 2),
        "read_per_document_s": round(per_document, 2),
        "read_at_once_s": round(at_once, 2),
        "rows_per_s_read_per_document": round(len(data) / per_document),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--per-doc", type=int, default=40)
    ap.add_argument("--store")
    args = ap.parse_args()
    data = rows(args.rows)
    with ExitStack() as stack:
        targets = []
        if args.store:
            targets.append(("given", args.store))
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            targets.append(("sqlite", f"sqlite://{folder}/bench.sqlite3"))
            from tests.pgserver import PgServer, missing_reason

            if missing_reason() is None:
                pg = stack.enter_context(PgServer())
                targets.append(("postgresql", pg.create_database("bench")))
            else:
                print(f"postgresql skipped: {missing_reason()}", file=sys.stderr)
        for label, url in targets:
            print(json.dumps(measure(label, url, data, args.per_doc)))


if __name__ == "__main__":
    main()
