"""A SPARQL update for a remote store: run on a staged copy of what it touches, then committed as
the new content of the graphs it changed.

An embedded store copies itself whole before an update; a remote one may not fit in memory, so
only the named graphs the update names are copied (every graph when it matches `GRAPH ?g` or
says ALL / NAMED). The update runs there, as it would on an embedded store, with an empty
default graph; the result is judged with the store's facts about the nodes it touches
(graph/checking.py). What reaches the store is not the update text but each changed graph's
new content (graph/remote.py `replace_graphs`): the store's own default graph, which is the
union of its graphs, cannot make it do anything other than what was judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.term import URIRef

from graph.errors import QuerySyntaxError
from graph.remote import RemoteEngine

EVERY_GRAPH = re.compile(r"\bGRAPH\s*[?$]|\b(ALL|NAMED)\b|\bUSING\s+NAMED\b", re.IGNORECASE)
BATCH = 500


def stage_touched_graphs(engine: RemoteEngine, staging: ox.Store, sparql: str) -> None:
    """Copy into `staging` every named graph of the store that `sparql` may read or change."""
    if EVERY_GRAPH.search(sparql):
        staging.extend(engine.quads_for_pattern(None, None, None))
        return
    for graph in _existing(engine, sorted(_iris(sparql))):
        staging.extend(engine.quads_for_pattern(None, None, None, graph))


def commit_graphs(engine: RemoteEngine, staging: ox.Store, changed: list[str]) -> None:
    """Write the staged content of the `changed` graphs over theirs in the store."""
    engine.replace_graphs(staging, [ox.NamedNode(g) for g in changed])


def _iris(sparql: str) -> set[str]:
    """Every IRI the update mentions, prefixed names resolved."""
    try:
        translated = translateUpdate(parseUpdate(sparql))
    except ParseException as error:
        raise QuerySyntaxError(f"SPARQL update syntax error at line {error.lineno}, column {error.col}: {error.msg}") from None
    except Exception as error:  # rdflib's translation raises plain exceptions, e.g. for an unknown prefix
        raise QuerySyntaxError(f"SPARQL update cannot be read: {error}") from None
    return {str(term) for term in _terms(translated.algebra) if isinstance(term, URIRef)}


def _terms(value: object) -> Iterator[object]:
    """Every leaf of rdflib's update algebra (nested dicts, lists and tuples)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _terms(item)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _terms(item)
    else:
        yield value


def _existing(engine: RemoteEngine, iris: list[str]) -> Iterator[ox.NamedNode]:
    """Those of `iris` that name a graph of the store."""
    for start in range(0, len(iris), BATCH):
        values = " ".join(f"<{iri}>" for iri in iris[start : start + BATCH])
        query = f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"
        yield from (row["g"] for row in engine.query(query))  # type: ignore[misc, index]
