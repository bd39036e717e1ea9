"""Judge staged data against the ontology and shapes, with what the store already says."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from graph.errors import Problem, ValidationFailed
from graph.model.ontology import load_ontology, load_shapes
from graph.load.shapes import NEIGHBOUR_TYPE as NEIGHBOUR_TYPE_IRI, compile_shapes
from graph.load.staging import Sources
from graph.load.validation import WORKERS, find_problems
from graph.store.intent import INTENT_GRAPH
from graph.store.journal import JOURNAL_GRAPH
from graph.model.statements import RDF_TYPE

CONTEXT_GRAPH = ox.NamedNode("urn:tiegraph:staging-context")
NEIGHBOUR_TYPE = ox.NamedNode(NEIGHBOUR_TYPE_IRI)
CONTEXT_BATCH = 500
# A write's own records, which say nothing about the nodes it stages: with them counted, a bulk
# load into a fresh store (whose intent is recorded first) read context for every node, 8 s at
# 3.3 M quads, instead of skipping the context of an empty store.
WRITE_RECORDS = {INTENT_GRAPH, JOURNAL_GRAPH}


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
    skipped = set(replaced) | WRITE_RECORDS
    if not any(g not in skipped for g in engine.named_graphs()):
        return
    staged = " ".join(str(g) for g in replaced)
    subjects = [row["n"] for row in staging.query(f"SELECT DISTINCT ?n WHERE {{ VALUES ?g {{ {staged} }} GRAPH ?g {{ ?n ?p ?o }} }}")]
    staging.extend(ox.Quad(q.subject, q.predicate, q.object, CONTEXT_GRAPH) for q in _kept(engine, subjects, None, skipped))
    neighbours = [
        row["n"]
        for row in staging.query(
            f"SELECT DISTINCT ?n WHERE {{ VALUES ?g {{ {staged} {CONTEXT_GRAPH} }} GRAPH ?g {{ ?s ?p ?n }} FILTER(isIRI(?n)) }}"
        )
    ]
    staging.extend(ox.Quad(q.subject, NEIGHBOUR_TYPE, q.object, CONTEXT_GRAPH) for q in _kept(engine, neighbours, RDF_TYPE, skipped))


def _kept(engine: ox.Store, nodes: list[ox.NamedNode], predicate: ox.NamedNode | None, replaced: set[ox.NamedNode]) -> Iterator[ox.Quad]:
    """The facts (of `predicate`, or all) of each of `nodes` in the named graphs the write keeps.
    A few nodes of an embedded store are read one index scan a node (a query naming every kept
    graph cost 0.4 s at 10,000 graphs); many nodes, or a remote store, by queries of
    `CONTEXT_BATCH` nodes (scans of every node of a bulk load made it 35 % slower)."""
    if engine.local and len(nodes) <= CONTEXT_BATCH:
        for node in nodes:
            yield from (q for q in engine.quads_for_pattern(node, predicate, None) if isinstance(q.graph_name, ox.NamedNode) and q.graph_name not in replaced)
        return
    kept = " ".join(str(g) for g in engine.named_graphs() if g not in replaced)
    pattern = f"?n {predicate or '?p'} ?o"
    for start in range(0, len(nodes), CONTEXT_BATCH):
        batch = " ".join(str(n) for n in nodes[start : start + CONTEXT_BATCH])
        query = f"SELECT ?n ?p ?o ?g WHERE {{ VALUES ?n {{ {batch} }} VALUES ?g {{ {kept} }} GRAPH ?g {{ {pattern} }} }}"
        for row in engine.query(query):
            yield ox.Quad(row["n"], predicate or row["p"], row["o"], row["g"])
