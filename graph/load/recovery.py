"""Finish what a crash interrupted, before anything reads the store.

Every write records its intent first and `materialise` clears it last (graph/store/intent.py), so
a store that still holds one was interrupted between its data and its derived state. Opening
the store for writing (every command, `tiegraph serve`) finds it and catches up: a bulk write
not yet complete is removed, then the rules, the reference data and the revision record are
computed afresh from the stated graphs. The search index, projection, tie table and saved
export facts follow the revision record, so once it is true they bring themselves up to date.

A store written by an older tiegraph, with sources but no revision record, is caught up too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Dataset

from graph.load.inference import materialise
from graph.model.namespaces import ONTOLOGY_GRAPH
from graph.settings import Settings
from graph.store import dataset
from graph.store.dataset import engine_of
from graph.store.intent import Intent, pending_intent
from graph.store.revision import NO_REVISION, is_inferred, store_revision

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recovery:
    """What catching up did: the interrupted write, and the graphs removed as not complete."""

    intent: Intent | None
    removed: tuple[str, ...]

    def describe(self) -> str:
        """One line for the log and the command line."""
        if self.intent is None:
            return "the store had sources but no revision record: derived state recomputed"
        removed = f"; removed the incomplete graphs {', '.join(self.removed)} (load them again)" if self.removed else ""
        return f"an interrupted write was found: derived state recomputed{removed}"


def recover(engine: ox.Store) -> Recovery | None:
    """Catch up after an interrupted write; None when there was nothing to do."""
    intent = pending_intent(engine)
    if intent is None and not _sources_without_revision(engine):
        return None
    removed: list[str] = []
    if intent is not None and intent.roll_back:
        targets = intent.graphs if intent.graphs is not None else [g.value for g in engine.named_graphs() if _is_source(g)]
        for graph in targets:
            if engine.contains_named_graph(ox.NamedNode(graph)):
                engine.remove_graph(ox.NamedNode(graph))
                removed.append(graph)
    materialise(engine)  # every rule over every graph, every graph digested; clears the intent
    recovery = Recovery(intent, tuple(sorted(removed)))
    log.warning("%s", recovery.describe())
    return recovery


def _is_source(g: ox.NamedNode) -> bool:
    return g.value != str(ONTOLOGY_GRAPH) and not is_inferred(g.value)


def _sources_without_revision(engine: ox.Store) -> bool:
    return store_revision(engine) == NO_REVISION and any(_is_source(g) for g in engine.named_graphs())


def open_dataset(settings: Settings) -> Dataset:
    """The knowledge graph of `settings` (graph.store's `open_dataset`), caught up after an
    interrupted write when it is an embedded store on disk: what every command and the service open."""
    kg = dataset.open_dataset(settings)
    if not settings.is_memory and not settings.is_remote:
        recover(engine_of(kg))
    return kg
