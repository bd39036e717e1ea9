"""Load RDF files atomically: parse into a staging store, validate, then write in one step.

A file's named graphs replace the graphs of the same name (triples-only files go to one graph,
given or derived from the file name), so loading the same file twice duplicates nothing. Every
graph must describe its source (graph/load/validation.py), as `<>` in a file of triples.
A store that is not local is loaded in batches of whole graphs instead (graph/load/remote_loading.py).
When the caller has the store to itself (`exclusive`, as the command line has), large writes
of new graphs overlap the write with the validation and undo the write if validation fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Dataset

from graph.load.checking import check_staged, raise_problems
from graph.store.formats import format_of
from graph.load.inference import materialise
from graph.load.rule_set import run_rules
from graph.load.scoped_rules import delta, quads_of
from graph.model.namespaces import ONTOLOGY_GRAPH
from graph.load.remote_loading import load_remote, validate_remote
from graph.store.intent import INTENT_GRAPH, clear_intent, mark_complete, record_intent
from graph.store.revision import digest, graph_version, is_inferred
from graph.load.staging import Sources, derived_graph, stage_files, with_ontology
from graph.store.dataset import engine_of
from graph.store.engine import TRANSACTION_LIMIT, Engine

ONTOLOGY = ox.NamedNode(str(ONTOLOGY_GRAPH))
T = TypeVar("T")
EAGER_BYTES = 20_000_000  # files this large are written while they are validated, into a fresh store


@dataclass
class LoadReport:
    """What a load or validation did."""

    files: list[str]
    graphs: list[str] = field(default_factory=list)
    quads: int = 0
    seconds: float = 0.0


def validate_files(kg: Dataset, paths: Sequence[Path], graph: str | None = None, rdf_format: str | None = None) -> LoadReport:
    """Check files as `load_files` would, writing nothing."""
    started = time.perf_counter()
    engine = engine_of(kg)
    if not engine.local:
        graphs, quads = validate_remote(engine, paths, graph, rdf_format)
        return LoadReport([str(p) for p in paths], graphs, quads, time.perf_counter() - started)
    staging, sources = stage_files(paths, graph, rdf_format, progress=False)
    report = _report(paths, staging, sources, started)
    raise_problems(*check_staged(engine, staging, with_ontology(staging, sources)))
    return report


def load_files(
    kg: Dataset,
    paths: Sequence[Path],
    graph: str | None = None,
    rdf_format: str | None = None,
    progress: bool = False,
    exclusive: bool = False,
) -> LoadReport:
    """Parse, validate and write `paths` as one change; on any problem nothing is written.

    `exclusive`: nobody else reads the store during the load, so a write may run ahead of its
    validation and be undone; only the command line, which holds the store's lock, says so.
    """
    started = time.perf_counter()
    engine = engine_of(kg)
    if not engine.local:
        graphs, quads = load_remote(engine, paths, graph, rdf_format, progress)
        return LoadReport([str(p) for p in paths], graphs, quads, time.perf_counter() - started)
    if exclusive and engine.local and _holds_no_sources(engine) and sum(p.stat().st_size for p in paths if p.is_file()) > EAGER_BYTES:
        staging, sources = _load_into_fresh_store(engine, paths, graph, rdf_format, progress)
    else:
        staging, sources = stage_files(paths, graph, rdf_format, progress)
        write_staged(kg, staging, sources, progress, exclusive)
    return _report(paths, staging, sources, started)


def refresh_ontology(kg: Dataset) -> bool:
    """Write ontology/tiegraph.ttl into an embedded store whose copy of it is older (tiegraph was
    upgraded since the last write), as any write is: validated, then the rules and derived state
    follow. Without it SPARQL would see the old vocabulary until the next write. True if written."""
    engine = engine_of(kg)
    recorded = graph_version(engine, ONTOLOGY) if engine.local else None
    if recorded is None:  # a remote store, or one never written: its first write brings the ontology
        return False
    current = ox.Store()
    with_ontology(current, {})
    if digest(current, ONTOLOGY) == recorded:
        return False
    write_staged(kg, ox.Store(), {})
    return True


def write_staged(kg: Dataset, staging: ox.Store, sources: Sources, progress: bool = False, exclusive: bool = False) -> None:
    """Validate the graphs staged in `staging` and let them replace their namesakes in `kg`.

    `sources` maps each staged graph to where it came from, for error messages. With
    `exclusive`, a large write of graphs the store does not have yet starts before validation
    and is removed again if validation fails.
    """
    engine = engine_of(kg)
    data_graphs = list(sources)
    new_graphs_only = not any(engine.contains_named_graph(g) for g in data_graphs)
    bulk = len(staging) > TRANSACTION_LIMIT  # not one transaction: rolled back if interrupted
    before = None  # what the graphs held, when small enough for the rules to follow the change
    if exclusive and engine.local and new_graphs_only and bulk:
        data = staging.dump(format=ox.RdfFormat.N_QUADS)  # before the ontology joins the staging store
        sources = with_ontology(staging, sources)
        record_intent(engine, list(sources), roll_back=True)
        _overlapped(engine, lambda: engine.bulk_write(data, progress), lambda: raise_problems(*check_staged(engine, staging, sources)))
        engine.replace_in_one_transaction(staging, [ONTOLOGY])
    else:
        sources = with_ontology(staging, sources)
        raise_problems(*check_staged(engine, staging, sources))
        if not bulk:
            before = quads_of(engine, sources)
        record_intent(engine, list(sources), roll_back=bulk)
        engine.replace_graphs(staging, list(sources), progress)
    if bulk:
        mark_complete(engine)
    changes = delta(before, (q for g in sources for q in staging.quads_for_pattern(None, None, None, g)))
    materialise(engine, list(sources), content=staging, delta=changes)


def _load_into_fresh_store(
    engine: Engine, paths: Sequence[Path], graph: str | None, rdf_format: str | None, progress: bool
) -> tuple[ox.Store, Sources]:
    """Write the files straight from disk while a staging copy of them is parsed and checked.

    Only for a store that holds no sources yet: every graph the files hold is then new.
    """

    def write() -> None:
        for path in paths:
            engine.bulk_write(path, progress, format_of(path, rdf_format), ox.NamedNode(graph) if graph else derived_graph(path))

    def judge() -> tuple[ox.Store, Sources, dict[str, str]]:
        staging, sources = stage_files(paths, graph, rdf_format, progress=False)
        sources = with_ontology(staging, sources)
        # Two check threads beside the writer: the writer leaves a core idle once it is done.
        raise_problems(*check_staged(engine, staging, sources))
        # The store will hold just what is staged, so the rules can run here, beside the write.
        run_rules(staging)
        return staging, sources, {g.value: digest(staging, g) for g in sources}

    record_intent(engine, None, roll_back=True)  # the store holds no sources: all of them are this load's
    staging, sources, digests = _overlapped(engine, write, judge)
    engine.replace_in_one_transaction(staging, [ONTOLOGY])
    mark_complete(engine)
    materialise(engine, list(sources), content=staging, inferred=staging, digests=digests)
    return staging, sources


def _overlapped(engine: Engine, write: Callable[[], None], judge: Callable[[], T]) -> T:
    """Run `write` while `judge` runs; if either fails, remove every graph `write` added."""
    before = set(engine.named_graphs())
    with ThreadPoolExecutor(max_workers=1) as pool:
        writing = pool.submit(write)
        try:
            verdict = judge()
            writing.result()
            return verdict
        except BaseException:
            wait([writing])  # let the writer finish before undoing what it wrote
            for g in set(engine.named_graphs()) - before - {INTENT_GRAPH}:
                engine.remove_graph(g)
            clear_intent(engine)
            raise


def _holds_no_sources(engine: Engine) -> bool:
    return all(g == ONTOLOGY or is_inferred(g.value) for g in engine.named_graphs())


def _report(paths: Sequence[Path], staging: ox.Store, sources: Sources, started: float) -> LoadReport:
    graphs = [g for g in sources if g != ONTOLOGY]
    return LoadReport(
        files=[str(p) for p in paths],
        graphs=sorted(g.value for g in graphs),
        quads=_quads_of(staging, set(graphs)),
        seconds=time.perf_counter() - started,
    )


def _quads_of(staging: ox.Store, graphs: set[ox.NamedNode]) -> int:
    """Quads in `graphs`: the whole staging store less its few other graphs (ontology, rules),
    as counting thousands of graphs one by one took 2.5 s at 3.3 M quads and `len` 0.2 s."""
    others = ["{ ?s ?p ?o }", *(f"{{ GRAPH {g} {{ ?s ?p ?o }} }}" for g in staging.named_graphs() if g not in graphs)]
    return len(staging) - sum(int(next(iter(staging.query(f"SELECT (COUNT(*) AS ?n) WHERE {pattern}")))[0].value) for pattern in others)
