"""Serve the synthetic web an archive made by `generate.py` cites, on its loopback hosts.

    python bench/archive/serve.py --archive /tmp/la-archive [--latency 0.02] [--log REQUESTS.jsonl]

The web of `bench/netbench.py` (`make_web`: ok, moved, gone, ratelimit, soft404, loop, slow, by
the URL's first path segment), listening on every host of the archive (127.0.1.1 ...) at its
port, until Ctrl-C; it then prints, as JSON, the requests served, the most to one host and
the peak in flight per host (counted by the server) and the seconds from the first request
to the last, for the politeness bound of the network
run (most requests to one host x the per-host interval). Loopback only.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.archive.generate import hosts_for  # noqa: E402
from bench.netbench import make_web  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--archive", required=True, help="the folder generate.py wrote")
    ap.add_argument("--latency", type=float, default=0.02, help="seconds per request")
    ap.add_argument("--log", help="also write every request here (JSON lines: host, target, time)")
    args = ap.parse_args()
    info = json.loads((Path(args.archive) / "archive.json").read_text())
    hosts = hosts_for(int(info["hosts"]))
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    web = make_web(hosts, int(info["port"]))
    web.latency = args.latency
    with web:
        print(f"serving {len(hosts)} hosts on port {info['port']}", file=sys.stderr, flush=True)
        stop.wait()
        per_host: dict[str, int] = {}
        for host, _, _ in web.arrivals:
            per_host[host] = per_host.get(host, 0) + 1
        if args.log:
            with open(args.log, "w", encoding="utf-8") as log:
                for host, target, at in web.arrivals:
                    log.write(json.dumps([host, target, at]) + "\n")
        times = [at for _, _, at in web.arrivals]
        print(
            json.dumps(
                {
                    "requests": len(web.arrivals),
                    "max_requests_one_host": max(per_host.values(), default=0),
                    "server_peak_in_flight_per_host": max(web.peak_in_flight.values(), default=0),
                    "first_to_last_request_s": round(max(times) - min(times), 1) if times else 0,
                }
            )
        )


if __name__ == "__main__":
    main()
