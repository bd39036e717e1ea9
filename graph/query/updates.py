"""SPARQL Update that is validated before it is committed, and atomic.

The update first runs on an in-memory copy of the graphs it can read or change
(`graph.query.update_scope`), judged as a load is, with the store's facts about the nodes it touches
(`graph.load.checking`). Only if that copy still satisfies the ontology and its shapes does the
update reach the store, through `Engine.apply_update`: an embedded store runs the same text in
one transaction; a remote store gets each changed graph's judged content, so its default graph,
the union of its graphs, cannot make it do other than what was judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyoxigraph as ox
from rdflib import Dataset

from graph.load.checking import check_staged, raise_problems
from graph.errors import InputError, QuerySyntaxError
from graph.query.guard import check_remote_access
from graph.query.nesting import check_nesting
from graph.load.inference import materialise
from graph.load.scoped_rules import delta
from graph.query.queries import positioned
from graph.load.staging import with_ontology
from graph.store.intent import record_intent
from graph.store.dataset import engine_of
from graph.store.protection import refuse_system_graphs
from graph.query.update_scope import stage_touched_graphs
from graph.query.update_text import with_protocol_dataset

UPDATE_SOURCE = "SPARQL update"


def apply_update(
    kg: Dataset,
    sparql: str,
    allowed_hosts: Iterable[str] = (),
    using: Sequence[str] = (),
    using_named: Sequence[str] = (),
    base_iri: str | None = None,
) -> list[str]:
    """Run `sparql` if its result is valid; return the named graphs it changed.

    `using` / `using_named` are the protocol's using-graph-uri / using-named-graph-uri. A graph
    the update creates must be described as a source in the update, as a loaded file's must.
    """
    check_nesting(sparql)
    check_remote_access(sparql, allowed_hosts, update=True)
    sparql = with_protocol_dataset(sparql, using, using_named)
    engine = engine_of(kg)
    staging = ox.Store()
    stage_touched_graphs(engine, staging, sparql, base_iri)
    before = _graph_contents(staging)
    try:
        staging.update(sparql, base_iri=base_iri)
    except SyntaxError as error:
        raise QuerySyntaxError(f"SPARQL update syntax error {positioned(error.msg)}") from None
    except OSError as error:
        raise InputError(f"the update failed: {error}") from None
    if any(True for _ in staging.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        raise InputError(
            "the update writes into the default graph; every fact must sit in a named graph "
            "that is its source: use GRAPH <source-iri> { … } in INSERT, or WITH <source-iri>"
        )
    after = _graph_contents(staging)
    changed = sorted(g for g in before.keys() | after.keys() if before.get(g) != after.get(g))
    refuse_system_graphs(engine, changed)
    sources = {ox.NamedNode(g): UPDATE_SOURCE for g in changed if g in after}
    if sources:
        raise_problems(*check_staged(engine, staging, with_ontology(staging, sources)))
    if changed:
        record_intent(engine, [ox.NamedNode(g) for g in changed])
        engine.apply_update(sparql, base_iri, staging, [ox.NamedNode(g) for g in changed])
        changes = delta([q for g in changed for q in before.get(g, ())], [q for g in changed for q in after.get(g, ())])
        materialise(engine, [ox.NamedNode(g) for g in changed], content=staging, delta=changes)
    return changed


def _graph_contents(store: ox.Store) -> dict[str, frozenset[ox.Quad]]:
    contents: dict[str, set[ox.Quad]] = {}
    for quad in store.quads_for_pattern(None, None, None):
        if isinstance(quad.graph_name, ox.NamedNode):
            contents.setdefault(quad.graph_name.value, set()).add(quad)
    return {g: frozenset(quads) for g, quads in contents.items()}
