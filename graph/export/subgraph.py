"""Which part of the graph to export: all of it, a neighbourhood, some classes, a CONSTRUCT, a path.

A `Selection` is a set of entity IRIs and, optionally, the triples allowed between them. Any
query that yields nodes or triples can therefore feed an export: a path or tie result from
`graph.connections.paths` / `graph.connections.ties` is passed as `Selection.from_triples(its (s, p, o) IRI triples)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.namespace import RDF

from graph.errors import InputError, NotFound, QueryFailed
from graph.model.events import event_classes
from graph.model.ontology import load_ontology
from graph.query.queries import run_query
from graph.export.stated_facts import is_source
from graph.store.dataset import engine_of
from graph.model.vocabulary import TG
from graph.model.statements import RDF_TYPE as IS_A

Triple = tuple[str, str, str]


@dataclass(frozen=True)
class Selection:
    """Entities to draw (None: all) and, if given, the only relations that may become edges."""

    nodes: frozenset[str] | None = None
    triples: frozenset[Triple] | None = None

    @classmethod
    def from_triples(cls, triples: Iterable[Triple]) -> Selection:
        """The subjects and objects of `triples`, joined only by those triples (a path, a tie)."""
        kept = frozenset(triples)
        return cls(nodes=frozenset({s for s, _, _ in kept} | {o for _, _, o in kept}), triples=kept)

    @classmethod
    def united(cls, selections: Iterable[Selection]) -> Selection:
        """The entities any of `selections` keeps, with every relation among them (neighbourhoods)."""
        nodes: set[str] = set()
        for selection in selections:
            if selection.nodes is None:
                return cls()
            nodes |= selection.nodes
        return cls(nodes=frozenset(nodes))

    def intersected(self, other: Selection) -> Selection:
        """What both selections keep (None on either side keeps everything the other does)."""
        return Selection(_both(self.nodes, other.nodes), _both(self.triples, other.triples))  # type: ignore[arg-type]

    def keeps_node(self, iri: str) -> bool:
        return self.nodes is None or iri in self.nodes

    def keeps_triple(self, s: str, p: str, o: str) -> bool:
        return self.triples is None or (s, p, o) in self.triples


def _both(mine: frozenset | None, theirs: frozenset | None) -> frozenset | None:
    return theirs if mine is None else mine if theirs is None else mine & theirs


def is_stated(graph_name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
    """Whether a quad is stated by a source document, not inferred: the projection then limits
    what reference datasets among them draw (`graph.export.reference_data`)."""
    return isinstance(graph_name, ox.NamedNode) and is_source(graph_name.value)


def around(kg: Dataset, entity: str, radius: int) -> Selection:
    """Entities within `radius` relations of `entity`, following relations both ways.

    An event (incentive, role, statement…) is the middle of a tie rather than a hop: reaching
    one also reaches the entities it joins, so radius 1 around a firm shows who granted its
    incentives whether events are drawn as nodes or as edges.
    """
    if radius < 0:
        raise InputError(f"radius must be 0 or more, not {radius}")
    engine = engine_of(kg)
    iri = _expand(entity)
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        raise InputError(f"around={entity!r} is not an entity id or IRI; give one such as xpeng, tgid:xpeng or https://tiegraph.org/id/xpeng") from None
    if not any(True for _ in engine.quads_for_pattern(node, None, None, None)):
        raise NotFound(f"no entity {entity} in the graph (tried {iri})")
    edges, events = _edge_properties(), {ox.NamedNode(cls) for cls in event_classes()}
    seen, frontier = {iri}, {iri}
    for _ in range(radius):
        reached = set()
        for node in frontier:
            reached |= _neighbours(engine, node, edges)
        reached -= seen
        reached |= {end for event in reached if _is_event(engine, event, events) for end in _neighbours(engine, event, edges)} - seen
        seen |= reached
        frontier = reached
    return Selection(nodes=frozenset(seen))


def of_types(kg: Dataset, classes: Iterable[str]) -> Selection:
    """Entities of the given tg: classes (local names or IRIs) and their subclasses."""
    ontology = load_ontology()
    wanted: set[str] = set()
    for name in classes:
        cls = URIRef(_expand(name, str(TG)))
        if cls not in ontology.defined_terms or (cls, RDF.type, None) not in ontology.graph:
            raise InputError(f"{name} is not a class of the tiegraph ontology (try Company, Person, City, Incentive…)")
        wanted |= {str(c) for c in ontology.subclasses(cls)}
    engine = engine_of(kg)
    typed = {
        q.subject.value
        for cls in wanted
        for q in engine.quads_for_pattern(None, IS_A, ox.NamedNode(cls), None)
        if isinstance(q.subject, ox.NamedNode) and is_stated(q.graph_name)
    }
    return Selection(nodes=frozenset(typed))


def constructed(kg: Dataset, sparql: str) -> Selection:
    """The entities and relations of a SPARQL CONSTRUCT result."""
    result = run_query(kg, sparql)
    if not isinstance(result, ox.QueryTriples):
        raise QueryFailed("an export subgraph needs a CONSTRUCT query; this query is a SELECT or ASK")
    return Selection.from_triples(
        (t.subject.value, t.predicate.value, t.object.value)
        for t in result
        if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)
    )


def _expand(name: str, default: str = "https://tiegraph.org/id/") -> str:
    """`tgid:xpeng`, `xpeng` or a full IRI, as a full IRI."""
    if name.startswith(("http://", "https://", "urn:")):
        return name
    prefixes = {"tg:": str(TG), "tgid:": "https://tiegraph.org/id/"}
    for prefix, namespace in prefixes.items():
        if name.startswith(prefix):
            return namespace + name[len(prefix):]
    return default + name


def _edge_properties() -> frozenset[str]:
    return frozenset(str(p) for p in load_ontology().object_properties())


def _is_event(engine: ox.Store, node: str, events: set[ox.NamedNode]) -> bool:
    """Whether `node` is typed as an event: asked of the few nodes reached, not of every event."""
    return any(q.object in events for q in engine.quads_for_pattern(ox.NamedNode(node), IS_A, None, None))


def _neighbours(engine: ox.Store, node: str, edges: frozenset[str]) -> set[str]:
    term = ox.NamedNode(node)
    out = {q.object.value for q in engine.quads_for_pattern(term, None, None, None) if q.predicate.value in edges and is_stated(q.graph_name)}
    back = {q.subject.value for q in engine.quads_for_pattern(None, None, term, None) if q.predicate.value in edges and is_stated(q.graph_name)}
    return out | back
