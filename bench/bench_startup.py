"""Service start-up on an existing store, and the resident memory of a service that has worked.

    .venv/bin/python bench/bench_startup.py --store DIR [--restarts 3]

Starts `tiegraph serve` on an already loaded on-disk store three ways, each time until `/health`
answers: first (building what the store lacks: the search index), warm-up (one entity page,
one search, one path, one tie listing, so the path projection and tie table are made and
saved), then `--restarts` times more, which is what a restart costs when nothing must be rebuilt.
Peak resident memory (VmHWM, from /proc) is read from the last server after the same warm-up.
Servers listen on 127.0.0.1 and are stopped by their process ids. Prints a Markdown table; exit
status 0 when a restart is ready in under 3 s and memory stays under 1.5 GB.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tests.server  # noqa: E402

READY_TARGET_S, MEMORY_TARGET_MIB = 3.0, 1536.0
WARM_UP = [
    "/entities/synthetic-firm-7",
    "/search?q=longhua",
    "/paths?from=synthetic-firm-7&to=synthetic-city-0",
    "/ties/founder-hometown?limit=5",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="an already loaded on-disk store")
    parser.add_argument("--restarts", type=int, default=3)
    args = parser.parse_args()
    tests.server.START_TIMEOUT = 1800.0  # the first start may build the search index
    first = _ready_seconds(args.store)
    started = time.perf_counter()
    with tests.server.running_service(args.store) as base:
        _warm_up(base)
    warm_up = time.perf_counter() - started
    restarts = [_ready_seconds(args.store) for _ in range(args.restarts)]
    with tests.server.running_service(args.store) as base:
        _warm_up(base)
        peak = _peak_rss_mib(tests.server.PROCESS_IDS[base])
    ready = statistics.median(restarts)
    print("| what | result | target | verdict |\n| --- | --- | --- | --- |")
    print(f"| first start (builds the search index if missing) | {first:.1f} s | | |")
    print(f"| warm-up: entity, search, path, tie listing (makes and saves the projection and tie table) | {warm_up:.1f} s | | |")
    print(f"| restart until `/health` answers, median of {len(restarts)} | {ready:.2f} s ({min(restarts):.2f}–{max(restarts):.2f}) | < {READY_TARGET_S:g} s | {'PASS' if ready < READY_TARGET_S else 'FAIL'} |")
    print(f"| peak resident memory of the service after the warm-up (VmHWM) | {peak:,.0f} MiB | < {MEMORY_TARGET_MIB:,.0f} MiB | {'PASS' if peak < MEMORY_TARGET_MIB else 'FAIL'} |")
    return 0 if ready < READY_TARGET_S and peak < MEMORY_TARGET_MIB else 1


def _ready_seconds(store: str) -> float:
    started = time.perf_counter()
    with tests.server.running_service(store):
        return time.perf_counter() - started


def _warm_up(base: str) -> None:
    for path in WARM_UP:
        response = httpx.get(f"{base}{path}", timeout=1800)
        if response.status_code != 200:
            raise SystemExit(f"warm-up {path}: {response.status_code} {response.text[:300]}")


def _peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"no VmHWM for process {pid}")


if __name__ == "__main__":
    raise SystemExit(main())
