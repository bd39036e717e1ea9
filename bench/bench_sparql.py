"""Median latency of a fixed SPARQL mix through `/sparql` and straight on the engine, side by side.

    .venv/bin/python bench/bench_sparql.py [--firms 10000] [--repeat 25] [--workdir bench/work]

Generates a graph, loads it with `tiegraph load`, starts `tiegraph serve` on 127.0.0.1 and
times each query on pyoxigraph directly (same store directory, opened read-only, same options,
same SPARQL JSON serialisation) and over HTTP with a keep-alive client, taking turns
(`time_mix`). The server is stopped by its process id. bench_service.py runs the same mix beside
throughput runs. Prints a Markdown table with the ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch  # noqa: E402
from graph.build import write_generated  # noqa: E402
from graph.model import PREFIXES  # noqa: E402
from tests.server import running_service  # noqa: E402

TIEGRAPH = str(Path(sys.executable).parent / "tiegraph")
TARGET_RATIO, TARGET_SLACK_MS = 1.25, 2.0
MOST_RUNS, BUDGET_SECONDS = 200, 1.0  # per query and side; slow queries run `--repeat` times
MIX = {
    "look-up": "SELECT ?p ?o WHERE { tgid:synthetic-firm-42 ?p ?o }",
    "founder-hometown": "SELECT ?firm ?person ?city WHERE { ?firm tg:founder ?person . ?person tg:bornIn ?city . ?firm tg:basedIn ?city } LIMIT 100",
    "incentives by province": (
        'SELECT ?province (SUM(?amount) AS ?total) WHERE { ?i a tg:Incentive ; tg:place ?city ; tg:amount ?amount ; tg:currency "CNY" . '
        "?city tg:locatedIn ?province . ?province a tg:Province } GROUP BY ?province ORDER BY DESC(?total) LIMIT 20"
    ),
    "transitive located-in": "SELECT ?place WHERE { tgid:synthetic-hq-42 tg:locatedIn+ ?place }",
    "label search": 'SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(CONTAINS(LCASE(STR(?label)), "robotics 4")) } LIMIT 20',
    "two-hop neighbourhood": "SELECT DISTINCT ?n2 WHERE { tgid:synthetic-firm-42 ?p ?n1 . ?n1 ?q ?n2 FILTER(isIRI(?n2)) } LIMIT 500",
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s a tg:Company }",
    "dated range by amount": (
        'SELECT ?i ?amount ?date WHERE { ?i a tg:Incentive ; tg:amount ?amount ; tg:date ?date '
        'FILTER(?date >= "2015-01-01"^^xsd:date && ?date < "2016-01-01"^^xsd:date) } ORDER BY DESC(?amount) LIMIT 50'
    ),
}
PREFIX_IRIS = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def main() -> int:
    args = _arguments()
    with scratch(args.workdir, "sparql-store", "sparql.nq") as (store, data):
        quads = write_generated(data, args.firms, seed=0)
        subprocess.run([TIEGRAPH, "load", "--no-progress", str(data)], env=_env(store), check=True, capture_output=True)
        with running_service(store) as base:
            raw, served = time_mix(store, base, args.repeat)
        return _report(raw, served, quads, args.firms)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=10_000, help="size of the generated graph (about 30 quads per firm)")
    parser.add_argument("--repeat", type=int, default=25, help="timed runs per query (after one warm-up)")
    parser.add_argument("--workdir", default=str(ROOT / "bench" / "work"))
    return parser.parse_args()


def _env(store: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIEGRAPH_")}
    return {**env, "TIEGRAPH_STORE": str(store)}


def time_mix(store: Path, base: str, repeat: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Each query of the mix on the raw engine and through `/sparql` of the service at `base`,
    the two taking turns run by run, so that the machine's drifts in speed touch both alike.

    The raw engine opens the store read-only beside the running service; the client keeps its
    connection alive. At least `repeat` runs each, more for a fast query (up to MOST_RUNS while
    under BUDGET_SECONDS): the median of nine sub-millisecond runs moved by a millisecond with
    any hiccup of the machine.
    """
    engine = ox.Store.read_only(str(store))
    raw: dict[str, list[float]] = {}
    served: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, headers={"Accept": "application/sparql-results+json"}) as client:
        def on_engine(sparql: str) -> bytes:
            return engine.query(sparql, use_default_graph_as_union=True, prefixes=PREFIX_IRIS).serialize(format=ox.QueryResultsFormat.JSON)

        def through_service(sparql: str) -> bytes:
            response = client.get("/sparql", params={"query": sparql})
            response.raise_for_status()
            return response.content

        for name, sparql in MIX.items():
            on_engine(sparql)  # warm-up: caches, and the query worker's first touch
            through_service(sparql)
            raw[name], served[name] = [], []
            began = time.perf_counter()
            while len(raw[name]) < repeat or (len(raw[name]) < MOST_RUNS and time.perf_counter() - began < 2 * BUDGET_SECONDS):
                raw[name].append(_timed_once(on_engine, sparql))
                served[name].append(_timed_once(through_service, sparql))
    return raw, served


def _timed_once(run: Callable[[str], bytes], sparql: str) -> float:
    started = time.perf_counter()
    run(sparql)
    return (time.perf_counter() - started) * 1000


def _report(raw: dict[str, list[float]], served: dict[str, list[float]], quads: int, firms: int) -> int:
    print(f"\n{firms} firms, {quads:,} quads, on-disk store; milliseconds, median (min–max)\n")
    return 1 if print_mix(raw, served) else 0


def print_mix(raw: dict[str, list[float]], served: dict[str, list[float]]) -> int:
    """The mix as a Markdown table with ratios and verdicts; returns how many queries missed."""
    print("| query | raw engine, ms | through /sparql, ms | ratio | verdict |")
    print("|---|---|---|---|---|")
    failures = 0
    for name in MIX:
        r, s = statistics.median(raw[name]), statistics.median(served[name])
        ok = s <= r * TARGET_RATIO or s - r <= TARGET_SLACK_MS
        failures += not ok
        print(f"| {name} | {r:.2f} ({min(raw[name]):.2f}–{max(raw[name]):.2f}) | {s:.2f} ({min(served[name]):.2f}–{max(served[name]):.2f}) | {s / r:.2f} | {'PASS' if ok else 'FAIL'} |")
    print(f"\nmedian (min–max); target: within {TARGET_RATIO}× of the raw engine, or within {TARGET_SLACK_MS:g} ms of it")
    return failures


if __name__ == "__main__":
    raise SystemExit(main())
