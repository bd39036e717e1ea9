"""A remote SPARQL 1.1 store as a tiegraph engine (`graph.store.engine.Engine`), which is the part
of pyoxigraph's `Store` API that tiegraph uses plus a few operations of its own.

Queries, quad patterns, graph listings, dumps, loads and updates become SPARQL requests
(graph/remote_http.py); answers are parsed by Oxigraph's own parsers into the same `ox` terms and
result objects an embedded store returns, so the rest of tiegraph runs unchanged. Answers stream:
nothing reads the whole store into this process.

Default graph: tiegraph's queries treat the default graph as the union of all named graphs. A
remote store must answer that way by itself (Oxigraph server: `--union-default-graph`; Virtuoso
does by default); `check_union_default_graph` refuses a store that visibly does not. Quads are
only ever written to named graphs, and patterns match named graphs only.

Blank nodes: a store relabels them in every answer, so a pattern with a blank node matches
nothing here, and blank nodes written in two requests are two nodes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from graph.errors import InputError, QueryFailed, SettingsError
from graph.model.namespaces import ONTOLOGY_GRAPH
from graph.model.ontology import load_ontology
from graph.model.namespaces import RDFS_LABEL
from graph.model.vocabulary import TG
from graph.store.engine import Engine, Labels
from graph.store.formats import base_for
from graph.remote.protocol import SparqlClient
from graph.remote.results import accept_for, read_result

WRITE_BATCH = 10_000  # quads per INSERT DATA request: a few MB of text, which every store accepts
GRAPHS_PER_QUERY = 1_000

Pattern = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None


class RemoteEngine(Engine):
    """The SPARQL endpoint at `client.query_url` as an engine. Thread-safe."""

    local = False

    def __init__(self, client: SparqlClient) -> None:
        self.client = client

    # ------------------------------------------------------------------ reading
    def query(
        self,
        query: str,
        *,
        prefixes: Mapping[str, str] | None = None,
        base_iri: str | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: ox.NamedNode | Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
        timeout: float | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run `query` at the endpoint; `use_default_graph_as_union` is the store's own setting
        (see the module docstring); the protocol's dataset parameters carry the graphs given."""
        answer = self.client.query(prologue(prefixes, base_iri) + query, accept_for(query), dataset_parameters(default_graph, named_graphs), timeout)
        return read_result(answer)

    def quads_for_pattern(self, subject: Pattern, predicate: Pattern, object: Pattern, graph_name: GraphName = None) -> Iterator[ox.Quad]:  # noqa: A002
        """Quads of named graphs matching the pattern (None matches anything), streamed."""
        terms = (subject, predicate, object, graph_name)
        if isinstance(graph_name, ox.DefaultGraph) or any(isinstance(t, ox.BlankNode) for t in terms):
            return iter(())
        s, p, o, g = (str(t) if t is not None else f"?{name}" for t, name in zip(terms, "spog"))
        solutions = self.query(f"SELECT * WHERE {{ GRAPH {g} {{ {s} {p} {o} }} }}")
        return (ox.Quad(*(t if t is not None else row[name] for t, name in zip(terms, "spog"))) for row in solutions)  # type: ignore[arg-type, index]

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        """tiegraph's graphs in the store: the ontology's and those that describe themselves as
        source documents, as every graph tiegraph writes does. Other graphs (Virtuoso's own, other
        applications') are not listed, nor counted, versioned or exported."""
        kinds = " ".join(f"<{c}>" for c in sorted(load_ontology().subclasses(TG.SourceDocument)))
        query = (
            f"SELECT DISTINCT ?g WHERE {{ {{ VALUES ?t {{ {kinds} }} GRAPH ?g {{ ?g a ?t }} }} "
            f"UNION {{ VALUES ?g {{ <{ONTOLOGY_GRAPH}> }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }} }}"
        )
        return (row["g"] for row in self.query(query) if isinstance(row["g"], ox.NamedNode))  # type: ignore[index]

    def contains_named_graph(self, graph_name: ox.NamedNode) -> bool:
        """True when the graph holds a triple."""
        return bool(self.query(f"ASK {{ GRAPH {graph_name} {{ ?s ?p ?o }} }}"))

    def __len__(self) -> int:
        """Quads in tiegraph's graphs."""
        graphs = sorted(g.value for g in self.named_graphs())
        total = 0
        for start in range(0, len(graphs), GRAPHS_PER_QUERY):
            values = " ".join(f"<{g}>" for g in graphs[start : start + GRAPHS_PER_QUERY])
            row = next(iter(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")))  # type: ignore[arg-type]
            total += int(row["n"].value)
        return total

    def dump(self, output: IO[bytes] | str | Path | None = None, format: ox.RdfFormat | None = None, *, from_graph: ox.NamedNode | None = None, prefixes: Mapping[str, str] | None = None) -> bytes | None:  # noqa: A002
        """One graph's triples, or every named graph's quads, serialised by Oxigraph as they stream in."""
        if from_graph is not None:
            data: Iterable[ox.Triple | ox.Quad] = (q.triple for q in self.quads_for_pattern(None, None, None, from_graph))
        elif format is not None and not format.supports_datasets:
            raise InputError(f"a dump of every graph needs a dataset format (TriG, N-Quads), not {format.name}")
        else:
            data = self.quads_for_pattern(None, None, None)
        return ox.serialize(data, output, format, prefixes=prefixes)

    # ------------------------------------------------------------------ writing
    def update(self, update: str, *, base_iri: str | None = None, prefixes: Mapping[str, str] | None = None) -> None:
        """Send a SPARQL update to the store's update URL."""
        self.client.update(prologue(prefixes, base_iri) + update)

    def remove_graph(self, graph_name: ox.NamedNode) -> None:
        """Drop a named graph (nothing happens if it does not exist)."""
        self.update(f"DROP SILENT GRAPH {graph_name}")

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads with INSERT DATA, `WRITE_BATCH` at a time."""
        iterator = iter(quads)
        while batch := list(islice(iterator, WRITE_BATCH)):
            self._insert(batch)

    def _insert(self, batch: list[ox.Quad]) -> None:
        """One request, or halves of it when the store refuses one that large (Virtuoso compiles
        an update to SQL and stops at 10,000 lines: a few hundred triples)."""
        try:
            self.update(insert_data(batch))
        except QueryFailed:
            if len(batch) < 2:
                raise
            half = len(batch) // 2
            self._insert(batch[:half])
            self._insert(batch[half:])

    bulk_extend = extend

    def load(
        self,
        input: bytes | str | IO[bytes] | None = None,  # noqa: A002
        format: ox.RdfFormat | None = None,  # noqa: A002
        *,
        path: str | Path | None = None,
        base_iri: str | None = None,
        to_graph: ox.NamedNode | None = None,
    ) -> None:
        """Parse RDF here, as it streams, and add it in batches; triples go to `to_graph`."""
        parsed = ox.parse(input, format, path=str(path) if path is not None else None, base_iri=base_iri)
        self.extend(_as_quad(statement, to_graph) for statement in parsed)

    bulk_load = load

    def replace_graphs(self, staging: ox.Store, graphs: Sequence[ox.NamedNode], progress: bool = False) -> None:
        """Replace `graphs` with their content in `staging`: one request when it fits a batch (and
        the store takes it), else the drops and then the inserts in batches, each atomic on its own."""
        quads = (q for g in graphs for q in staging.quads_for_pattern(None, None, None, g))
        first = list(islice(quads, WRITE_BATCH + 1))
        drops = "".join(f"DROP SILENT GRAPH {g} ;\n" for g in graphs)
        if len(first) <= WRITE_BATCH:
            try:
                self.update(drops + insert_data(first) if first else drops.rstrip(" ;\n"))
                return
            except QueryFailed:
                if len(first) < 2:
                    raise  # else too large for the store in one request: write it in parts below
        self.update(drops.rstrip(" ;\n"))
        self.extend(q for part in (first, quads) for q in part)

    replace_in_one_transaction = replace_graphs  # one request when the store takes it, else in batches

    def bulk_write(self, data: bytes | Path, progress: bool, rdf_format: ox.RdfFormat = ox.RdfFormat.N_QUADS, to_graph: ox.NamedNode | None = None) -> None:
        """Parse here and send in batches of INSERT DATA requests."""
        base = base_for(rdf_format, to_graph) if to_graph is not None else None
        if isinstance(data, Path):
            self.load(format=rdf_format, path=data, to_graph=to_graph, base_iri=base)
        else:
            self.load(data, rdf_format, to_graph=to_graph, base_iri=base)

    def apply_update(self, sparql: str, base_iri: str | None, staging: ox.Store, changed: Sequence[ox.NamedNode]) -> None:
        """Send each changed graph's judged content, so the store's own reading of the update (its
        default graph, its blank nodes) cannot differ from what was judged."""
        self.replace_graphs(staging, changed)

    def labels_by_language(self, iris: Iterable[str]) -> Labels:
        """One query for them all: one round trip."""
        found: Labels = {}
        values = " ".join(f"<{iri}>" for iri in sorted(set(iris)))
        if values:
            query = f"SELECT DISTINCT ?e ?l WHERE {{ VALUES ?e {{ {values} }} ?e <{RDFS_LABEL}> ?l }} ORDER BY ?e ?l"
            for row in self.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
                e, label = row["e"], row["l"]
                found.setdefault(e.value, {}).setdefault(label.language or "", []).append(label.value)
        return found

    def scope_clause(self) -> str:
        """Only tiegraph's graphs: a store such as Virtuoso keeps graphs of its own."""
        return f"VALUES ?g {{ {' '.join(str(g) for g in self.named_graphs())} }}"

    def flush(self) -> None:
        """Nothing to do: the store has applied each update when it answered."""

    def close(self) -> None:
        """Close the idle connections."""
        self.client.close()

    # ------------------------------------------------------------------ checks
    def check_union_default_graph(self) -> None:
        """Refuse a store whose default graph visibly is not the union of its named graphs."""
        probe = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s) && isIRI(?o)) } LIMIT 1"
        for row in self.query(probe):  # type: ignore[union-attr]
            if not self.query(f"ASK {{ {row['s']} {row['p']} {row['o']} }}"):
                raise SettingsError(
                    f"the SPARQL store {self.client.query_url} does not answer queries over the union of its named "
                    "graphs; start Oxigraph server with --union-default-graph (Virtuoso does this by default)"
                )


def prologue(prefixes: Mapping[str, str] | None, base_iri: str | None) -> str:
    """BASE and PREFIX declarations on one line, so the store's error positions keep their lines."""
    declared = [f"BASE <{base_iri}>"] if base_iri else []
    declared += [f"PREFIX {prefix}: <{iri}>" for prefix, iri in (prefixes or {}).items()]
    return " ".join(declared) + " " if declared else ""


def dataset_parameters(default_graph: ox.NamedNode | Sequence[ox.NamedNode] | None, named_graphs: Sequence[ox.NamedNode] | None) -> list[tuple[str, str]]:
    """The protocol's default-graph-uri / named-graph-uri parameters for the graphs given."""
    defaults = [default_graph] if isinstance(default_graph, ox.NamedNode) else list(default_graph or ())
    return [("default-graph-uri", g.value) for g in defaults] + [("named-graph-uri", g.value) for g in named_graphs or ()]


def insert_data(quads: Iterable[ox.Quad]) -> str:
    """One update adding `quads`, grouped by graph: INSERT DATA, or where there are blank nodes
    (which Virtuoso refuses in INSERT DATA) the equivalent INSERT {…} WHERE {}."""
    by_graph: dict[str, list[str]] = {}
    blank = False
    for q in quads:
        if not isinstance(q.graph_name, ox.NamedNode):
            raise InputError(f"{q}: tiegraph writes every fact to a named graph, never to the default graph")
        blank = blank or isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    body = "".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}\n" for g, lines in by_graph.items())
    return f"INSERT {{\n{body}}} WHERE {{}}" if blank else f"INSERT DATA {{\n{body}}}"


def _as_quad(statement: ox.Quad, to_graph: ox.NamedNode | None) -> ox.Quad:
    if not isinstance(statement.graph_name, ox.DefaultGraph):
        return statement
    if to_graph is None:
        raise InputError(f"{statement}: a triple needs a named graph to go to")
    return ox.Quad(statement.subject, statement.predicate, statement.object, to_graph)
