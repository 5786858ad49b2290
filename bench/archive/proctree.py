"""Run a command and report its wall time, CPU time and peak memory, driver and workers apart.

    python bench/archive/proctree.py --json OUT.json -- python -m linkaudit scan ...

`/usr/bin/time -v` gives the peak of the largest process only; a Dask run has a driver and
worker processes (nanny and worker per `local:N` worker), so this samples the whole process
tree every `--every` seconds with psutil: peak RSS of the driver (the command's own process),
the largest peak of any descendant, the peak of the descendants' sum, and CPU seconds (user +
system) summed over every process seen and the driver's own (each process's last sample: the
final tenth of a second of a process can be missed). Measurement only: it sends nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import psutil


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--every", type=float, default=0.1, help="seconds between samples")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd and args.cmd[0] == "--" else args.cmd
    start = time.monotonic()
    proc = subprocess.Popen(cmd)
    root = psutil.Process(proc.pid)
    print(f"pid {proc.pid}", file=sys.stderr, flush=True)
    cpu: dict[int, float] = {}
    peak_driver = 0
    peak_child = 0
    peak_children_sum = 0
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        child_sum = 0
        for p in procs:
            try:
                with p.oneshot():
                    rss = p.memory_info().rss
                    t = p.cpu_times()
            except psutil.NoSuchProcess:
                continue
            cpu[p.pid] = t.user + t.system
            if p.pid == proc.pid:
                peak_driver = max(peak_driver, rss)
            else:
                peak_child = max(peak_child, rss)
                child_sum += rss
        peak_children_sum = max(peak_children_sum, child_sum)
        time.sleep(args.every)
    rc = proc.wait()
    wall = time.monotonic() - start
    out = {
        "rc": rc,
        "wall_s": round(wall, 1),
        "cpu_s": round(sum(cpu.values()), 1),
        "driver_cpu_s": round(cpu.get(proc.pid, 0.0), 1),
        "processes": len(cpu),
        "driver_peak_mb": round(peak_driver / 1e6),
        "largest_child_peak_mb": round(peak_child / 1e6),
        "children_sum_peak_mb": round(peak_children_sum / 1e6),
        "load": [round(x, 2) for x in psutil.getloadavg()],
    }
    print(json.dumps(out), file=sys.stderr, flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f)


if __name__ == "__main__":
    main()
