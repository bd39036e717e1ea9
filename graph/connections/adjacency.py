"""The facts between entities as a compact undirected multigraph, for path search.

Every quad whose object is an IRI (rdf:type and the parts of reified facts aside) is one *row*: subject, predicate, object and
source graph, kept in flat integer arrays. A CSR index lists, for each node, the rows that touch
it in either direction, so the search can walk relations whichever way they are stated and still
report each hop's stated direction; two facts between the same pair stay two rows (a multigraph).
At 3 M triples this is about 1.4 M rows in ~100 MB, against ~1 GB for a networkx MultiGraph.

Asserted facts only: the ontology graph and the rule graphs (graph/load/rule_set.py) are left out, so
every hop is backed by a source document. Node classes (with their superclasses) and event dates
(tg:date, else tg:startDate, else tg:reportedOn) are kept per node, issue dates per source graph.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDFS

from graph.store.graph_dump import graph_lines
from graph.model.events import event_date_predicates, hub_classes
from graph.model.namespaces import ONTOLOGY_GRAPH, RDF_TYPE
from graph.model.statements import PARTS
from graph.store.ntriples_lines import iri as iri_of, split_triple
from graph.model.ontology import load_ontology
from graph.store.revision import graph_versions, is_inferred, store_revision
from graph.store.saved_state import replaced_atomically

# Not relations between entities: a node's class, and the parts of a fact placed in its source.
SKIPPED_TEXT = frozenset({f"<{RDF_TYPE}>", *(f"<{part}>" for part in PARTS)})
ISSUED = "http://purl.org/dc/terms/issued"
FORMAT_VERSION = 2
ADJACENCY_FILE = "adjacency.npz"  # the arrays and, as `meta`, the lists, in one file

Quad = tuple[str, str, str, str]


@dataclass
class Adjacency:
    """Rows of facts, nodes with their classes and dates, and the node → rows index."""

    iris: list[str] = field(default_factory=list)
    predicates: list[str] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)
    graph_issued: list[str | None] = field(default_factory=list)
    class_sets: list[frozenset[str]] = field(default_factory=lambda: [frozenset()])
    dates: list[str] = field(default_factory=list)
    node_class: array = field(default_factory=lambda: array("i"))
    node_date: array = field(default_factory=lambda: array("i"))
    row_s: array = field(default_factory=lambda: array("i"))
    row_p: array = field(default_factory=lambda: array("i"))
    row_o: array = field(default_factory=lambda: array("i"))
    row_g: array = field(default_factory=lambda: array("i"))
    revision: str = ""
    versions: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {iri: n for n, iri in enumerate(self.iris)}
        self.predicate_index = {p: n for n, p in enumerate(self.predicates)}
        self.graph_index = {g: n for n, g in enumerate(self.graphs)}
        self.class_set_index = {s: n for n, s in enumerate(self.class_sets)}
        self.date_index = {d: n for n, d in enumerate(self.dates)}
        self.reindex()

    # ------------------------------------------------------------------ reading
    def links(self, v: int) -> list[tuple[int, int]]:
        """(other node, row) for every fact that touches node `v`, in either direction."""
        lo, hi = self.indptr[v], self.indptr[v + 1]
        return list(zip(self.adj_other[lo:hi].tolist(), self.adj_row[lo:hi].tolist()))

    def prefetch(self, nodes: Iterable[int]) -> None:
        """Make the links of `nodes` ready before a search layer reads them: here they all are
        already; a remote store's neighbourhood (graph/remote_neighbourhood.py) reads them now."""

    def degree(self, v: int) -> int:
        """How many facts touch `v`: the measure of a hub."""
        return int(self.indptr[v + 1] - self.indptr[v])

    def classes(self, v: int) -> frozenset[str]:
        """The node's classes and all their superclasses."""
        return self.class_sets[self.node_class[v]]

    def is_vocabulary_hub(self, v: int) -> bool:
        """A country or a concept of a controlled vocabulary: a hub whatever its degree."""
        return bool(self.classes(v) & hub_classes())

    def row_date(self, r: int) -> str | None:
        """The date of a fact: its event's date, else its source document's issue date."""
        for node in (self.row_s[r], self.row_o[r]):
            if self.node_date[node] >= 0:
                return self.dates[self.node_date[node]]
        return self.graph_issued[self.row_g[r]]

    # ------------------------------------------------------------------ writing
    def node(self, iri: str) -> int:
        """The number of node `iri`, added if new."""
        n = self.index.get(iri)
        if n is None:
            n = self.index[iri] = len(self.iris)
            self.iris.append(iri)
            self.node_class.append(0)
            self.node_date.append(-1)
        return n

    def add(self, quads: Iterable[Quad]) -> None:
        """Append fact rows; call `reindex` once done."""
        for s, p, o, g in quads:
            self.row_s.append(self.node(s))
            self.row_p.append(_number(p, self.predicates, self.predicate_index))
            self.row_o.append(self.node(o))
            self.row_g.append(self._graph(g))

    def set_classes(self, iri: str, classes: Iterable[str]) -> None:
        """Record the classes of a node (superclasses are added from the ontology)."""
        closed = frozenset(c for cls in classes for c in _superclasses(cls))
        self.node_class[self.node(iri)] = _number(closed, self.class_sets, self.class_set_index)

    def set_date(self, iri: str, date: str | None) -> None:
        """Record the date of an event node (None: it has none)."""
        self.node_date[self.node(iri)] = -1 if date is None else _number(date, self.dates, self.date_index)

    def set_issued(self, graph_name: str, issued: str | None) -> None:
        """Record the issue date of a source graph."""
        self.graph_issued[self._graph(graph_name)] = issued

    def drop_graphs(self, names: Iterable[str]) -> None:
        """Remove every row stated in the graphs `names`; call `reindex` once done."""
        numbers = [self.graph_index[g] for g in names if g in self.graph_index]
        if not numbers:
            return
        keep = ~np.isin(np.frombuffer(self.row_g, dtype=np.int32), numbers)
        for name in ("row_s", "row_p", "row_o", "row_g"):
            kept = np.frombuffer(getattr(self, name), dtype=np.int32)[keep]
            setattr(self, name, array("i", kept.tobytes()))

    def reindex(self) -> None:
        """Rebuild the node → rows index (CSR) from the rows; a few hundred ms at 1.4 M rows."""
        n = len(self.iris)
        s = np.frombuffer(self.row_s, dtype=np.int32)
        o = np.frombuffer(self.row_o, dtype=np.int32)
        rows = np.arange(len(s), dtype=np.int32)
        ends = np.concatenate([s, o])
        order = np.argsort(ends, kind="stable")
        self.adj_other = np.concatenate([o, s])[order]
        self.adj_row = np.concatenate([rows, rows])[order]
        self.indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(ends, minlength=n), out=self.indptr[1:])

    def _graph(self, name: str) -> int:
        if name not in self.graph_index:
            self.graph_index[name] = len(self.graphs)
            self.graphs.append(name)
            self.graph_issued.append(None)
        return self.graph_index[name]

    # ------------------------------------------------------------------ persistence
    def save(self, directory: Path) -> None:
        """Write the projection to `directory`, stamped with the store revision it reflects."""
        arrays = {name: np.frombuffer(getattr(self, name), dtype=np.int32) for name in _ARRAYS}
        meta = {name: getattr(self, name) for name in _LISTS}
        meta["class_sets"] = [sorted(s) for s in self.class_sets]
        described = json.dumps({"format": FORMAT_VERSION, **meta}).encode()
        with replaced_atomically(directory / ADJACENCY_FILE) as file:  # one file: arrays and lists agree
            np.savez(file, meta=np.frombuffer(described, dtype=np.uint8), **arrays)

    @classmethod
    def load(cls, directory: Path) -> Adjacency | None:
        """The projection saved in `directory`, or None when there is none or it is unreadable."""
        try:
            stored = np.load(directory / ADJACENCY_FILE)
            meta = json.loads(stored["meta"].tobytes())
        except (OSError, ValueError, KeyError):
            return None
        if meta.pop("format", None) != FORMAT_VERSION:
            return None
        meta["class_sets"] = [frozenset(s) for s in meta["class_sets"]]
        arrays = {name: array("i", stored[name].astype(np.int32).tobytes()) for name in _ARRAYS}
        return cls(**meta, **arrays)


_ARRAYS = ("node_class", "node_date", "row_s", "row_p", "row_o", "row_g")
_LISTS = ("iris", "predicates", "graphs", "graph_issued", "dates", "revision", "versions")


def _number(value: object, values: list, index: dict) -> int:
    n = index.get(value)
    if n is None:
        n = index[value] = len(values)
        values.append(value)
    return n


_SUPERCLASSES: dict[str, frozenset[str]] = {}


def _superclasses(cls: str) -> frozenset[str]:
    if cls not in _SUPERCLASSES:
        g = load_ontology().graph
        _SUPERCLASSES[cls] = frozenset(str(c) for c in g.transitive_objects(URIRef(cls), RDFS.subClassOf))
    return _SUPERCLASSES[cls]


# ---------------------------------------------------------------------- from the store
def _asserted(g: ox.NamedNode | ox.DefaultGraph) -> bool:
    return isinstance(g, ox.NamedNode) and g.value != str(ONTOLOGY_GRAPH) and not is_inferred(g.value)


def build(engine: ox.Store) -> Adjacency:
    """Project the whole store: every asserted fact between two IRIs."""
    adjacency = Adjacency(revision=store_revision(engine), versions=graph_versions(engine))
    _read(engine, adjacency, None)
    adjacency.reindex()
    return adjacency


def refresh(engine: ox.Store, adjacency: Adjacency) -> Adjacency:
    """Bring `adjacency` up to the store's revision by re-reading only the graphs that changed."""
    revision = store_revision(engine)
    if revision == adjacency.revision:
        return adjacency
    versions = graph_versions(engine)
    changed = {g for g in versions.keys() | adjacency.versions.keys() if versions.get(g) != adjacency.versions.get(g)}
    if not adjacency.versions or len(changed) * 2 > len(versions):
        return build(engine)
    adjacency.drop_graphs(changed)
    _read(engine, adjacency, [ox.NamedNode(g) for g in changed if g in versions])
    adjacency.revision, adjacency.versions = revision, versions
    adjacency.reindex()
    return adjacency


def _read(engine: ox.Store, adjacency: Adjacency, only: list[ox.NamedNode] | None) -> None:
    """Add the rows of `only` (all graphs when None) and refresh the nodes they touch.

    Graphs are read as Oxigraph's own N-Triples dumps (`graph.store.graph_dump`) rather than a Python
    quad per fact: a whole build took 20 s instead of 30 s at 3.5 M quads, with the same rows.
    """
    graphs = [g for g in engine.named_graphs() if _asserted(g)] if only is None else [g for g in only if _asserted(g)]
    touched: set[str] = set()
    for g, lines in graph_lines(engine, graphs):
        quads = []
        for line in lines:
            subject, predicate, target = split_triple(line)
            if subject[0] == "<" and target[0] == "<" and predicate not in SKIPPED_TEXT:
                quads.append((iri_of(subject), iri_of(predicate), iri_of(target), g.value))
        adjacency.add(quads)
        if only is not None:
            touched.update(n for s, _, o, _ in quads for n in (s, o))
        issued = next(engine.quads_for_pattern(g, ox.NamedNode(ISSUED), None, g), None)
        adjacency.set_issued(g.value, issued.object.value if issued else None)
    _read_nodes(engine, adjacency, None if only is None else touched)


def _read_nodes(engine: ox.Store, adjacency: Adjacency, nodes: set[str] | None) -> None:
    """Classes and event dates of `nodes` (of every node when None), over all graphs."""
    classes: dict[str, set[str]] = {}
    dates: dict[str, dict[str, str]] = {}
    wanted = None if nodes is None else [ox.NamedNode(n) for n in nodes]
    for subject in wanted or [None]:
        for q in engine.quads_for_pattern(subject, ox.NamedNode(RDF_TYPE), None):
            if isinstance(q.subject, ox.NamedNode) and q.subject.value in adjacency.index:
                classes.setdefault(q.subject.value, set()).add(q.object.value)
        for predicate in event_date_predicates():
            for q in engine.quads_for_pattern(subject, ox.NamedNode(predicate), None):
                if isinstance(q.subject, ox.NamedNode) and q.subject.value in adjacency.index:
                    dates.setdefault(q.subject.value, {})[predicate] = q.object.value
    for iri in classes if nodes is None else nodes:
        adjacency.set_classes(iri, classes.get(iri, ()))
    for iri in dates if nodes is None else nodes:
        found = dates.get(iri, {})
        adjacency.set_date(iri, next((found[p] for p in event_date_predicates() if p in found), None))
