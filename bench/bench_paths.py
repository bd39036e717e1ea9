"""Benchmark path search and ties on a generated graph of about 3 million triples.

    .venv/bin/python bench/bench_paths.py [--firms 100000] [--samples 50] [--workdir bench/work]
    .venv/bin/python bench/bench_paths.py --store DIR --firms N   (a store already holding that graph)

Generates `graph.build.generator.write_generated(firms, seed=0)` (~30 triples per firm), loads it into an
on-disk store with `graph.load_files` (which runs the inference rules), then measures: building the
projection (time and retained memory), reopening it from disk as a restart would, computing the
tie table, the latency of 5 shortest paths and of tie look-ups, and the raw engine doing what it
can of the same work. Projection and tie table are built afresh in memory either way; with
`--store`, the small write at the end is skipped so the store is left as it was. Prints a
Markdown table; exit status 0 when every target is met.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch  # noqa: E402
from graph import engine_of, load_files, load_settings, open_dataset  # noqa: E402
from graph.connections import Connections, index_directory, tie_kinds  # noqa: E402
from graph.build import write_generated  # noqa: E402

ID = "https://tiegraph.org/id/"
EXTRA_FIRM = """@prefix tg: <https://tiegraph.org/ontology#> .
@prefix tgid: <https://tiegraph.org/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
tgid:bench-robotics a tg:Company ; rdfs:label "Bench Robotics"@en ; tg:headquarteredIn tgid:synthetic-city-0 .
"""
TARGETS = {"paths": 50.0, "entity ties": 50.0, "first page": 200.0, "projection MB": 300.0}


def main() -> int:
    args = _arguments()
    with scratch(args.workdir, "paths.nq", "paths-store", "paths-store-index") as (data, store, _):
        return _run(args, data, Path(args.store) if args.store else store)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=100_000, help="firms to generate (~30 triples each)")
    parser.add_argument("--samples", type=int, default=50, help="queries per latency measurement")
    parser.add_argument("--store", help="an on-disk store already holding write_generated(--firms, seed=0)")
    parser.add_argument("--workdir", default=str(ROOT / "bench" / "work"), help="scratch directory (removed if created)")
    return parser.parse_args()


def _run(args: argparse.Namespace, data: Path, store: Path) -> int:
    rows: list[tuple[str, str, str, str]] = []
    settings = load_settings({"TIEGRAPH_STORE": str(store)}, settings_file=None)
    kg = open_dataset(settings)
    if not args.store:
        started = time.perf_counter()
        write_generated(data, firms=args.firms, seed=0)
        print(f"generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        report = load_files(kg, [data])
        print(f"loaded {report.quads:,} quads (with inference) in {report.seconds:.1f} s", file=sys.stderr)
    engine = engine_of(kg)
    quads = len(engine)

    tracemalloc.start()
    started = time.perf_counter()
    connections = Connections(kg)  # no directory: built here, not read from a saved copy
    projection = connections.adjacency()
    build_seconds = time.perf_counter() - started
    retained_mb = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    rows.append(("projection: build from the store, once", f"{build_seconds * 1000:,.0f} ms", f"{len(projection.row_s):,} facts, {len(projection.iris):,} nodes", ""))
    rows.append(("projection: memory retained", f"{retained_mb:,.0f} MB", f"target < {TARGETS['projection MB']:.0f} MB", ""))

    directory = index_directory(settings)
    assert directory is not None
    projection.save(directory)
    started = time.perf_counter()
    reopened = Connections(kg, directory).adjacency()
    rows.append(("projection: reopen saved copy (restart)", f"{(time.perf_counter() - started) * 1000:,.0f} ms", f"revision matches: {reopened.revision == projection.revision}", ""))

    started = time.perf_counter()
    table = connections.tie_table()
    tie_seconds = time.perf_counter() - started
    counts = ", ".join(f"{kind} {len(ranked):,}" for kind, ranked in table.ties.items())
    rows.append(("ties: compute all kinds, once per revision", f"{tie_seconds * 1000:,.0f} ms", counts, ""))

    rng = random.Random(0)
    firms = [f"synthetic-firm-{rng.randrange(args.firms)}" for _ in range(args.samples)]
    pairs = _connected_pairs(engine, firms)
    found = [len(connections.paths(a, b)["paths"]) for a, b in pairs[:5]]
    path_ms = _median(lambda pair: connections.paths(*pair), pairs)
    search_ms = _median(lambda pair: _search_only(connections, *pair), pairs)
    raw_ms = _median(lambda pair: _raw_two_hops(engine, *pair), pairs)
    rows.append(("5 shortest paths ≤ 4 hops, with evidence", f"{path_ms:.1f} ms", f"target < {TARGETS['paths']:.0f} ms; e.g. {found} paths", f"{path_ms / raw_ms:.2f}× raw 2-hop"))
    rows.append(("5 shortest paths, search alone", f"{search_ms:.1f} ms", "", ""))
    rows.append(("raw engine: 2-hop undirected paths only (SPARQL)", f"{raw_ms:.1f} ms", "cannot rank, filter hubs or go past 2 hops cheaply", "1.00×"))

    kind = "founder-hometown"
    subjects = [next(iter(t.key.values())) for t in table.ties[kind][: args.samples]] or [ID + f for f in firms]
    entity_ms = _median(lambda iri: connections.ties(kind, iri), subjects)
    raw_entity_ms = _median(lambda iri: _raw_entity_ties(engine, kind, iri), subjects[:10])
    rows.append((f"ties of one entity ({kind}), with evidence", f"{entity_ms:.1f} ms", f"target < {TARGETS['entity ties']:.0f} ms", f"{entity_ms / raw_entity_ms:.2f}× raw"))
    rows.append((f"raw engine: {kind} query bound to that founder", f"{raw_entity_ms:.1f} ms", "", "1.00×"))
    cold_ms, page_ms = {}, {}
    for name in tie_kinds():
        started = time.perf_counter()
        connections.ties(name)
        cold_ms[name] = (time.perf_counter() - started) * 1000
        page_ms[name] = _median(lambda _: connections.ties(name), range(5))
    raw_started = time.perf_counter()
    raw_rows = sum(1 for _ in engine.query(tie_kinds()[kind].sparql, use_default_graph_as_union=True))
    raw_whole_ms = (time.perf_counter() - raw_started) * 1000
    for name, ms in page_ms.items():
        ratio = f"{ms / raw_whole_ms:.4f}× raw" if name == kind else ""
        rows.append((f"first page of all {name} ties, with evidence", f"{ms:.1f} ms", f"target < {TARGETS['first page']:.0f} ms; first call {cold_ms[name]:.0f} ms", ratio))
    rows.append((f"raw engine: whole-graph {kind} query", f"{raw_whole_ms:,.0f} ms", f"{raw_rows:,} rows", "1.00×"))

    if not args.store:
        extra = data.parent / "bench_firm.ttl"
        extra.write_text(EXTRA_FIRM, encoding="utf-8")
        started = time.perf_counter()
        load_files(kg, [extra])
        write_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        updated = connections.adjacency()
        refresh_ms = (time.perf_counter() - started) * 1000
        rows.append(("small write: load one file (rules + revision)", f"{write_ms:,.0f} ms", "", ""))
        rows.append(("projection: follow that write (changed graphs only)", f"{refresh_ms:,.0f} ms", f"same object updated: {updated is projection}", ""))
    kg.close()

    print(f"\n{quads:,} quads, {args.firms:,} firms, {args.samples} samples per latency (median)\n")
    print("| measurement | value | note | ratio |\n| --- | ---: | --- | ---: |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    met = path_ms < TARGETS["paths"] and entity_ms < TARGETS["entity ties"] and max(page_ms.values()) < TARGETS["first page"] and retained_mb < TARGETS["projection MB"]
    print(f"\nall targets met: {met}")
    return 0 if met else 1


def _median(call: Callable, items: list) -> float:
    times = []
    for item in items:
        started = time.perf_counter()
        call(item)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _connected_pairs(engine, firms: list[str]) -> list[tuple[str, str]]:
    """Founder → firm's city (2 hops), founder → a neighbour firm (3), firm → its province (2)."""
    values = " ".join(f"<{ID}{firm}>" for firm in firms)
    query = (
        "PREFIX tg: <https://tiegraph.org/ontology#> SELECT ?firm ?person ?city ?province (SAMPLE(?other) AS ?neighbour) "
        f"WHERE {{ VALUES ?firm {{ {values} }} ?firm tg:founder ?person ; tg:basedIn ?city . ?city tg:locatedIn ?province . "
        "?province a tg:Province . ?other tg:basedIn ?city . FILTER(?other != ?firm) } GROUP BY ?firm ?person ?city ?province"
    )
    local = lambda term: term.value[len(ID):]  # noqa: E731
    pairs = []
    for row in engine.query(query, use_default_graph_as_union=True):
        pairs += [(local(row["person"]), local(row["city"])), (local(row["person"]), local(row["neighbour"])), (local(row["firm"]), local(row["province"]))]
    return pairs


def _search_only(connections: Connections, a: str, b: str) -> None:
    from graph.connections import find_paths

    adjacency = connections.adjacency()
    find_paths(adjacency, adjacency.index[ID + a], adjacency.index[ID + b])


def _raw_two_hops(engine, a: str, b: str) -> int:
    query = (
        f"SELECT ?p1 ?m ?p2 WHERE {{ {{ <{ID}{a}> ?p1 ?m }} UNION {{ ?m ?p1 <{ID}{a}> }} "
        f"{{ ?m ?p2 <{ID}{b}> }} UNION {{ <{ID}{b}> ?p2 ?m }} FILTER(isIRI(?m)) }}"
    )
    return sum(1 for _ in engine.query(query, use_default_graph_as_union=True))


def _raw_entity_ties(engine, kind: str, founder: str) -> int:
    query = tie_kinds()[kind].sparql.replace("WHERE {", f"WHERE {{\n  VALUES ?founder {{ <{founder}> }}", 1)
    return sum(1 for _ in engine.query(query, use_default_graph_as_union=True))


if __name__ == "__main__":
    sys.exit(main())
