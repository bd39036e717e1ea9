"""Benchmark the search index on a generated graph of about 3 million triples.

    .venv/bin/python bench/bench_lookup.py [--firms 100000] [--samples 2000] [--store DIR] [--workdir bench/work]

Generates `graph.build.generator.write_generated(firms, seed=0)` and loads it with the seeds into an
on-disk store (or uses `--store`, already loaded). In this process: builds the search index
(time), saves it and reopens it as a restarted service does, measures the memory it retains
(tracemalloc) and the latency of searches made from random entities' names (whole English and
Chinese labels, pinyin, one word, a typo). Look-up and search over HTTP at concurrency 8 are in
bench_service.py, which uses `sample_ids` and `search_texts` from here. Prints a Markdown table;
exit status 0 when search p50 is under 20 ms for every kind of query.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generated import generated_store  # noqa: E402
from graph import load_settings  # noqa: E402
from graph.connections import index_directory  # noqa: E402
from graph.search import INDEX_FILE, pinyin_words, SearchIndex  # noqa: E402

SEARCH_TARGET_MS = 20.0
KINDS = ("firm", "person", "city", "hq", "incentive", "government", "announcement")


def main() -> int:
    args = _arguments()
    with generated_store(args.firms, args.workdir, args.store) as store:
        return _run(args, store)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=100_000, help="firms to generate (~32 quads each)")
    parser.add_argument("--samples", type=int, default=2_000, help="search queries to time")
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
    ids = sample_ids(rng, args.firms, 500)
    queries = search_texts(rng, engine, ids)
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
    print(f"\n{quads:,} quads, {os.cpu_count()} cores\n")
    print("| what | result | latency | notes |\n| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0 if max(medians) < SEARCH_TARGET_MS else 1


def sample_ids(rng: random.Random, firms: int, count: int) -> list[str]:
    """Random entities of the generated graph, by kind (cities, governments: fewer of them)."""
    picked = []
    for _ in range(count):
        kind = rng.choice(KINDS)
        upper = max(1, firms // 20) if kind in ("city", "government") else firms
        n = rng.randrange(upper)
        picked.append(f"synthetic-{kind}-{n - n % 3 if kind == 'announcement' else n}")
    return picked


def search_texts(rng: random.Random, engine: object, ids: list[str]) -> dict[str, list[str]]:
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


def _p(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * percent / 100))] if ordered else float("nan")


if __name__ == "__main__":
    sys.exit(main())
