"""What a SPARQL update can read or change: the named graphs it names, or every graph when it
matches `GRAPH ?g` or says ALL / NAMED. graph/updates.py stages only those, so judging an update
costs in proportion to what it touches, not to the store, which may not fit in memory.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin
from collections.abc import Iterator

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.term import URIRef

from graph.errors import QuerySyntaxError
from graph.query.guard import REMOTE_KEYWORDS
from graph.query.queries import positioned
from graph.query.nesting import too_deep_for_rdflib

EVERY_GRAPH = re.compile(r"\bGRAPH\s*[?$]|\b(ALL|NAMED)\b|\bUSING\s+NAMED\b", re.IGNORECASE)
BATCH = 500


def stage_touched_graphs(engine: ox.Store, staging: ox.Store, sparql: str, base_iri: str | None = None) -> None:
    """Copy into `staging` every named graph of `engine` (embedded or remote) that `sparql` may
    read or change; relative IRIs are resolved against `base_iri`, as the update's own will be."""
    if EVERY_GRAPH.search(sparql):
        staging.extend(engine.quads_for_pattern(None, None, None))
        return
    for graph in _existing(engine, sorted(_absolute(_iris(sparql), base_iri))):
        staging.extend(engine.quads_for_pattern(None, None, None, graph))


def _iris(sparql: str) -> set[str]:
    """Every IRI the update mentions, prefixed names resolved."""
    try:
        translated = translateUpdate(parseUpdate(sparql))
    except RecursionError:
        raise too_deep_for_rdflib("update") from None
    except ParseException as error:
        raise _located(sparql, error) from None
    except Exception as error:  # rdflib's translation raises plain exceptions, e.g. for an unknown prefix
        raise QuerySyntaxError(f"SPARQL update cannot be read: {error}") from None
    return {str(term) for term in _terms(translated.algebra) if isinstance(term, URIRef)}


def _absolute(iris: set[str], base_iri: str | None) -> set[str]:
    """The IRIs made absolute against the base; any that cannot be are no graph of the store."""
    resolved = set()
    for iri in iris:
        try:
            resolved.add(ox.NamedNode(urljoin(base_iri, iri) if base_iri else iri).value)
        except ValueError:
            continue
    return resolved


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


def _located(sparql: str, error: ParseException) -> QuerySyntaxError:
    """The syntax error where Oxigraph finds it: rdflib's parser backtracks and often reports the
    start of the text. Oxigraph parses it on an empty store (nothing to change, and LOAD is not
    tried: a text that names it keeps rdflib's position)."""
    if not REMOTE_KEYWORDS.search(sparql):
        try:
            ox.Store().update(sparql)
        except SyntaxError as oxigraph:
            return QuerySyntaxError(f"SPARQL update syntax error {positioned(oxigraph.msg)}")
        except OSError:
            pass
    return QuerySyntaxError(f"SPARQL update syntax error at line {error.lineno}, column {error.col}: {error.msg}")
