"""What the server's request log (`serve.py --log`) says about a network run's politeness.

    python bench/archive/requests.py REQUESTS.jsonl [--interval-ms 50] [--stored URLS.txt]

Prints the requests, the most to one host, the politeness bound (that count x the per-host
interval), the seconds from the first request to the last, the smallest gap between two
request starts to one host, and the requests per second over the busiest ten seconds. With
``--stored`` (one URL a line, e.g. the store's checks after a killed run): how many requests
of this log were for a URL already stored (a resumed run should make none).
"""

from __future__ import annotations

import argparse
import collections
import json


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("log")
    ap.add_argument("--interval-ms", type=float, default=50.0)
    ap.add_argument("--stored", help="URLs already stored, one a line")
    args = ap.parse_args()
    with open(args.log, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    by_host: dict[str, list[float]] = collections.defaultdict(list)
    for host, _, at in rows:
        by_host[host].append(at)
    most = max((len(v) for v in by_host.values()), default=0)
    gaps = [b - a for v in by_host.values() for a, b in zip(sorted(v), sorted(v)[1:], strict=False)]
    times = sorted(at for _, _, at in rows)
    per_10s = collections.Counter(int((t - times[0]) // 10) for t in times) if times else {}
    out = {
        "requests": len(rows),
        "hosts": len(by_host),
        "most_to_one_host": most,
        "bound_s": round(most * args.interval_ms / 1000, 1),
        "first_to_last_s": round(times[-1] - times[0], 1) if times else 0,
        "min_gap_one_host_ms": round(min(gaps) * 1000, 1) if gaps else None,
        "busiest_10s_per_s": max(per_10s.values(), default=0) / 10,
    }
    if args.stored:
        with open(args.stored, encoding="utf-8") as f:
            stored = {line.strip() for line in f if line.strip()}
        keys = {_key(u) for u in stored}
        out["stored_urls"] = len(stored)
        out["requests_for_stored_urls"] = sum(1 for h, t, _ in rows if (_host(h), t) in keys)
        out["distinct_requested"] = len({(_host(h), t) for h, t, _ in rows})
    print(json.dumps(out))


def _host(host: str) -> str:
    return host.split(":", 1)[0]


def _key(url: str) -> tuple[str, str]:
    """(host without port, path and query) of a stored URL, as the server logs a request."""
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    return _host(host), "/" + path


if __name__ == "__main__":
    main()
