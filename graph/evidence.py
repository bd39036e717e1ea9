"""Evidence for paths and ties: facts with their source documents and dates, and readable labels.

A fact's provenance is the named graph it sits in; its date is the date of the event it belongs to
(tg:date, else tg:startDate, else tg:reportedOn), else the issue date of its source document.
Inferred facts cite the rule graph that made them (graph/inference.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pyoxigraph as ox

from graph.namespaces import ID, ONTOLOGY_GRAPH
from graph.ontology import load_ontology
from graph.revision import VERSIONS_GRAPH
from rdflib import URIRef

DATE_PREDICATES = ("tg:date", "tg:startDate", "tg:reportedOn")
BATCH = 400


@dataclass(frozen=True)
class Source:
    """A source document (or a rule graph) that states a fact."""

    iri: str
    title: str | None
    issued: str | None


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
        return asdict(self)


def entity(iri: str, labels: dict[str, str]) -> dict[str, str | None]:
    """An entity as the API shows it: its id (local name of tgid: IRIs), IRI and label."""
    return {"id": iri[len(str(ID)) :] if iri.startswith(str(ID)) else iri, "iri": iri, "label": labels.get(iri)}


def labels(engine: ox.Store, iris: Iterable[str]) -> dict[str, str]:
    """The English (else any) rdfs:label of each IRI that has one."""
    found: dict[str, tuple[int, str]] = {}
    for batch in _batches(sorted(set(iris))):
        query = f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {batch} }} ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
        for row in engine.query(query, use_default_graph_as_union=True):
            rank = {"en": 0, None: 1}.get(row["l"].language, 2)
            iri = row["x"].value
            if iri not in found or rank < found[iri][0]:
                found[iri] = (rank, row["l"].value)
    return {iri: label for iri, (_, label) in found.items()}


def sources(engine: ox.Store, graphs: Iterable[str]) -> dict[str, Source]:
    """Title and issue date of each source graph, as it describes itself."""
    details = {g: Source(g, None, None) for g in graphs}
    for batch in _batches(sorted(details)):
        query = (
            f"SELECT ?g ?title ?issued WHERE {{ VALUES ?g {{ {batch} }} GRAPH ?g {{ "
            "OPTIONAL { ?g <http://purl.org/dc/terms/title> ?title } OPTIONAL { ?g <http://purl.org/dc/terms/issued> ?issued } } }"
        )
        for row in engine.query(query):
            g = row["g"].value
            details[g] = Source(g, _value(row["title"]), _value(row["issued"]))
    return details


def predicate_label(predicate: str) -> str | None:
    """The ontology's English label of a predicate (e.g. `founder`)."""
    return load_ontology().label(URIRef(predicate))


def facts_among(engine: ox.Store, nodes: Iterable[str]) -> list[Fact]:
    """Every fact (asserted or inferred) whose subject and object are both among `nodes`."""
    wanted = set(nodes)
    stated: dict[tuple[str, str, str], set[str]] = {}
    event_dates: dict[str, str] = {}
    for batch in _batches(sorted(wanted)):
        query = (
            f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?s {{ {batch} }} GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER(?g != <{ONTOLOGY_GRAPH}> && ?g != <{VERSIONS_GRAPH.value}>) }}"
        )
        for row in engine.query(query):
            s, p, o = row["s"].value, row["p"].value, row["o"]
            if p.endswith(("#date", "#startDate", "#reportedOn")) and p.startswith("https://tiegraph.org/ontology#"):
                event_dates.setdefault(s, o.value)
            if isinstance(o, ox.NamedNode) and o.value in wanted and not p.endswith("22-rdf-syntax-ns#type"):
                stated.setdefault((s, p, o.value), set()).add(row["g"].value)
    return make_facts(engine, stated, event_dates)


def make_facts(engine: ox.Store, stated: dict[tuple[str, str, str], set[str]], event_dates: dict[str, str]) -> list[Fact]:
    """Facts from (subject, predicate, object) → graphs, with source details and dates."""
    details = sources(engine, {g for graphs in stated.values() for g in graphs})
    facts = []
    for (s, p, o), graphs in sorted(stated.items()):
        cited = tuple(details[g] for g in sorted(graphs))
        issued = sorted(source.issued for source in cited if source.issued)
        date = event_dates.get(s) or event_dates.get(o) or (issued[0] if issued else None)
        facts.append(Fact(s, p, predicate_label(p), o, date, cited))
    return facts


def _batches(iris: list[str]) -> Iterable[str]:
    for start in range(0, len(iris), BATCH):
        yield " ".join(f"<{iri}>" for iri in iris[start : start + BATCH])


def _value(term: ox.Literal | None) -> str | None:
    return None if term is None else term.value
