"""What the store says about one entity, in two SPARQL queries: every fact with `iri` at either
end (with the graphs stating it), then the labels, types and dates of the neighbours on a page and
the titles and issue dates of its source graphs. graph/entities.py shapes them for the API.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import pyoxigraph as ox

from graph.evidence import EVENT_DATES
from graph.revision import store_revision

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TITLE = "http://purl.org/dc/terms/title"
ISSUED = "http://purl.org/dc/terms/issued"
CACHED_EDGES = 1_000  # entities with more edges keep their sorted facts per store revision
CACHED_ENTITIES = 32
_CACHE_LOCK = threading.Lock()
_CACHE: OrderedDict[tuple[int, str], tuple[str, Facts]] = OrderedDict()


@dataclass(frozen=True)
class Facts:
    """Everything stated about one entity: its literals and types, and its edges both ways."""

    own: list[tuple[str, ox.Term, str]]  # (predicate, literal or class, graph)
    pairs: dict[str, list[tuple[str, str]]]  # "out" / "in" → sorted (predicate, neighbour)
    graphs: dict[tuple[str, str, str], list[str]]  # (direction, predicate, neighbour) → graphs


def entity_facts(engine: ox.Store, iri: str) -> Facts:
    """Every fact with `iri` at either end, with its graphs: one query.

    Edges are sorted here, not by ORDER BY: Oxigraph compares IRIs by reading their text from
    disk, which took 14 s for the 108,000 edges of a hub where fetching them and sorting in
    Python takes 1 s. Such large entities are kept per store revision, so their next page is
    immediate.
    """
    key = (id(engine), iri)
    revision = store_revision(engine)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is not None and cached[0] == revision:
        return cached[1]
    own: list[tuple[str, ox.Term, str]] = []
    graphs: dict[tuple[str, str, str], list[str]] = {}
    for out, p, n, g in engine.query(_FACTS % {"e": iri}, use_default_graph_as_union=True):
        if out.value == "true" and (p.value == RDF_TYPE or not isinstance(n, ox.NamedNode)):
            own.append((p.value, n, g.value))
        elif isinstance(n, ox.NamedNode):
            graphs.setdefault(("out" if out.value == "true" else "in", p.value, n.value), []).append(g.value)
    pairs: dict[str, list[tuple[str, str]]] = {"out": [], "in": []}
    for direction, p, n in sorted(graphs):
        pairs[direction].append((p, n))
        graphs[direction, p, n].sort()
    facts = Facts(own, pairs, graphs)
    if len(graphs) > CACHED_EDGES:
        with _CACHE_LOCK:
            _CACHE[key] = (revision, facts)
            while len(_CACHE) > CACHED_ENTITIES:
                _CACHE.popitem(last=False)
    return facts


def details_of(engine: ox.Store, iris: set[str]) -> dict[str, dict[str, list[ox.Term]]]:
    """Labels, types and dates of neighbours, titles and issue dates of source graphs: one query."""
    if not iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in sorted(iris))
    wanted = ", ".join(f"<{p}>" for p in (RDFS_LABEL, RDF_TYPE, TITLE, ISSUED, *EVENT_DATES))
    found: dict[str, dict[str, list[ox.Term]]] = {}
    # Filtering the subjects' own statements is fast; a second VALUES for ?p makes Oxigraph scan.
    query = f"SELECT ?x ?p ?v WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?v FILTER(?p IN ({wanted})) }}"
    for x, p, v in engine.query(query, use_default_graph_as_union=True):
        held = found.setdefault(x.value, {}).setdefault(p.value, [])
        if v not in held:
            held.append(v)
    return found


_FACTS = f"""SELECT ?out ?p ?n ?g WHERE {{
  {{ GRAPH ?g {{ <%(e)s> ?p ?n }} BIND(true AS ?out) }}
  UNION {{ GRAPH ?g {{ ?n ?p <%(e)s> }} FILTER(?p != <{RDF_TYPE}>) BIND(false AS ?out) }}
}}"""
