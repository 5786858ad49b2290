"""Network benchmark: a local web on 127.0.0.1-127.0.0.8 (20 ms latency) and 2,000 URLs with
known truth, checked by linkaudit's checker. Loopback only.

    python bench/netbench.py [--urls 2000] [--hosts 8] [--cache-dir DIR] [--store URL] [--runs N]

Classes (share of URLs, as in the research baseline): ok 60 %, moved 10 % (301 to an ok
page), gone 10 % (404), ratelimit 10 % (429 with Retry-After: 1 for every hit within 1 s of
the first), soft404 5 % (200 "Page not found"), loop 3 %, slow 2 % (1.5 s).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from linkaudit.net import NetOptions, check_urls_sync  # noqa: E402
from tests.netserver import NetServer, Reply, html_page  # noqa: E402

CLASSES = [
    ("ok", 600),
    ("moved", 100),
    ("gone", 100),
    ("ratelimit", 100),
    ("soft404", 50),
    ("loop", 30),
    ("slow", 20),
]  # per mille
EXPECT = {
    "ok": {"ok"},
    "moved": {"redirected"},
    "gone": {"broken"},
    "ratelimit": {"ok"},
    "soft404": {"soft404"},
    "loop": {"loop"},
    "slow": {"ok"},
}


def make_web(hosts: list[str], port: int) -> NetServer:
    first_hit: dict[tuple[str, str], float] = {}

    def route(r):
        kind = r.path.split("/")[1]
        if kind == "ok" or kind == "target":
            return Reply(200, html_page(f"Article {r.path}", "<h1 id='a'>x</h1>"))
        if kind == "moved":
            return Reply(301, headers={"location": r.path.replace("/moved/", "/target/")})
        if kind == "gone":
            return Reply(404, html_page("Not Found"))
        if kind == "ratelimit":
            now = time.monotonic()
            start = first_hit.setdefault((r.host, r.path), now)
            if now - start < 1.0:
                return Reply(429, b"", {"retry-after": "1"})
            return Reply(200, html_page("Finally"))
        if kind == "soft404":
            return Reply(200, html_page("Page not found"))
        if kind == "loop":
            nxt = r.path[:-1] + ("b" if r.path.endswith("a") else "a")
            return Reply(302, headers={"location": nxt})
        if kind == "slow":
            return Reply(200, html_page("Slow"), delay=1.5)
        return Reply(404, html_page("Not Found"))

    return NetServer(hosts=tuple(hosts), fallback=route, latency=0.02, port=port)


def corpus(n: int, hosts: list[str], port: int, seed: int = 1) -> dict[str, str]:
    rng = random.Random(seed)
    kinds = [k for k, share in CLASSES for _ in range(share * n // 1000)]
    kinds += ["ok"] * (n - len(kinds))
    rng.shuffle(kinds)
    out = {}
    for i, kind in enumerate(kinds):
        host = hosts[i % len(hosts)]
        suffix = "a" if kind == "loop" else ""
        out[f"http://{host}:{port}/{kind}/{i}{suffix}"] = kind
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--urls", type=int, default=2000)
    ap.add_argument("--hosts", type=int, default=8)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--cache-dir")
    ap.add_argument("--store", help="a result store URL (postgresql://…, sqlite:///path)")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    hosts = [f"127.0.0.{i}" for i in range(1, args.hosts + 1)]
    truth = corpus(args.urls, hosts, args.port)
    with make_web(hosts, args.port) as web:
        for run in range(args.runs):
            before = len(web.arrivals)
            opts = NetOptions(
                allow_private=True,
                use_cache=bool(args.cache_dir or args.store),
                cache_dir=args.cache_dir,
                store=args.store,
                timeout=10,
            )
            t0 = time.monotonic()
            results = check_urls_sync(list(truth), opts)
            wall = time.monotonic() - t0
            wrong = {
                u: (truth[u], results[u][0].status)
                for u in truth
                if results[u][0].status not in EXPECT[truth[u]]
            }
            requests = len(web.arrivals) - before
            per_host = {h: sum(1 for a in web.arrivals[before:] if a[0] == h) for h in hosts}
            bound = max(per_host.values()) * opts.interval_ms / 1000
            found = sum(1 for u in truth if results[u][0].status in ("broken", "loop"))
            soft = sum(1 for u in truth if results[u][0].status == "soft404")
            print(
                json.dumps(
                    {
                        "run": run + 1,
                        "wall_s": round(wall, 2),
                        "peak_rss_mb": round(
                            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                        ),
                        "urls": len(truth),
                        "broken_found": found,
                        "broken_truth": sum(1 for k in truth.values() if k in ("gone", "loop")),
                        "soft404_found": soft,
                        "soft404_truth": sum(1 for k in truth.values() if k == "soft404"),
                        "wrong": len(wrong),
                        "wrong_sample": list(wrong.items())[:5],
                        "requests": requests,
                        "max_requests_one_host": max(per_host.values()),
                        "politeness_bound_s": round(bound, 2),
                        "server_peak_in_flight_per_host": max(web.peak_in_flight.values() or [0]),
                    }
                )
            )


if __name__ == "__main__":
    main()
