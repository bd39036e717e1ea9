"""Entities' neighbourhoods as a small graph for the explorer to draw: the nodes one relation away
(an event reached brings the entities it joins, not its kinds or roles), one edge per
pair of nodes with the relations between them, each node coloured by its class as the GEXF export
colours it and sized by its degree in the view. Read from the path projection, which is in memory
and kept current (on a remote store, from the neighbourhood read for the occasion), so drawing a
city of a national graph takes milliseconds, not an export's seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import SKOS

from graph.connections.adjacency import Adjacency
from graph.entities.evidence import labels, predicate_label
from graph.errors import InputError, NotFound
from graph.export.palette import colour_of, hex_colour, size_of
from graph.model.events import event_classes
from graph.model.namespaces import local_id
from graph.model.ontology import load_ontology
from graph.model.vocabulary import TG

MAX_NODES = 500
CONCEPT = str(SKOS.Concept)  # a kind, a role, an industry: reached from an event, not worth drawing
LATITUDE, LONGITUDE = ox.NamedNode(str(TG.latitude)), ox.NamedNode(str(TG.longitude))


def neighbourhood_view(adjacency: Adjacency, engine: ox.Store, centres: Sequence[str], limit: int = MAX_NODES) -> dict[str, object]:
    """The view around the entities `centres` (IRIs): nodes and edges, at most `limit` nodes (the
    centres, then their neighbours by degree); `truncated` says whether some were left out."""
    if not 1 <= limit <= 5000:
        raise InputError(f"limit must be 1–5000, not {limit}")
    missing = [c for c in centres if c not in adjacency.index]
    if missing:
        raise NotFound(f"no facts join {', '.join(missing)} to anything in the graph")
    starts = [adjacency.index[c] for c in centres]
    adjacency.prefetch(starts)
    reached = {other for v in starts for other, _ in adjacency.links(v)} - set(starts)
    events = [v for v in reached if _is_event(adjacency, v)]
    adjacency.prefetch(events)
    reached |= {other for v in events for other, _ in adjacency.links(v) if CONCEPT not in adjacency.classes(other)} - set(starts)
    ranked = sorted(reached, key=lambda v: (-adjacency.degree(v), adjacency.iris[v]))
    chosen = [*dict.fromkeys(starts), *ranked[: max(limit - len(starts), 0)]]
    kept = set(chosen)
    adjacency.prefetch(chosen)
    pairs: dict[tuple[int, int], set[str]] = {}
    for v in chosen:
        for other, row in adjacency.links(v):
            if other in kept and other != v:
                key = (adjacency.row_s[row], adjacency.row_o[row])
                pairs.setdefault(key if key[0] < key[1] else key[::-1], set()).add(adjacency.predicates[adjacency.row_p[row]])
    degree = {v: 0 for v in chosen}
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1
    named = labels(engine, [adjacency.iris[v] for v in chosen])
    return {
        "centres": list(centres),
        "truncated": len(reached) + len(set(starts)) > len(chosen),
        "nodes": [_node(adjacency, engine, v, degree[v], named) for v in chosen],
        "edges": [
            {"source": adjacency.iris[a], "target": adjacency.iris[b], "label": ", ".join(sorted(predicate_label(p) or local_id(p) for p in predicates))}
            for (a, b), predicates in sorted(pairs.items())
        ],
    }


def _node(adjacency: Adjacency, engine: ox.Store, v: int, degree: int, named: dict[str, str]) -> dict[str, object]:
    iri = adjacency.iris[v]
    cls = load_ontology().most_specific(adjacency.classes(v))
    node: dict[str, object] = {
        "id": local_id(iri), "iri": iri, "label": named.get(iri) or local_id(iri), "kind": load_ontology().label(URIRef(cls)) if cls else None,
        "color": hex_colour(colour_of(cls)) if cls else "#666666", "size": size_of(degree),
    }
    for name, predicate in (("latitude", LATITUDE), ("longitude", LONGITUDE)):
        found = next(engine.quads_for_pattern(ox.NamedNode(iri), predicate, None), None)
        if found is not None:
            node[name] = float(found.object.value)
    return node


def _is_event(adjacency: Adjacency, v: int) -> bool:
    return not adjacency.classes(v).isdisjoint(event_classes())
