"""The part of a remote store one path search looks at, fetched with SPARQL as the search goes.

An embedded store projects every fact into memory (graph/adjacency.py); a remote store may be
larger than this machine, so a search there starts from its two ends and asks the store, one
layer at a time, for the facts touching the nodes it is about to expand — the same bidirectional
breadth-first search (graph/paths.py) over the same rows, with the same hub rule. Before a node
can be walked through, one query per layer counts the facts touching each new neighbour and
reads its classes and event date; the issue dates of the source graphs met come with them.

Bounded: nodes are expanded only while the search needs them (hubs never are, except the ends),
and an end is read through at most `END_LINKS` of its facts (e.g. China, with 100,000).
The neighbourhood lives for one search; nothing is kept between requests.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from graph.connections.adjacency import ISSUED, Adjacency
from graph.model.events import event_date_predicates
from graph.model.namespaces import ONTOLOGY_GRAPH, RDF_TYPE
from graph.model.statements import PARTS
from graph.store.revision import INFERRED

BATCH = 200  # nodes per VALUES clause
ROWS_PER_REQUEST = 50_000  # facts asked for in one request, at most
END_LINKS = 20_000  # facts read about one node at most
SKIPPED = ", ".join(f"<{p}>" for p in sorted({RDF_TYPE, *PARTS}))  # a node's class; the parts of a placed fact
ASSERTED = f'FILTER(isIRI(?s) && isIRI(?o) && ?p NOT IN ({SKIPPED}) && ?g != <{ONTOLOGY_GRAPH}> && !STRSTARTS(STR(?g), "{INFERRED}"))'
ROWS = f"""SELECT DISTINCT ?s ?p ?o ?g WHERE {{
  {{ VALUES ?s {{ %(nodes)s }} GRAPH ?g {{ ?s ?p ?o }} {ASSERTED} }}
  UNION {{ VALUES ?o {{ %(nodes)s }} GRAPH ?g {{ ?s ?p ?o }} {ASSERTED} }}
}} LIMIT %(limit)d"""
DEGREES = f"""SELECT ?n (COUNT(*) AS ?d) WHERE {{
  {{ VALUES ?s {{ %(nodes)s }} GRAPH ?g {{ ?s ?p ?o }} {ASSERTED} BIND(?s AS ?n) }}
  UNION {{ VALUES ?o {{ %(nodes)s }} GRAPH ?g {{ ?s ?p ?o }} {ASSERTED} BIND(?o AS ?n) }}
}} GROUP BY ?n"""
DETAILS = f"""SELECT ?n ?p ?v WHERE {{ VALUES ?n {{ %(nodes)s }}
  {{ ?n <{RDF_TYPE}> ?v BIND(<{RDF_TYPE}> AS ?p) }} UNION {{ VALUES ?p {{ %(dates)s }} ?n ?p ?v }} }}"""


def _date_values() -> str:
    return " ".join(f"<{p}>" for p in event_date_predicates())


ISSUES = f"SELECT ?g ?v WHERE {{ VALUES ?g {{ %(nodes)s }} GRAPH ?g {{ ?g <{ISSUED}> ?v }} }}"


class Neighbourhood(Adjacency):
    """An `Adjacency` that reads a node's facts from the store when the search first asks."""

    def __init__(self, engine: ox.Store, ends: Iterable[str]) -> None:
        super().__init__()
        self.engine = engine
        self._links: dict[int, list[tuple[int, int]]] = {}
        self._degrees: dict[int, int] = {}
        self._stated: dict[tuple[int, int, int, int], int] = {}
        self._graphs_described = 0
        self._describe([self.node(iri) for iri in ends])

    def links(self, v: int) -> list[tuple[int, int]]:
        """(other node, row) for every fact touching `v`, read from the store on first use."""
        if v not in self._links:
            self.prefetch([v])
        return self._links[v]

    def degree(self, v: int) -> int:
        """How many asserted facts touch `v`, as the store counted them."""
        return self._degrees.get(v, 0)

    def prefetch(self, nodes: Iterable[int]) -> None:
        """Read the facts touching `nodes` (those not read yet), then describe the new neighbours."""
        wanted = [v for v in dict.fromkeys(nodes) if v not in self._links]
        known = len(self.iris)
        for batch, limit in _batches(wanted, self._degrees):
            fetching = set(batch)
            for v in batch:
                self._links[v] = []
            for row in self._select(ROWS, [self.iris[v] for v in batch], limit=limit):
                self._add_row(row["s"].value, row["p"].value, row["o"].value, row["g"].value, fetching)  # type: ignore[index]
        for v in wanted:
            self._links.setdefault(v, [])  # nodes without facts (degree 0) are not asked about
        self._describe(list(range(known, len(self.iris))))

    def _add_row(self, s: str, p: str, o: str, g: str, fetching: set[int]) -> None:
        """Record a fact once, and list it among the links of the nodes being read now."""
        key = (self.node(s), self._predicate(p), self.node(o), self._graph(g))
        row = self._stated.get(key)
        if row is None:
            row = self._stated[key] = len(self.row_s)
            for column, value in zip((self.row_s, self.row_p, self.row_o, self.row_g), key):
                column.append(value)
        for end, other in ((key[0], key[2]), (key[2], key[0])):
            if end in fetching:
                self._links[end].append((other, row))

    def _predicate(self, iri: str) -> int:
        if iri not in self.predicate_index:
            self.predicate_index[iri] = len(self.predicates)
            self.predicates.append(iri)
        return self.predicate_index[iri]

    def _describe(self, nodes: list[int]) -> None:
        """Degrees, classes and event dates of new nodes; issue dates of new graphs."""
        iris = [self.iris[v] for v in nodes]
        for row in self._select(DEGREES, iris):
            self._degrees[self.index[row["n"].value]] = int(row["d"].value)  # type: ignore[index]
        classes: dict[str, set[str]] = {iri: set() for iri in iris}
        dates: dict[str, dict[str, str]] = {}
        for row in self._select(DETAILS, iris):
            n, p, v = row["n"].value, row["p"].value, row["v"].value  # type: ignore[index]
            if p == RDF_TYPE:
                classes[n].add(v)
            else:
                dates.setdefault(n, {})[p] = v
        for iri in iris:
            self.set_classes(iri, classes[iri])
            found = dates.get(iri, {})
            self.set_date(iri, next((found[p] for p in event_date_predicates() if p in found), None))
        fresh, self._graphs_described = self.graphs[self._graphs_described :], len(self.graphs)
        for row in self._select(ISSUES, fresh):
            self.set_issued(row["g"].value, row["v"].value)  # type: ignore[index]

    def _select(self, template: str, iris: list[str], limit: int = 0) -> list[ox.QuerySolution]:
        rows: list[ox.QuerySolution] = []
        for start in range(0, len(iris), BATCH):
            nodes = " ".join(f"<{iri}>" for iri in iris[start : start + BATCH])
            rows.extend(self.engine.query(template % {"nodes": nodes, "limit": limit, "dates": _date_values()}))  # type: ignore[arg-type]
        return rows


def _batches(nodes: list[int], degrees: dict[int, int]) -> list[tuple[list[int], int]]:
    """Nodes grouped for one request each, with the LIMIT that reads all their facts; a node with
    more than END_LINKS facts goes alone and is read through its first END_LINKS."""
    batches: list[tuple[list[int], int]] = []
    batch: list[int] = []
    rows = 0
    for v in nodes:
        degree = degrees.get(v, 0)
        if degree > END_LINKS:
            batches.append(([v], END_LINKS))
            continue
        if batch and (len(batch) >= BATCH or rows + degree > ROWS_PER_REQUEST):
            batches.append((batch, rows))
            batch, rows = [], 0
        batch.append(v)
        rows += degree
    if batch:
        batches.append((batch, rows))
    return [(b, limit) for b, limit in batches if limit > 0]
