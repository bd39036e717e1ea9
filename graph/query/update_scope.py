"""What a SPARQL update can read or change: the named graphs it names, or every graph when it
matches `GRAPH ?g` or says ALL / NAMED. graph/updates.py stages only those, so judging an update
costs in proportion to what it touches, not to the store, which may not fit in memory.
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

EVERY_GRAPH = re.compile(r"\bGRAPH\s*[?$]|\b(ALL|NAMED)\b|\bUSING\s+NAMED\b", re.IGNORECASE)
BATCH = 500


def stage_touched_graphs(engine: ox.Store, staging: ox.Store, sparql: str) -> None:
    """Copy into `staging` every named graph of `engine` (embedded or remote) that `sparql` may
    read or change."""
    if EVERY_GRAPH.search(sparql):
        staging.extend(engine.quads_for_pattern(None, None, None))
        return
    for graph in _existing(engine, sorted(_iris(sparql))):
        staging.extend(engine.quads_for_pattern(None, None, None, graph))


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


def _existing(engine: ox.Store, iris: list[str]) -> Iterator[ox.NamedNode]:
    """Those of `iris` that name a graph of the store."""
    for start in range(0, len(iris), BATCH):
        values = " ".join(f"<{iri}>" for iri in iris[start : start + BATCH])
        query = f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}"
        yield from (row["g"] for row in engine.query(query))  # type: ignore[misc, index]
