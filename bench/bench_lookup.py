"""Benchmark entity look-up and search on a generated graph of about 3 million triples.

    .venv/bin/python bench/bench_lookup.py [--firms 100000] [--seconds 10] [--store DIR] [--workdir bench/work]

Generates `graph.generator.write_generated(firms, seed=0)` and loads it with `graph.load_files`
into an on-disk store (or uses `--store`, already loaded). In this process: builds the search index
(time; its saved copy reopened as a restart does; memory retained, by tracemalloc) and measures search latency over a mix of queries
made from random entities' names (whole English and Chinese labels, pinyin, one word, a typo).
Then it starts the real service (`tiegraph serve` under uvicorn, via tests/server.py) and a bare
FastAPI app with one constant JSON endpoint, and drives each for `--seconds` with 8 keep-alive
connections from 8 client threads: requests per second, p50 and p99 of `GET /entities/{id}` for
random entities, of the bare endpoint, and of `GET /search`. Client and servers share the machine.
Prints a Markdown table; exit status 0 when search p50 is under 20 ms.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tests.server  # noqa: E402
from bench.scratch import scratch  # noqa: E402
from graph import load_files, load_settings, open_dataset  # noqa: E402
from graph.connections import index_directory  # noqa: E402
from graph.generator import write_generated  # noqa: E402
from graph.name_index import INDEX_FILE  # noqa: E402
from graph.names import pinyin_words  # noqa: E402
from graph.search import SearchIndex  # noqa: E402

CONCURRENCY = 8
SEARCH_TARGET_MS = 20.0
KINDS = ("firm", "person", "city", "hq", "incentive", "government", "announcement")
BARE_APP = """
import sys, uvicorn
from fastapi import FastAPI
app = FastAPI()
@app.get("/bare")
def bare() -> dict[str, object]:
    return {"id": "synthetic-firm-1", "label": "Xinhua Motors 1", "ok": True}
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def main() -> int:
    args = _arguments()
    if args.store:
        return _run(args, Path(args.store))
    with scratch(args.workdir, "lookup.nq", "lookup-store", "lookup-store-index") as (data, store, _):
        started = time.perf_counter()
        quads = write_generated(data, firms=args.firms, seed=0)
        kg = open_dataset(load_settings({"TIEGRAPH_STORE": str(store)}, settings_file=None))
        load_files(kg, [data, *sorted((ROOT / "seeds").glob("*.trig"))], exclusive=True)
        kg.close()
        print(f"generated and loaded {quads:,} quads in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        return _run(args, store)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=100_000, help="firms to generate (~32 quads each)")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each HTTP load run")
    parser.add_argument("--samples", type=int, default=2_000, help="in-process search queries")
    parser.add_argument("--store", help="an already loaded on-disk store to use instead of generating one")
    parser.add_argument("--workdir", default=str(ROOT / "bench" / "work"), help="scratch directory (removed if created)")
    return parser.parse_args()


def _run(args: argparse.Namespace, store: Path) -> int:
    rng = random.Random(0)
    rows: list[tuple[str, str, str, str]] = []
    engine = ox.Store.read_only(str(store))  # no lock: the service will open the store next
    started = time.perf_counter()
    index = SearchIndex.build(engine)
    rows.append(("search index: build from the store", f"{time.perf_counter() - started:.1f} s", f"{len(index._iris):,} entities, {len(index._name_entity):,} names", "once; then kept current by revision"))
    directory = index_directory(load_settings({"TIEGRAPH_STORE": str(store)}, settings_file=None))
    index.save(directory / INDEX_FILE)  # where the service will look for it
    started = time.perf_counter()
    SearchIndex.open(engine, directory)
    rows.append(("search index: reopen the saved copy (restart)", f"{time.perf_counter() - started:.1f} s", f"{(directory / INDEX_FILE).stat().st_size / 2**20:,.0f} MB file", ""))
    tracemalloc.start()
    reopened = SearchIndex.open(engine, directory)
    rows.append(("search index: memory retained", f"{tracemalloc.get_traced_memory()[0] / 2**20:,.0f} MB", "Python objects (tracemalloc)", ""))
    tracemalloc.stop()
    del reopened
    quads = len(engine)
    ids = _sample_ids(rng, args.firms, 500)
    queries = _queries(rng, engine, ids)
    medians = []
    for kind, texts in queries.items():
        times = []
        for text in (texts * (args.samples // len(texts) + 1))[: args.samples // len(queries)]:
            started = time.perf_counter()
            index.search(text, limit=10)
            times.append((time.perf_counter() - started) * 1000)
        medians.append(_p(times, 50))
        rows.append((f"search in process: {kind}", f"p50 {medians[-1]:.2f} ms", f"p99 {_p(times, 99):.2f} ms", f"e.g. {texts[0]!r}"))
    del index, engine

    tests.server.START_TIMEOUT = 300.0  # the service builds its search index before it answers
    with tests.server.running_service(store) as base, _bare_service() as bare:
        port = int(base.rsplit(":", 1)[1])
        lookups = [f"/entities/{quote(i)}" for i in ids]
        searches = [f"/search?{urlencode({'q': text})}" for texts in queries.values() for text in texts]
        for name, target_port, paths in (("GET /entities/{id} (tiegraph)", port, lookups), ("GET /bare (FastAPI, constant JSON)", bare, ["/bare"]), ("GET /search (tiegraph)", port, searches)):
            rate, times, errors = _load(target_port, paths, args.seconds)
            rows.append((name, f"{rate:,.0f} req/s", f"p50 {_p(times, 50):.1f} ms, p99 {_p(times, 99):.1f} ms", f"{len(times):,} requests, {errors} errors, c={CONCURRENCY}"))
    print(f"\n{quads:,} quads, {os.cpu_count()} cores\n")
    print("| what | result | latency | notes |\n| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0 if max(medians) < SEARCH_TARGET_MS else 1


def _sample_ids(rng: random.Random, firms: int, count: int) -> list[str]:
    """Random entities of the generated graph, by kind (cities, governments: fewer of them)."""
    picked = []
    for _ in range(count):
        kind = rng.choice(KINDS)
        upper = max(1, firms // 20) if kind in ("city", "government") else firms
        n = rng.randrange(upper)
        picked.append(f"synthetic-{kind}-{n - n % 3 if kind == 'announcement' else n}")
    return picked


def _queries(rng: random.Random, engine: object, ids: list[str]) -> dict[str, list[str]]:
    """Search texts made from the sampled entities' labels, as people type them."""
    values = " ".join(f"<https://tiegraph.org/id/{i}>" for i in ids)
    english, chinese = [], []
    for row in engine.query(f"SELECT ?l WHERE {{ VALUES ?e {{ {values} }} ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }}", use_default_graph_as_union=True):  # type: ignore[attr-defined]
        (chinese if row["l"].language == "zh" else english).append(row["l"].value)
    rng.shuffle(english)
    rng.shuffle(chinese)
    return {
        "whole English label": english[:100],
        "whole Chinese label": chinese[:100],
        "pinyin of a Chinese label": [" ".join(pinyin_words(text) or []) for text in chinese[:100]],
        "first word, lower case": [text.split()[0].lower() for text in english[:100]],
        "one typo (two letters swapped)": [_swap(rng, text) for text in english[:100]],
    }


def _swap(rng: random.Random, text: str) -> str:
    words = text.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) >= 4 and word.isalpha():
        i = rng.randrange(1, len(word) - 2)
        words[longest] = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return " ".join(words)


def _load(port: int, paths: list[str], seconds: float) -> tuple[float, list[float], int]:
    """Requests per second and latencies (ms) of `CONCURRENCY` threads on keep-alive connections."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(seed: int) -> None:
        rng, connection, mine = random.Random(seed), http.client.HTTPConnection("127.0.0.1", port, timeout=60), []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            connection.request("GET", rng.choice(paths))
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                with lock:
                    errors[0] += 1
        connection.close()
        with lock:
            times.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(times) / (time.perf_counter() - started), times, errors[0]


@contextmanager
def _bare_service() -> Iterator[int]:
    """A bare FastAPI app under uvicorn on a free port, stopped by its process id."""
    port = tests.server.free_port()
    process = subprocess.Popen([sys.executable, "-c", BARE_APP, str(port)])
    try:
        _wait(lambda: _get(port, "/bare") == 200)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(port: int, path: str) -> int:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return 0


def _wait(ready: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError("the bare service did not start")
        time.sleep(0.1)


def _p(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * percent / 100))] if ordered else float("nan")


if __name__ == "__main__":
    sys.exit(main())
