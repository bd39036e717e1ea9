"""The service side by side with what it wraps: the SPARQL mix through `/sparql` against the raw
engine, and entity look-up and search throughput at concurrency 8 against a bare FastAPI endpoint.

    .venv/bin/python bench/bench_service.py [--firms 100000] [--store DIR] [--repeat 25] [--seconds 10] [--workers 2]

Uses a generated graph loaded into an on-disk store (or `--store`, already loaded). Starts
`tiegraph serve` on 127.0.0.1 and times each query of bench_sparql.py's mix on pyoxigraph
directly (same options, same SPARQL JSON serialisation) and through `/sparql`, taking turns.
Then drives `GET /entities/{id}` for random entities (each asked for once first, so that its page
is kept, as after any first reader), `GET /search` for names people type, and
a bare async FastAPI endpoint under the same uvicorn (bench/bare_app.py), each with wrk on 8
keep-alive connections for `--seconds`; with `--workers N`, look-ups again on `serve
--workers N`. Client and servers share the machine. Servers are stopped by their process ids.
Prints Markdown tables; exit status 0 when every target of issue 7 is met.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tests.server  # noqa: E402
from bench.bench_lookup import sample_ids, search_texts  # noqa: E402
from bench.bench_sparql import print_mix, time_mix  # noqa: E402
from bench.generated import generated_store  # noqa: E402
from bench.load_generator import Load, drive, require_wrk  # noqa: E402

LOOKUP_RATE, LOOKUP_SHARE, LOOKUP_P99_MS, SEARCH_P50_MS = 5_000.0, 0.55, 25.0, 20.0


def main() -> int:
    args = _arguments()
    require_wrk()
    with generated_store(args.firms, args.workdir, args.store) as store:
        return _run(args, store)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=100_000, help="firms to generate (~33 quads each)")
    parser.add_argument("--store", help="an already loaded on-disk store to use instead of generating one")
    parser.add_argument("--repeat", type=int, default=25, help="timed runs per query of the mix")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each throughput run")
    parser.add_argument("--workers", type=int, default=2, help="also measure look-ups on `serve --workers N` (1: skip)")
    parser.add_argument("--workdir", default=str(ROOT / "bench" / "work"), help="scratch directory (removed if created)")
    return parser.parse_args()


def _run(args: argparse.Namespace, store: Path) -> int:
    rng = random.Random(0)
    engine = ox.Store.read_only(str(store))
    quads, ids = len(engine), sample_ids(rng, args.firms, 500)
    searches = [f"/search?{urlencode({'q': text})}" for texts in search_texts(rng, engine, ids).values() for text in texts]
    del engine
    lookups = [f"/entities/{quote(i)}" for i in ids]
    tests.server.START_TIMEOUT = 600.0  # a first start builds the search index
    with tests.server.running_service(store) as base:
        raw, served = time_mix(store, base, args.repeat)
        _read_each(base, lookups)
        lookup, search = drive(base, lookups, args.seconds), drive(base, searches, args.seconds)
    with _bare_service() as bare_base:
        bare = drive(bare_base, ["/bare"], args.seconds)
    several = None
    if args.workers > 1:
        with tests.server.running_service(store, serve_options=("--workers", str(args.workers))) as base:
            _read_each(base, lookups)
            several = drive(base, lookups, args.seconds)

    print(f"\n{quads:,} quads, on-disk store, {os.cpu_count()} cores shared by client and servers\n")
    failures = print_mix(raw, served)
    print("\n| at concurrency 8 (wrk) | result | share of bare FastAPI | target | verdict |\n| --- | --- | --- | --- | --- |")
    rows: list[tuple[str, Load, str, bool]] = [
        ("bare FastAPI JSON endpoint (the ceiling)", bare, "", True),
        ("`GET /entities/{id}`, random entities", lookup, f"≥ {LOOKUP_RATE:,.0f} req/s, ≥ {LOOKUP_SHARE:.0%} of bare, p99 < {LOOKUP_P99_MS:g} ms", _lookup_ok(lookup, bare)),
    ]
    if several is not None:
        rows.append((f"`GET /entities/{{id}}`, `serve --workers {args.workers}`", several, "as above", _lookup_ok(several, bare)))
    rows.append(("`GET /search`, names as typed", search, f"p50 < {SEARCH_P50_MS:g} ms", search.p50_ms < SEARCH_P50_MS and not search.errors))
    for name, load, target, ok in rows:
        failures += not ok
        share = f"{load.requests_per_second / bare.requests_per_second:.0%}"
        print(f"| {name} | {load.summary()} | {share} | {target} | {'PASS' if ok else 'FAIL'} |")
    return 1 if failures else 0


def _read_each(base: str, paths: list[str]) -> None:
    """Ask for each page once, as the first reader after a write would: it is then kept
    (graph/entities/page_store.py) and the run measures pages as they are served."""
    with httpx.Client(base_url=base, timeout=120) as client:
        for path in paths:
            client.get(path)


def _lookup_ok(lookup: Load, bare: Load) -> bool:
    return (
        lookup.requests_per_second >= LOOKUP_RATE
        and lookup.requests_per_second >= LOOKUP_SHARE * bare.requests_per_second
        and lookup.p99_ms < LOOKUP_P99_MS
        and not lookup.errors
    )


@contextmanager
def _bare_service() -> Iterator[str]:
    """bench/bare_app.py on a free loopback port, stopped by its process id."""
    port = tests.server.free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "bench" / "bare_app.py"), str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _answers(f"{base}/bare"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("bench/bare_app.py did not start")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.TransportError:
        return False


if __name__ == "__main__":
    raise SystemExit(main())
