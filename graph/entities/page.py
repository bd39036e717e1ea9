"""One entity as the API shows it: names, classes, attributes, and its edges with provenance.

Every fact cites the named graphs (source documents) that state it. An edge's date is the date of
the event it belongs to (tg:date, else tg:startDate, else tg:reportedOn, of either end), else
the earliest dcterms:issued of its sources, as for paths (graph/evidence.py). Edges come a page
at a time, in predicate then neighbour IRI order, so a hub with 100,000 edges costs no more than
a firm with five in SPARQL round trips: two queries per page, whatever the entity
(graph/entity_facts.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import URIRef

from graph.errors import InputError, NotFound
from graph.entities.facts import ISSUED, SOURCE_DETAILS, TITLE, details_of, entity_facts, neighbour_details
from graph.entities.evidence import Source, predicate_label
from graph.model.statements import passage_of
from graph.model.events import event_date_predicates
from graph.model.labels import best_label
from graph.model.namespaces import ID, RDF_TYPE, RDFS_LABEL, local_id
from graph.model.ontology import load_ontology
from graph.model.vocabulary import TG
from graph.search.name_source import LABEL, name_properties

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {f"{XSD}{t}" for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
NUMBERS = {f"{XSD}{t}" for t in ("decimal", "double", "float")}
ID_SYNTAX = re.compile(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")
MAX_LIMIT = 1_000
Suggest = Callable[[str], list[tuple[str, str | None]]]


@dataclass(frozen=True)
class Page:
    """Which edges to show: `limit` per direction from `offset`."""

    offset: int = 0
    limit: int = 50

    def __post_init__(self) -> None:
        if self.offset < 0 or not 1 <= self.limit <= MAX_LIMIT:
            raise InputError(f"offset must be ≥ 0 and limit 1–{MAX_LIMIT}; got {self.offset} and {self.limit}")


def entity_iri(engine: ox.Store, entity_id: str, suggest: Suggest | None = None) -> str:
    """The IRI `https://tiegraph.org/id/{id}` of an id the store knows; else NotFound with suggestions."""
    iri = f"{ID}{entity_id}"
    if ID_SYNTAX.fullmatch(entity_id) and bool(engine.query(_ASK % {"e": iri}, use_default_graph_as_union=True)):
        return iri
    raise _not_found(entity_id, suggest)


def describe(engine: ox.Store, entity_id: str, page: Page = Page(), suggest: Suggest | None = None) -> dict[str, object]:
    """The entity with id `entity_id`: labels, aliases, types, attributes and a page of edges."""
    iri = f"{ID}{entity_id}"
    if not ID_SYNTAX.fullmatch(entity_id):
        raise _not_found(entity_id, suggest)
    facts = entity_facts(engine, iri)
    own, pairs = facts.own, facts.pairs
    if not own and not any(pairs.values()):
        raise _not_found(entity_id, suggest)
    shown = {direction: listed[page.offset : page.offset + page.limit] for direction, listed in pairs.items()}
    edges = {direction: [(p, n, facts.graphs[direction, p, n]) for p, n in listed] for direction, listed in shown.items()}
    graphs = {g for _, _, g in own} | {g for rows in edges.values() for _, _, gs in rows for g in gs}
    neighbours = {n for rows in edges.values() for _, n, _ in rows}
    shown = neighbour_details()
    wanted = {n: shown for n in neighbours}
    for g in graphs:
        wanted[g] = wanted.get(g, ()) + SOURCE_DETAILS
    details = details_of(engine, wanted)
    own_date = next((o.value for p, o, _ in own if p in event_date_predicates()), None)
    names = name_properties()
    labels: dict[str, list[str]] = {}
    aliases: dict[str, list[str]] = {}
    attributes = []
    for p, o, g in sorted(own, key=lambda row: (row[0], str(row[1]), row[2])):
        if p == RDF_TYPE:
            continue
        if p in names:
            target = labels if names[p] == LABEL else aliases
            values = target.setdefault(o.language or "", [])
            if o.value not in values:
                values.append(o.value)
            continue
        attributes.append((p, o, g))
    about = _own_details(own)
    organisation = {t.value for t in about.get(RDF_TYPE, [])} & _organisation_classes()
    return {
        **_entity(iri, about),
        "ledger": f"/incentives?recipient={entity_id}" if organisation else None,  # what it and its subsidiaries received
        "labels": labels,
        "aliases": aliases,
        "attributes": _merge_attributes(attributes, _Cited(engine, iri, details)),
        "outgoing": _edges(edges["out"], len(pairs["out"]), page, own_date, _Cited(engine, iri, details, "out")),
        "incoming": _edges(edges["in"], len(pairs["in"]), page, own_date, _Cited(engine, iri, details, "in")),
    }


# ---------------------------------------------------------------------- shaping
def type_labels(types: Iterable[str]) -> list[dict[str, str | None]]:
    """Classes with their English labels from the ontology, in IRI order."""
    ontology = load_ontology()
    return [{"iri": t, "label": ontology.label(URIRef(t))} for t in sorted(set(types))]


def _entity(iri: str, about: dict[str, list[ox.Term]]) -> dict[str, object]:
    return {
        "id": local_id(iri),
        "iri": iri,
        "label": best_label((v.language, v.value) for v in about.get(RDFS_LABEL, []) if isinstance(v, ox.Literal)),
        "types": type_labels(t.value for t in about.get(RDF_TYPE, [])),
    }


def _own_details(own: list[tuple[str, ox.Term, str]]) -> dict[str, list[ox.Term]]:
    about: dict[str, list[ox.Term]] = {}
    for p, o, _ in own:
        about.setdefault(p, []).append(o)
    return about


@cache
def _organisation_classes() -> frozenset[str]:
    return frozenset(map(str, load_ontology().subclasses(TG.Organisation)))


@dataclass(frozen=True)
class _Cited:
    """The sources of one entity's facts, each with where its document states the fact."""

    engine: ox.Store
    iri: str
    details: dict[str, dict[str, list[ox.Term]]]
    direction: str = "out"

    def sources(self, graphs: list[str], predicate: str, other: ox.Term) -> list[dict[str, object]]:
        me = ox.NamedNode(self.iri)
        ends = (me, other) if self.direction == "out" else (other, me)
        triple = ox.Triple(ends[0], ox.NamedNode(predicate), ends[1])  # type: ignore[arg-type]
        cited = []
        for g in graphs:
            about = self.details.get(g, {})
            title, issued = about.get(TITLE), about.get(ISSUED)
            cited.append(Source(g, title[0].value if title else None, issued[0].value if issued else None, passage_of(self.engine, g, triple)).to_dict())
        return cited


def _edges(rows: list[tuple[str, str, list[str]]], total: int, page: Page, own_date: str | None, cited: _Cited) -> dict[str, object]:
    details = cited.details
    listed = []
    for p, n, graphs in rows:
        sources = cited.sources(graphs, p, ox.NamedNode(n))
        neighbour_date = next((details.get(n, {})[d][0].value for d in event_date_predicates() if d in details.get(n, {})), None)
        issued = sorted(s["issued"] for s in sources if s["issued"])
        listed.append({
            "predicate": p,
            "predicate_label": predicate_label(p),
            "neighbour": _entity(n, details.get(n, {})),
            "sources": sources,
            "date": own_date or neighbour_date or (issued[0] if issued else None),
        })
    more = page.offset + len(rows) < total
    return {"total": total, "offset": page.offset, "limit": page.limit, "edges": listed, "next_offset": page.offset + page.limit if more else None}


def _merge_attributes(rows: list[tuple[str, ox.Literal, str]], cited: _Cited) -> list[dict[str, object]]:
    """One entry per (predicate, value), citing every graph that states it."""
    merged: dict[tuple[str, str], tuple[ox.Literal, list[str]]] = {}
    for p, o, g in rows:
        merged.setdefault((p, str(o)), (o, []))[1].append(g)
    return [
        {
            "predicate": p,
            "predicate_label": predicate_label(p),
            "value": _native(o),
            "datatype": o.datatype.value if o.language is None else None,
            "language": o.language,
            "sources": cited.sources(sorted(set(graphs)), p, o),
        }
        for (p, _), (o, graphs) in merged.items()
    ]


def _native(literal: ox.Literal) -> object:
    """Numbers as JSON numbers and booleans as booleans; everything else as its lexical form."""
    datatype = literal.datatype.value
    try:
        if datatype in INTEGERS:
            return int(literal.value)
        if datatype in NUMBERS:
            return float(literal.value)
    except ValueError:
        return literal.value
    if datatype == f"{XSD}boolean":
        return literal.value in ("true", "1")
    return literal.value


def _not_found(entity_id: str, suggest: Suggest | None) -> NotFound:
    close = suggest(entity_id) if suggest else []
    listed = ", ".join(f"{local_id(iri)} ({label})" if label else local_id(iri) for iri, label in close)
    hint = f"; did you mean {listed}?" if listed else "; try /search?q=… to find an entity by name"
    return NotFound(f"no entity has the id {json.dumps(entity_id, ensure_ascii=False)}{hint}")


_ASK = "ASK { { <%(e)s> ?p ?o } UNION { ?s ?p <%(e)s> } }"
