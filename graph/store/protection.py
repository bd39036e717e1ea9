"""System graphs: what tiegraph keeps in the store for itself (the ontology, the rules' output and
the revision record) and the reference datasets the facts rely on (the gazetteer, background
geography, exchange rates). Writes over HTTP may not drop, clear or overwrite them; a reference
dataset is replaced with `tiegraph load` on the command line, where its file is checked whole."""

from __future__ import annotations

from collections.abc import Iterable

from graph.errors import SystemGraphProtected
from graph.model.namespaces import ONTOLOGY_GRAPH
from graph.model.ontology import load_ontology
from graph.model.vocabulary import TG
from graph.store.engine import Engine
from graph.store.revision import is_inferred


def reference_datasets(engine: Engine) -> set[str]:
    """Graphs that describe themselves as reference datasets (of any subclass)."""
    kinds = " ".join(f"<{c}>" for c in sorted(load_ontology().subclasses(TG.ReferenceDataset)))
    return {row["g"].value for row in engine.query(f"SELECT DISTINCT ?g WHERE {{ VALUES ?t {{ {kinds} }} GRAPH ?g {{ ?g a ?t }} }}")}  # type: ignore[index, union-attr]


def refuse_system_graphs(engine: Engine, graphs: Iterable[str]) -> None:
    """Raise SystemGraphProtected, naming each graph and why, if any of `graphs` is a system graph."""
    graphs = sorted(set(graphs))
    if not graphs:
        return
    references = reference_datasets(engine)
    reasons = {}
    for g in graphs:
        if g == str(ONTOLOGY_GRAPH):
            reasons[g] = "the ontology, which every write is checked against"
        elif is_inferred(g):
            reasons[g] = "derived by tiegraph (rules or the revision record); change the stated facts instead"
        elif g in references:
            reasons[g] = "a reference dataset; replace it with `tiegraph load FILE` on the command line"
    if reasons:
        listed = "; ".join(f"<{g}> is {why}" for g, why in reasons.items())
        raise SystemGraphProtected(f"nothing was changed: {listed}. Source graphs can be written and dropped by name.")
