"""Project the RDF graph onto a property graph: entities as nodes, relations as edges.

Which predicates are edges and which are attributes is read from the ontology (object versus
datatype properties); source documents and ontology terms are never drawn. Each node is read
with one subject lookup, so the projection streams: `project` yields nodes and edges one at a
time and holds only the set of entity IRIs, which is what lets a million-edge export stay in a
few hundred megabytes. `to_networkx` gathers the same stream into a `MultiDiGraph`.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import product
from typing import Literal

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.errors import InputError
from graph.events import END_PROPERTIES, START_PROPERTIES, event_classes
from graph.namespaces import ONTOLOGY_GRAPH, shorten
from graph.ontology import load_ontology
from graph.store import engine_of
from graph.subgraph import Selection, is_stated
from graph.vocabulary import TG

Value = str | int | float | bool
EventMode = Literal["nodes", "edges"]
EVENT_MODES = ("nodes", "edges")
RESERVED = {"label", "kind", "sources", "weight", "start", "end", "event"}
LABEL, TYPE, CONCEPT = str(RDFS.label), str(RDF.type), str(SKOS.Concept)
ONTOLOGY = ox.NamedNode(str(ONTOLOGY_GRAPH))
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {f"{XSD}{name}": float for name in ("decimal", "double", "float")} | {
    f"{XSD}{name}": int for name in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")
}


@dataclass(slots=True)
class Node:
    """An entity: its IRI, most specific class, label, typed attributes, spell and map position."""

    id: str
    cls: str
    label: str
    attributes: dict[str, Value] = field(default_factory=dict)
    start: str | None = None
    end: str | None = None
    position: tuple[float, float] | None = None  # (longitude, latitude)


@dataclass(slots=True)
class Edge:
    """A relation, or an event drawn as a relation; weight = how many sources state it."""

    id: str
    source: str
    target: str
    kind: str
    label: str
    weight: float
    attributes: dict[str, Value] = field(default_factory=dict)
    start: str | None = None
    end: str | None = None


def project(kg: Dataset, selection: Selection | None = None, events: EventMode = "nodes") -> Iterator[Node | Edge]:
    """Nodes and edges of the selected part of `kg`, streamed; every edge's ends are among the nodes."""
    if events not in EVENT_MODES:
        raise InputError(f"events must be one of {', '.join(EVENT_MODES)}, not {events!r}")
    return _Projector(engine_of(kg), selection or Selection(), events).run()


def to_networkx(elements: Iterable[Node | Edge]) -> nx.MultiDiGraph:
    """A networkx MultiDiGraph keyed by IRI, with typed attributes and no None values."""
    g = nx.MultiDiGraph()
    for element in elements:
        spell = {k: v for k, v in (("start", element.start), ("end", element.end)) if v}
        if isinstance(element, Node):
            g.add_node(element.id, label=element.label, kind=class_label(element.cls), **element.attributes, **spell)
        else:
            g.add_edge(element.source, element.target, key=element.id, kind=element.kind, label=element.label, weight=element.weight, **element.attributes, **spell)
    return g


@cache
@cache
def class_label(cls: str) -> str:
    """`Company` for tg:Company: the class's English label, else its local name."""
    return load_ontology().label(URIRef(cls)) or local_name(cls)


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


@cache
def _depth(cls: str) -> int:
    return len(set(load_ontology().graph.transitive_objects(URIRef(cls), RDFS.subClassOf)))


def spell_start(literal: ox.Literal) -> str | None:
    """An xsd:date for the start of a date, year-month or year (Gephi's timeformat="date")."""
    found = re.match(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", literal.value)
    return f"{found[1]}-{found[2] or '01'}-{found[3] or '01'}" if found else None


def spell_end(literal: ox.Literal) -> str | None:
    """An xsd:date for the last day of a date, year-month or year."""
    found = re.match(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", literal.value)
    if not found:
        return None
    month = found[2] or "12"
    day = found[3] or str(calendar.monthrange(int(found[1]), int(month))[1])
    return f"{found[1]}-{month}-{day}"


def typed_value(literal: ox.Literal) -> Value:
    """Numbers stay numbers and booleans booleans; everything else is its lexical form."""
    datatype = literal.datatype.value if literal.datatype else ""
    if datatype in NUMBERS:
        try:
            return NUMBERS[datatype](literal.value)
        except ValueError:
            return literal.value
    if datatype == f"{XSD}boolean":
        return literal.value in ("true", "1")
    return literal.value


class _Projector:
    """One pass over the selected entities; see `project`."""

    def __init__(self, engine: ox.Store, selection: Selection, events: EventMode) -> None:
        ontology = load_ontology()
        self.engine, self.selection, self.events = engine, selection, events
        self.edge_properties = {str(p) for p in ontology.object_properties()}
        self.attribute_properties = {str(p) for p in ontology.datatype_properties()} | {LABEL}
        # For each pair p owl:inverseOf q only p is drawn: q statements are turned round.
        self.canonical = {str(q): str(p) for p, q in ontology.graph.subject_objects(OWL.inverseOf)}
        self.inverse_of = {p: q for q, p in self.canonical.items()}
        self.event_ends = event_classes()
        self.names = {p: self._attribute_name(p) for p in self.attribute_properties}
        self.kinds, self.concepts = self._discover()
        self.collapsed = self._collapse() if events == "edges" else {}
        self.concepts_used: set[str] = set()
        self.concept_labels: dict[str, str] = {}
        # Per-quad work is the export's inner loop: decide once per predicate and per graph.
        self.role = {p: "edge" for p in self.edge_properties} | {p: "attribute" for p in self.attribute_properties}
        self.stated: dict[object, str] = {}
        self.paired = set(self.canonical) | set(self.inverse_of)
        self.pending: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        self.predicates = {
            p: (local_name(p), ontology.label(URIRef(p)) or local_name(p), shorten(p)) for p in self.edge_properties
        }
        self.starts = [str(p) for p in START_PROPERTIES]
        self.ends = [str(p) for p in END_PROPERTIES]

    def run(self) -> Iterator[Node | Edge]:
        for iri in sorted(self.kinds):
            yield from self._entity(iri, self.kinds[iri])
        yield from self._paired_edges()
        for iri in sorted(self.concepts_used):
            node, _ = self._read(iri, CONCEPT)
            yield node

    # -- discovery -----------------------------------------------------------------------
    def _discover(self) -> tuple[dict[str, str], set[str]]:
        """Entity IRI → most specific tg: class, over the selection; and every SKOS concept."""
        ontology = load_ontology()
        classes = {str(c) for c in ontology.defined_terms if (c, RDF.type, OWL.Class) in ontology.graph}
        classes -= {str(c) for c in ontology.subclasses(TG.SourceDocument)}
        kinds: dict[str, str] = {}
        concepts: set[str] = set()
        for q in self.engine.quads_for_pattern(None, ox.NamedNode(TYPE), None, None):
            subject, cls = q.subject, q.object.value
            if not isinstance(subject, ox.NamedNode):
                continue
            if cls == CONCEPT:
                concepts.add(subject.value)
            elif cls in classes and is_stated(q.graph_name) and self._candidate(subject.value, cls):
                known = kinds.get(subject.value)
                if known is None or (_depth(cls), cls) > (_depth(known), known):
                    kinds[subject.value] = cls
        return kinds, concepts

    def _candidate(self, iri: str, cls: str) -> bool:
        # Drawn as edges, events between selected entities are kept even if not selected themselves.
        whole_events = self.events == "edges" and self.selection.triples is None and cls in self.event_ends
        return whole_events or self.selection.keeps_node(iri)

    def _collapse(self) -> dict[str, tuple[list[str], list[str]]]:
        """Events that become edges: those with a selected entity at both ends."""
        wanted = {e: self.event_ends[cls] for e, cls in self.kinds.items() if cls in self.event_ends}
        ends: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for prop in {p for pair in wanted.values() for p in pair}:
            for q in self.engine.quads_for_pattern(None, ox.NamedNode(prop), None, None):
                if q.subject.value in wanted and is_stated(q.graph_name):
                    ends[q.subject.value][prop].add(q.object.value)
            if prop in self.canonical or prop in self.inverse_of:
                turned = self.canonical.get(prop) or self.inverse_of[prop]
                for q in self.engine.quads_for_pattern(None, ox.NamedNode(turned), None, None):
                    if q.object.value in wanted and is_stated(q.graph_name):
                        ends[q.object.value][prop].add(q.subject.value)
        collapsed = {}
        for event, (source, target) in wanted.items():
            sources = sorted(n for n in ends[event][source] if self._drawn(n))
            targets = sorted(n for n in ends[event][target] if self._drawn(n))
            if sources and targets:
                collapsed[event] = (sources, targets)
        for event in list(self.kinds):
            if event in wanted and event not in collapsed and not self.selection.keeps_node(event):
                del self.kinds[event]
        return collapsed

    def _drawn(self, iri: str) -> bool:
        """An end must be a selected entity that is not itself an event (which may vanish into an edge)."""
        return iri in self.kinds and self.kinds[iri] not in self.event_ends and self.selection.keeps_node(iri)

    # -- one entity ----------------------------------------------------------------------
    def _entity(self, iri: str, cls: str) -> Iterator[Node | Edge]:
        node, links = self._read(iri, cls)
        event = cls in self.event_ends
        if iri in self.collapsed:
            yield from self._event_edges(node, links)
            return
        if event:
            self._fold_concepts(node, links)
        yield node
        for (prop, target), graphs in sorted(links.items()):
            if self._joins(node.id, prop, target, event):
                if prop in self.paired:
                    # Either direction of an inverse pair may state the tie: merge, draw once, at the end.
                    source, drawn = (target, self.canonical[prop]) if prop in self.canonical else (node.id, prop)
                    self.pending[(source, drawn, node.id if source == target else target)].update(graphs)
                else:
                    yield self._edge(node.id, prop, target, graphs, node if event else None)

    def _read(self, iri: str, cls: str) -> tuple[Node, dict[tuple[str, str], set[str]]]:
        """The node's attributes, and its outgoing relations with the graphs stating each."""
        values: dict[str, list[ox.Literal]] = {}
        links: dict[tuple[str, str], set[str]] = {}
        sources: set[str] = set()
        role, stated = self.role, self.stated
        for q in self.engine.quads_for_pattern(ox.NamedNode(iri), None, None, None):
            kind = role.get(q.predicate.value)
            if kind is None:
                continue
            graph_name = q.graph_name
            source = stated.get(graph_name)
            if source is None:
                source = stated[graph_name] = graph_name.value if is_stated(graph_name) else ""
            obj = q.object
            if kind == "edge" and source and type(obj) is ox.NamedNode:
                links.setdefault((q.predicate.value, obj.value), set()).add(source)
                sources.add(source)
            elif kind == "attribute" and type(obj) is ox.Literal and (source or (graph_name == ONTOLOGY and q.predicate.value == LABEL)):
                found = values.setdefault(q.predicate.value, [])
                if obj not in found:
                    found.append(obj)
                if source:
                    sources.add(source)
        labels = values.pop(LABEL, [])
        node = Node(iri, cls, _label(iri, labels), _label_attributes(labels))
        for prop, literals in values.items():
            typed = [typed_value(lit) for lit in literals]
            node.attributes[self.names[prop]] = typed[0] if len(typed) == 1 else " | ".join(map(str, typed))
        if sources:
            node.attributes["sources"] = " ".join(sorted(sources))
        node.start = next((spell_start(values[p][0]) for p in self.starts if p in values), None)
        node.end = next((spell_end(values[p][0]) for p in self.ends if p in values), None)
        longitude, latitude = values.get(str(TG.longitude)), values.get(str(TG.latitude))
        if longitude and latitude:
            node.position = (float(longitude[0].value), float(latitude[0].value))
        return node, links

    def _joins(self, source: str, prop: str, target: str, from_event: bool) -> bool:
        """Whether `source prop target` becomes an edge: both ends drawn, and selected."""
        if target in self.concepts and target not in self.kinds:
            if from_event or not self.selection.keeps_node(target):
                return False  # an event's concepts are folded into its attributes instead
            if self.selection.keeps_triple(source, prop, target):
                self.concepts_used.add(target)
                return True
            return False
        if target not in self.kinds or target in self.collapsed:
            return False
        return self.selection.keeps_triple(source, prop, target)

    def _edge(self, source: str, prop: str, target: str, graphs: set[str], event: Node | None) -> Edge:
        stated = sorted(graphs)
        kind, label, short = self.predicates[prop]
        return Edge(
            id=f"{source} {short} {target}", source=source, target=target, kind=kind, label=label,
            weight=float(max(len(stated), 1)), attributes={"sources": " ".join(stated)} if stated else {},
            start=event.start if event else None, end=event.end if event else None,
        )

    def _paired_edges(self) -> Iterator[Edge]:
        for (source, prop, target), graphs in sorted(self.pending.items()):
            yield self._edge(source, prop, target, graphs, None)

    def _fold_concepts(self, node: Node, links: dict[tuple[str, str], set[str]]) -> None:
        """An event's kind, market or indicator is an attribute of it, not a hub node."""
        folded: dict[str, list[str]] = defaultdict(list)
        for prop, target in links:
            if target in self.concepts:
                folded[self._attribute_name(prop)].append(self._concept_label(target))
        node.attributes.update({name: " | ".join(sorted(labels)) for name, labels in folded.items()})

    def _event_edges(self, node: Node, links: dict[tuple[str, str], set[str]]) -> Iterator[Edge]:
        sources, targets = self.collapsed[node.id]
        ends = set(self.event_ends[node.cls])
        self._fold_concepts(node, links)
        others: dict[str, list[str]] = defaultdict(list)
        for prop, target in links:
            if prop not in ends and target not in self.concepts:
                others[self._attribute_name(prop)].append(target)
        attributes = dict(node.attributes) | {name: " ".join(sorted(iris)) for name, iris in others.items()}
        attributes["event"] = node.id
        for label_key in [k for k in attributes if k.startswith("label_")]:
            del attributes[label_key]
        pairs = list(product(sources, targets))
        stated = node.attributes.get("sources", "")
        for number, (source, target) in enumerate(pairs, start=1):
            yield Edge(
                id=node.id if len(pairs) == 1 else f"{node.id}#{number}", source=source, target=target,
                kind=local_name(node.cls), label=node.label, weight=float(max(len(str(stated).split()), 1)),
                attributes=attributes, start=node.start, end=node.end,
            )

    def _concept_label(self, iri: str) -> str:
        if iri not in self.concept_labels:
            labels = [q.object for q in self.engine.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(LABEL), None, None)]
            self.concept_labels[iri] = _label(iri, [lit for lit in labels if isinstance(lit, ox.Literal)])
        return self.concept_labels[iri]

    def _attribute_name(self, prop: str) -> str:
        name = local_name(prop)
        return f"tg:{name}" if name in RESERVED else name


def _label(iri: str, labels: list[ox.Literal]) -> str:
    """English label, else any label, else the IRI's local name."""
    english = sorted(lit.value for lit in labels if lit.language == "en")
    others = sorted(lit.value for lit in labels)
    return (english or others or [local_name(iri)])[0]


def _label_attributes(labels: list[ox.Literal]) -> dict[str, Value]:
    """`label_en`, `label_zh`…: every label, one attribute per language."""
    by_language: dict[str, list[str]] = defaultdict(list)
    for literal in labels:
        by_language[literal.language or "none"].append(literal.value)
    return {f"label_{language}": " | ".join(sorted(texts)) for language, texts in sorted(by_language.items())}
