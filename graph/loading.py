"""Load RDF files atomically: parse into a staging store, validate, then write in one step.

A file's named graphs replace the graphs of the same name (triples-only files go to one graph,
given or derived from the file name), so loading the same file twice duplicates nothing.
"""

from __future__ import annotations

import io
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset
from tqdm import tqdm

from graph.errors import InputError, ParseFailed, Problem, ValidationFailed
from graph.formats import format_of
from graph.inference import materialise
from graph.namespaces import ONTOLOGY_GRAPH, SOURCE
from graph.ontology import ONTOLOGY_FILE, load_ontology, load_shapes
from graph.shapes import NEIGHBOUR_TYPE as NEIGHBOUR_TYPE_IRI, compile_shapes
from graph.store import engine_of
from graph.validation import SOURCE_DOCUMENT, find_problems

CONTEXT_GRAPH = ox.NamedNode("urn:tiegraph:staging-context")
NEIGHBOUR_TYPE = ox.NamedNode(NEIGHBOUR_TYPE_IRI)
TRANSACTION_LIMIT = 100_000  # quads; larger writes use the bulk loader, which is not transactional
CONTEXT_BATCH = 500
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DCTERMS_IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
DCTERMS_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")


@dataclass
class LoadReport:
    """What a load or validation did."""

    files: list[str]
    graphs: list[str] = field(default_factory=list)
    quads: int = 0
    seconds: float = 0.0


def derived_graph(path: Path) -> ox.NamedNode:
    """The graph a triples-only file goes to unless told otherwise: one per file name."""
    return ox.NamedNode(f"{SOURCE}file/{path.stem}")


def validate_files(kg: Dataset, paths: Sequence[Path], graph: str | None = None, rdf_format: str | None = None) -> LoadReport:
    """Check files as `load_files` would, writing nothing."""
    started = time.perf_counter()
    staging, sources = _stage(paths, graph, rdf_format, progress=False)
    report = _report(paths, staging, sources, started)
    _raise_problems(*_check(engine_of(kg), staging, _with_ontology(staging, sources)))
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

    `exclusive`: nobody else reads the store during the load (see `write_staged`).
    """
    started = time.perf_counter()
    staging, sources = _stage(paths, graph, rdf_format, progress)
    report = _report(paths, staging, sources, started)
    write_staged(kg, staging, sources, progress, exclusive)
    report.seconds = time.perf_counter() - started
    return report


def write_staged(
    kg: Dataset,
    staging: ox.Store,
    sources: dict[ox.NamedNode, Path | str],
    progress: bool = False,
    exclusive: bool = False,
) -> None:
    """Validate the graphs staged in `staging` and let them replace their namesakes in `kg`.

    `sources` maps each staged graph to where it came from, for error messages; the ontology
    graph is added so the staged data is judged with it and the store's copy stays current.
    `exclusive` says no one else reads the store meanwhile (the command line holds its lock):
    then a large load of graphs the store does not have yet is written while it is validated,
    and removed again if validation fails, which hides the validation time.
    """
    engine = engine_of(kg)
    data_graphs = list(sources)
    new_graphs_only = not any(engine.contains_named_graph(g) for g in data_graphs)
    if exclusive and new_graphs_only and len(staging) > TRANSACTION_LIMIT:
        data = staging.dump(format=ox.RdfFormat.N_QUADS)  # before the ontology joins the staging store
        sources = _with_ontology(staging, sources)
        _write_while_validating(engine, staging, sources, data, data_graphs, progress)
        _replace_in_one_transaction(engine, staging, [ox.NamedNode(str(ONTOLOGY_GRAPH))])
    else:
        sources = _with_ontology(staging, sources)
        _raise_problems(*_check(engine, staging, sources))
        _commit(engine, staging, list(sources), progress)
    materialise(engine, list(sources))


def _write_while_validating(
    engine: ox.Store,
    staging: ox.Store,
    sources: dict[ox.NamedNode, Path | str],
    data: bytes,
    graphs: list[ox.NamedNode],
    progress: bool,
) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        writing = pool.submit(_bulk_write, engine, data, progress)
        try:
            problems, truncated = _check(engine, staging, sources)
            if writing.exception():
                raise writing.exception()  # type: ignore[misc]
            _raise_problems(problems, truncated)
        except BaseException:
            writing.exception()  # wait for the writer before undoing what it wrote
            for g in graphs:
                engine.remove_graph(g)
            raise


def _stage(
    paths: Sequence[Path], graph: str | None, rdf_format: str | None, progress: bool
) -> tuple[ox.Store, dict[ox.NamedNode, Path | str]]:
    if graph and len(paths) > 1:
        raise InputError("--graph names one graph, so give one file with it")
    staging = ox.Store()
    sources: dict[ox.NamedNode, Path | str] = {}
    errors = []
    for path in paths:
        if not path.is_file():
            errors.append(f"{path}: no such file")
            continue
        target = ox.NamedNode(graph) if graph else derived_graph(path)
        before = set(staging.named_graphs())
        try:
            with tqdm(desc=f"parse {path.name}", total=None, disable=not progress, unit="file"):
                staging.bulk_load(path=str(path), format=format_of(path, rdf_format), to_graph=target)
        except SyntaxError as error:
            errors.append(f"{path}: {error.msg}")
            continue
        except (ValueError, OSError) as error:
            errors.append(f"{path}: {error}")
            continue
        for name in set(staging.named_graphs()) - before:
            sources[name] = path
        if target in sources:
            describe_as_source(staging, target, path.name)
    if errors:
        raise ParseFailed("nothing was written; fix these and load again:\n" + "\n".join(f"  - {e}" for e in errors))
    return staging, sources


def _with_ontology(staging: ox.Store, sources: dict[ox.NamedNode, Path | str]) -> dict[ox.NamedNode, Path | str]:
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    if ontology not in sources:
        staging.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE, to_graph=ontology)
    return {**sources, ontology: ONTOLOGY_FILE}


def describe_as_source(staging: ox.Store, graph: ox.NamedNode, name: str) -> bool:
    """Unless it says what it is, a graph of bare triples is its own source document called `name`.

    True when a description was added.
    """
    if any(staging.quads_for_pattern(graph, RDF_TYPE, None, graph)):
        return False
    staging.extend(
        ox.Quad(graph, predicate, value, graph)
        for predicate, value in (
            (RDF_TYPE, ox.NamedNode(str(SOURCE_DOCUMENT))),
            (RDFS_LABEL, ox.Literal(name, language="en")),
            (DCTERMS_TITLE, ox.Literal(name)),
            (DCTERMS_IDENTIFIER, ox.Literal(name)),
        )
    )
    return True


def _check(engine: ox.Store, staging: ox.Store, sources: dict[ox.NamedNode, Path | str]) -> tuple[list[Problem], bool]:
    _copy_context(engine, staging, list(sources))
    ontology = load_ontology()
    checks = compile_shapes(load_shapes(), ontology)
    found = find_problems(staging, sources, ontology, checks)
    staging.remove_graph(CONTEXT_GRAPH)
    return found


def _raise_problems(problems: list[Problem], truncated: bool) -> None:
    if problems:
        raise ValidationFailed(problems, truncated)


def _copy_context(engine: ox.Store, staging: ox.Store, replaced: list[ox.NamedNode]) -> None:
    """Copy into CONTEXT_GRAPH what the store already says that the shapes need.

    The staged subjects' other facts come whole (they are judged whole); the types of the
    nodes they point at come under the private NEIGHBOUR_TYPE predicate, which sh:class reads
    but which makes no node a focus node.
    """
    kept = " ".join(str(g) for g in engine.named_graphs() if g not in replaced)
    if not kept:
        return
    staged = " ".join(str(g) for g in replaced)
    subjects = [row["n"] for row in staging.query(f"SELECT DISTINCT ?n WHERE {{ VALUES ?g {{ {staged} }} GRAPH ?g {{ ?n ?p ?o }} }}")]
    staging.extend(ox.Quad(t.subject, t.predicate, t.object, CONTEXT_GRAPH) for t in _matching(engine, subjects, kept, "?n ?p ?o"))
    neighbours = [
        row["n"]
        for row in staging.query(
            f"SELECT DISTINCT ?n WHERE {{ VALUES ?g {{ {staged} {CONTEXT_GRAPH} }} GRAPH ?g {{ ?s ?p ?n }} FILTER(isIRI(?n)) }}"
        )
    ]
    staging.extend(ox.Quad(t.subject, NEIGHBOUR_TYPE, t.object, CONTEXT_GRAPH) for t in _matching(engine, neighbours, kept, "?n a ?o"))


def _matching(engine: ox.Store, nodes: list[ox.NamedNode], graphs: str, pattern: str) -> Iterator[ox.Triple]:
    """Triples of `graphs` matching `pattern` with ?n bound to each of `nodes`, in batches."""
    for start in range(0, len(nodes), CONTEXT_BATCH):
        batch = " ".join(str(n) for n in nodes[start : start + CONTEXT_BATCH])
        yield from engine.query(f"CONSTRUCT {{ {pattern} }} WHERE {{ VALUES ?n {{ {batch} }} VALUES ?g {{ {graphs} }} GRAPH ?g {{ {pattern} }} }}")


def _commit(engine: ox.Store, staging: ox.Store, graphs: list[ox.NamedNode], progress: bool) -> None:
    """Replace `graphs` in the store with their staged content (`staging` holds only those)."""
    if len(staging) <= TRANSACTION_LIMIT:
        _replace_in_one_transaction(engine, staging, graphs)
        return
    for g in graphs:
        engine.remove_graph(g)
    _bulk_write(engine, staging.dump(format=ox.RdfFormat.N_QUADS), progress)


def _replace_in_one_transaction(engine: ox.Store, staging: ox.Store, graphs: list[ox.NamedNode]) -> None:
    """One SPARQL update is one transaction: the old graphs go and the new ones arrive together."""
    drops = "".join(f"DROP SILENT GRAPH {g} ;\n" for g in graphs)
    inserts = "".join(f"GRAPH {g} {{\n{staging.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g).decode()}}}\n" for g in graphs)
    engine.update(f"{drops}INSERT DATA {{\n{inserts}}}")


def _bulk_write(engine: ox.Store, data: bytes, progress: bool) -> None:
    """Oxigraph's bulk loader on N-Quads bytes, which it parses on all cores without the GIL."""
    with tqdm(total=len(data), desc="write", unit="B", unit_scale=True, disable=not progress) as bar:
        engine.bulk_load(input=io.BufferedReader(_ProgressReader(data, bar.update), 1 << 20), format=ox.RdfFormat.N_QUADS)
    engine.flush()


class _ProgressReader(io.RawIOBase):
    """Bytes read out in chunks, reporting each chunk's size, so a bar can follow the write."""

    def __init__(self, data: bytes, advance: Callable[[int], object]) -> None:
        self._data = memoryview(data)
        self._position = 0
        self._advance = advance

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), len(self._data) - self._position)
        buffer[:size] = self._data[self._position : self._position + size]
        self._position += size
        self._advance(size)
        return size


def _report(paths: Sequence[Path], staging: ox.Store, sources: dict[ox.NamedNode, Path | str], started: float) -> LoadReport:
    return LoadReport(
        files=[str(p) for p in paths],
        graphs=sorted(g.value for g in sources),
        quads=len(staging),
        seconds=time.perf_counter() - started,
    )
