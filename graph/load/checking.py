"""Judge staged data against the ontology and shapes, with what the store already says."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from graph.errors import Problem, ValidationFailed
from graph.model.ontology import load_ontology, load_shapes
from graph.load.shapes import NEIGHBOUR_TYPE as NEIGHBOUR_TYPE_IRI, compile_shapes
from graph.load.staging import Sources
from graph.load.validation import WORKERS, find_problems

CONTEXT_GRAPH = ox.NamedNode("urn:tiegraph:staging-context")
NEIGHBOUR_TYPE = ox.NamedNode(NEIGHBOUR_TYPE_IRI)
CONTEXT_BATCH = 500


def check_staged(engine: ox.Store, staging: ox.Store, sources: Sources, workers: int = WORKERS) -> tuple[list[Problem], bool]:
    """Every problem of the staged `sources`, judged with the store's facts about their nodes."""
    _copy_context(engine, staging, list(sources))
    ontology = load_ontology()
    checks = compile_shapes(load_shapes(), ontology)
    found = find_problems(staging, sources, ontology, checks, workers)
    staging.remove_graph(CONTEXT_GRAPH)
    return found


def raise_problems(problems: list[Problem], truncated: bool) -> None:
    """Refuse the write when there is any problem."""
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
