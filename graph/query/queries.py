"""Run SPARQL on the store as text, and the summary counts behind `tiegraph stats`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Dataset

from graph.errors import QueryFailed, QuerySyntaxError
from graph.query.guard import check_remote_access
from graph.query.nesting import check_nesting
from graph.model.namespaces import ONTOLOGY_GRAPH, PREFIXES
from graph.store.dataset import engine_of
from graph.store.engine import Engine

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
# An update's first operation, after any prologue and comments.
UPDATE_FORM = re.compile(
    r"\s*(?:(?:#[^\n]*|(?:PREFIX\s+[\w.-]*:\s*|BASE\s*)<[^>]*>)\s*)*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
FROM_CLAUSE = re.compile(r"\bFROM\s+(NAMED\s+)?(<|[A-Za-z][\w.-]*:|:)", re.IGNORECASE)


def run_query(
    kg: Dataset,
    sparql: str,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    allowed_hosts: Iterable[str] = (),
    base_iri: str | None = None,
) -> QueryResult:
    """Evaluate SPARQL text on Oxigraph.

    The default graph is the union of all graphs unless `default_graphs` names the graphs to
    merge instead (the protocol's default-graph-uri); `named_graphs` limits GRAPH patterns. The
    usual prefixes (tg, tgid, rdfs, …) are predeclared, so short queries need no PREFIX lines.
    A query's own FROM clauses are honoured (Oxigraph would ignore them under the union), and
    the protocol's graphs win over them, as the SPARQL protocol says.
    """
    check_nesting(sparql)
    check_remote_access(sparql, allowed_hosts)
    own_dataset = bool(FROM_CLAUSE.search(sparql))
    dataset: dict[str, object] = {"use_default_graph_as_union": not (default_graphs or own_dataset), "base_iri": base_iri}
    if default_graphs:
        dataset["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        return engine_of(kg).query(sparql, prefixes=_prefixes(), **dataset)  # type: ignore[arg-type]
    except SyntaxError as error:
        if UPDATE_FORM.match(sparql):
            raise QuerySyntaxError(
                "this is a SPARQL update, not a query: send it by POST as update=… (or with Content-Type "
                "application/sparql-update) and the bearer token"
            ) from None
        raise QuerySyntaxError(f"SPARQL syntax error {positioned(error.msg)}") from None
    except ValueError as error:
        raise QueryFailed(f"invalid dataset: {error}") from None


def positioned(message: str) -> str:
    """Oxigraph says `error at 2:9: …`; people read `at line 2, column 9: …`."""
    found = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    return f"at line {found[1]}, column {found[2]}: {found[3]}" if found else f": {message}"


def _prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


@dataclass(frozen=True)
class Stats:
    """Size of the knowledge graph: triples, entities per class, and sources."""

    triples: int
    quads: int
    classes: dict[str, int]
    sources: dict[str, int]


def collect_stats(kg: Dataset) -> Stats:
    """Count triples, distinct entities per class and quads per source graph.

    Only tiegraph's graphs count (`Engine.scope_clause`): a remote store such as Virtuoso keeps
    graphs of its own, which its default graph includes."""
    engine = engine_of(kg)
    triples = _single(engine, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {engine.scope_clause()} GRAPH ?g {{ ?s ?p ?o }} }} }}")
    return Stats(triples=triples, quads=len(engine), classes=count_by_class(engine), sources=count_by_source(engine))


def count_by_class(engine: Engine) -> dict[str, int]:
    """Distinct entities per class, the ontology's own terms left out, the largest class first."""
    rows = engine.query(
        f"SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {engine.scope_clause()} GRAPH ?g {{ ?s a ?class }} FILTER(?g != <{ONTOLOGY_GRAPH}>) }} GROUP BY ?class ORDER BY DESC(?n) ?class"
    )
    return {row["class"].value: int(row["n"].value) for row in rows}


def count_by_source(engine: Engine) -> dict[str, int]:
    """Quads per named graph: a source document's facts, or a system graph's."""
    rows = engine.query(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ {engine.scope_clause()} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g ORDER BY ?g")
    return {row["g"].value: int(row["n"].value) for row in rows}


def _single(engine: ox.Store, sparql: str) -> int:
    return int(next(iter(engine.query(sparql, use_default_graph_as_union=True)))[0].value)

