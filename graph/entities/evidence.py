"""Evidence for paths and ties: facts with their source documents and dates, and readable labels.

A fact's provenance is the named graph it sits in, and where that graph says its document states
it, the passage (graph/model/statements.py); its date is the date of the event it belongs to
(tg:date, else tg:startDate, else tg:reportedOn), else the issue date of its source document.
Inferred facts cite the rule graph that made them (graph/load/rule_set.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from graph.model.events import event_date_predicates
from graph.model.labels import best_label
from graph.model.namespaces import ONTOLOGY_GRAPH, RDF_TYPE, RDFS_LABEL, local_id
from graph.model.ontology import load_ontology
from graph.model.statements import Passage, passage_of
from graph.store.revision import VERSIONS_GRAPH

LABEL = ox.NamedNode(RDFS_LABEL)
TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
ISSUED = ox.NamedNode("http://purl.org/dc/terms/issued")
SKIPPED_GRAPHS = frozenset({str(ONTOLOGY_GRAPH), VERSIONS_GRAPH.value})


@dataclass(frozen=True)
class Source:
    """A source document (or a rule graph) that states a fact."""

    iri: str
    title: str | None
    issued: str | None
    passage: Passage | None = None  # where the document states the fact, if its graph says

    def to_dict(self) -> dict[str, object]:
        return {"iri": self.iri, "title": self.title, "issued": self.issued, "at": self.passage.to_dict() if self.passage else None}


def citation(source: dict[str, Any]) -> str:
    """`Title, ¶3` or `Title, chars 120–245`: a source (as `Source.to_dict` gives it) and where in
    it the fact is stated, as a reader cites it."""
    at = source.get("at") or {}
    places = [f"¶{n}" for n in at.get("paragraphs", [])] + ([f"chars {at['start']}–{at['end']}"] if at.get("start") is not None else [])
    return ", ".join([source.get("title") or source["iri"], *places])


@dataclass(frozen=True)
class Fact:
    """One stated relation with its provenance; `direction` is relative to the hop that uses it."""

    subject: str
    predicate: str
    predicate_label: str | None
    object: str
    date: str | None
    sources: tuple[Source, ...]
    direction: str = "forward"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "subject": self.subject, "predicate": self.predicate, "predicate_label": self.predicate_label, "object": self.object,
            "date": self.date, "sources": [s.to_dict() for s in self.sources], "direction": self.direction,
        }


def entity(iri: str, labels: dict[str, str]) -> dict[str, str | None]:
    """An entity as the API shows it: its id (local name of tgid: IRIs), IRI and label."""
    return {"id": local_id(iri), "iri": iri, "label": labels.get(iri)}


def labels(engine: ox.Store, iris: Iterable[str]) -> dict[str, str]:
    """The label each IRI that has one is shown by (`graph.model.labels`)."""
    found: dict[str, str] = {}
    for iri in set(iris):
        label = best_label(
            (q.object.language, q.object.value)
            for q in engine.quads_for_pattern(ox.NamedNode(iri), LABEL, None)
            if isinstance(q.object, ox.Literal)
        )
        if label is not None:
            found[iri] = label
    return found


def sources(engine: ox.Store, graphs: Iterable[str]) -> dict[str, Source]:
    """Title and issue date of each source graph, as it describes itself (direct index look-ups)."""
    details = {}
    for g in set(graphs):
        node = ox.NamedNode(g)
        title = next(engine.quads_for_pattern(node, TITLE, None, node), None)
        issued = next(engine.quads_for_pattern(node, ISSUED, None, node), None)
        details[g] = Source(g, title.object.value if title else None, issued.object.value if issued else None)
    return details


@cache
def predicate_label(predicate: str) -> str | None:
    """The ontology's English label of a predicate (e.g. `founder`)."""
    return load_ontology().label(URIRef(predicate))


def facts_among(engine: ox.Store, nodes: Iterable[str]) -> list[Fact]:
    """Every fact (asserted or inferred) whose subject and object are both among `nodes`."""
    wanted = set(nodes)
    stated: dict[tuple[str, str, str], set[str]] = {}
    event_dates: dict[str, str] = {}
    for s in wanted:
        for q in engine.quads_for_pattern(ox.NamedNode(s), None, None):
            g, p, o = q.graph_name, q.predicate.value, q.object
            if not isinstance(g, ox.NamedNode) or g.value in SKIPPED_GRAPHS:
                continue
            if p in event_date_predicates():
                event_dates.setdefault(s, o.value)
            elif isinstance(o, ox.NamedNode) and o.value in wanted and p != RDF_TYPE:
                stated.setdefault((s, p, o.value), set()).add(g.value)
    return make_facts(engine, stated, event_dates)


def make_facts(engine: ox.Store, stated: dict[tuple[str, str, str], set[str]], event_dates: dict[str, str]) -> list[Fact]:
    """Facts from (subject, predicate, object) → graphs, with source details and dates."""
    details = sources(engine, {g for graphs in stated.values() for g in graphs})
    facts = []
    for (s, p, o), graphs in sorted(stated.items()):
        triple = ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o))
        cited = tuple(replace(details[g], passage=passage_of(engine, g, triple)) for g in sorted(graphs))
        issued = sorted(source.issued for source in cited if source.issued)
        date = event_dates.get(s) or event_dates.get(o) or (issued[0] if issued else None)
        facts.append(Fact(s, p, predicate_label(p), o, date, cited))
    return facts
