"""Project the RDF graph onto a property graph: entities as nodes, relations as edges.

Which predicates are edges and which are attributes is read from the ontology (object versus
datatype properties); source documents and ontology terms are never drawn, and reference
datasets only describe what reported facts reach (`graph.export.reference_data`). The stated facts are
read in one bulk pass (`graph.export.stated_facts`), or from the copy an on-disk store keeps beside it
(`graph.export.fact_cache`), since asking the store subject by subject costs more than the rest of an
export; `project` then yields nodes and edges one at a time, releasing each entity's facts as its
node is made, and writers spool the edges to disk. `to_networkx` gathers the same stream into a
`MultiDiGraph`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import product
from pathlib import Path
from typing import Literal

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.export.attribute_values import Value, by_language, grouped_best_label, label_attributes, spell_end, spell_start, typed_value
from graph.store.ntriples_lines import literal
from graph.errors import InputError
from graph.model.events import END_PROPERTIES, START_PROPERTIES, event_classes
from graph.export.fact_cache import graph_facts
from graph.model.namespaces import shorten
from graph.model.ontology import load_ontology
from graph.export.reference_data import drawable, reference_graphs
from graph.export.stated_facts import ATTRIBUTE, EDGE, join
from graph.store.dataset import engine_of
from graph.export.subgraph import Selection
from graph.model.vocabulary import TG

EventMode = Literal["nodes", "edges"]
EVENT_MODES = ("nodes", "edges")
RESERVED = {"label", "kind", "sources", "weight", "start", "end", "event"}
LABEL, TYPE, CONCEPT = str(RDFS.label), str(RDF.type), str(SKOS.Concept)
LONGITUDE, LATITUDE = str(TG.longitude), str(TG.latitude)


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


def project(kg: Dataset, selection: Selection | None = None, events: EventMode = "nodes", cache: Path | None = None) -> Iterator[Node | Edge]:
    """Nodes and edges of the selected part of `kg`, streamed; every edge's ends are among the nodes.

    `cache` is the directory where an on-disk store's facts are kept between exports (`graph.export.fact_cache`).
    """
    if events not in EVENT_MODES:
        raise InputError(f"events must be one of {', '.join(EVENT_MODES)}, not {events!r}")
    return _Projector(engine_of(kg), selection or Selection(), events, cache).run()


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
def class_label(cls: str) -> str:
    """`Company` for tg:Company: the class's English label, else its local name."""
    return load_ontology().label(URIRef(cls)) or local_name(cls)


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


class _Projector:
    """One pass over the selected entities; see `project`."""

    def __init__(self, engine: ox.Store, selection: Selection, events: EventMode, cache: Path | None) -> None:
        ontology = load_ontology()
        self.engine, self.selection, self.events = engine, selection, events
        self.edge_properties = {str(p) for p in ontology.object_properties()}
        self.attribute_properties = {str(p) for p in ontology.datatype_properties()} | {LABEL}
        # For each pair p owl:inverseOf q only p is drawn: q statements are turned round.
        self.canonical = {str(q): str(p) for p, q in ontology.graph.subject_objects(OWL.inverseOf)}
        self.inverse_of = {p: q for q, p in self.canonical.items()}
        self.event_ends = event_classes()
        self.names = {p: self._attribute_name(p) for p in self.attribute_properties}
        self.role = {p: EDGE for p in self.edge_properties} | {p: ATTRIBUTE for p in self.attribute_properties}
        graphs = graph_facts(engine, self.role, self._turned_ends(), cache)
        reference = reference_graphs(graphs, map(str, ontology.subclasses(TG.ReferenceDataset)))
        # Events drawn as edges may join entities outside the selection; drawn as nodes, only the
        # selected entities' own facts are read.
        only = selection.nodes if events == "nodes" else None
        self.stated = join(graphs, reference, drawable(graphs, reference), incoming=events == "edges", only=only)
        del graphs
        self.kinds, self.concepts = self._discover()
        self.collapsed = self._collapse() if events == "edges" else {}
        self.concepts_used: set[str] = set()
        self.concept_labels: dict[str, str] = {}
        self.paired = set(self.canonical) | set(self.inverse_of)
        self.pending: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        self.predicates = {
            p: (local_name(p), ontology.label(URIRef(p)) or local_name(p), shorten(p)) for p in self.edge_properties
        }
        self.starts = [str(p) for p in START_PROPERTIES]
        self.ends = [str(p) for p in END_PROPERTIES]

    def run(self) -> Iterator[Node | Edge]:
        for iri, cls in sorted(self.kinds.items()):
            yield from self._entity(iri, cls)
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
        for subject, stated_classes in self.stated.types.items():
            chosen = ontology.most_specific(cls for cls in stated_classes if cls in classes and self._candidate(subject, cls))
            if chosen is not None:
                kinds[subject] = chosen
        # A concept is typed so in any graph, inferred ones included: few quads, read directly.
        typed = self.engine.quads_for_pattern(None, ox.NamedNode(TYPE), ox.NamedNode(CONCEPT), None)
        return kinds, {q.subject.value for q in typed if isinstance(q.subject, ox.NamedNode)}

    def _candidate(self, iri: str, cls: str) -> bool:
        # Drawn as edges, events between selected entities are kept even if not selected themselves.
        whole_events = self.events == "edges" and self.selection.triples is None and cls in self.event_ends
        return whole_events or self.selection.keeps_node(iri)

    def _turned(self, prop: str) -> str | None:
        """The other predicate of `prop`'s inverse pair, if it has one."""
        return self.canonical.get(prop) or self.inverse_of.get(prop)

    def _turned_ends(self) -> frozenset[str]:
        """Predicates that state an event's end from the end's side (`hasFacility` for `facilityOf`)."""
        ends = {p for pair in self.event_ends.values() for p in pair}
        return frozenset(filter(None, map(self._turned, ends)))

    def _collapse(self) -> dict[str, tuple[list[str], list[str]]]:
        """Events that become edges: those with a selected entity at both ends."""
        wanted = {e: self.event_ends[cls] for e, cls in self.kinds.items() if cls in self.event_ends}
        ends: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        turned_back = {self._turned(p): p for pair in wanted.values() for p in pair}  # hasFacility → facilityOf
        for event, pair in wanted.items():
            for _, flat in self.stated.facts.get(event, ()):
                for prop, target in zip(flat[0::2], flat[1::2]):
                    if prop in pair:
                        ends[event][prop].add(target)
            for turned, subject in self.stated.incoming.get(event, ()):
                if turned_back.get(turned) in pair:
                    ends[event][turned_back[turned]].add(subject)
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
        kinds, concepts, collapsed, every_triple = self.kinds, self.concepts, self.collapsed, self.selection.triples is None
        for (prop, target), graphs in sorted(links.items()):
            # The common case first, inline: a relation between two drawn entities, no triple filter.
            common = every_triple and target in kinds and target not in collapsed
            if common or (target in concepts or not every_triple) and self._joins(node.id, prop, target, event):
                if prop in self.paired:
                    # Either direction of an inverse pair may state the tie: merge, draw once, at the end.
                    source, drawn = (target, self.canonical[prop]) if prop in self.canonical else (node.id, prop)
                    self.pending[(source, drawn, node.id if source == target else target)].update(graphs)
                else:
                    yield self._edge(node.id, prop, target, graphs, node if event else None)

    def _read(self, iri: str, cls: str) -> tuple[Node, dict[tuple[str, str], set[str]]]:
        """The node's attributes, and its outgoing relations with the graphs stating each.

        An entity's facts are released once read; a concept's are kept, as it is read again
        when drawn as a node.
        """
        stated = self.stated.facts.get(iri, ()) if iri in self.concepts else self.stated.facts.pop(iri, ())
        texts: dict[str, list[str]] = {}
        links: dict[tuple[str, str], set[str]] = {}
        sources: list[str] = []
        role = self.role
        for source, flat in stated:
            pairs = iter(flat)
            for prop, obj in zip(pairs, pairs):
                if role[prop] == EDGE:
                    graphs = links.get((prop, obj))
                    if graphs is None:
                        links[prop, obj] = {source}
                    else:
                        graphs.add(source)
                else:
                    found = texts.get(prop)
                    if found is None:
                        texts[prop] = [obj]
                    elif obj not in found:
                        found.append(obj)
            if source and source not in sources:
                sources.append(source)
        labels = by_language(literal(text) for text in texts.pop(LABEL, ()))
        node = Node(iri, cls, grouped_best_label(labels) or local_name(iri), label_attributes(labels))
        attributes, names = node.attributes, self.names
        for prop, found in texts.items():
            if len(found) == 1:
                attributes[names[prop]] = typed_value(literal(found[0]))
            else:
                attributes[names[prop]] = " | ".join([str(typed_value(literal(text))) for text in found])
        if sources:
            attributes["sources"] = sources[0] if len(sources) == 1 else " ".join(sorted(sources))
        for prop in self.starts:
            if prop in texts:
                node.start = spell_start(literal(texts[prop][0]))
                break
        for prop in self.ends:
            if prop in texts:
                node.end = spell_end(literal(texts[prop][0]))
                break
        longitude, latitude = texts.get(LONGITUDE), texts.get(LATITUDE)
        if longitude and latitude:
            node.position = (float(literal(longitude[0]).value), float(literal(latitude[0]).value))
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
        kind, label, short = self.predicates[prop]
        if len(graphs) == 1:  # nearly every relation has one source: spare the sort and join
            stated = next(iter(graphs))
            weight, attributes = 1.0, {"sources": stated} if stated else {}
        else:
            weight, attributes = float(len(graphs)), {"sources": " ".join(sorted(graphs))}
        start, end = (event.start, event.end) if event else (None, None)
        return Edge(f"{source} {short} {target}", source, target, kind, label, weight, attributes, start, end)

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
            self.concept_labels[iri] = grouped_best_label(by_language(lit for lit in labels if isinstance(lit, ox.Literal))) or local_name(iri)
        return self.concept_labels[iri]

    def _attribute_name(self, prop: str) -> str:
        name = local_name(prop)
        return f"tg:{name}" if name in RESERVED else name
