"""Forward a `/sparql` query to a remote store and stream its answer back in the format asked.

The query is parsed here first (rdflib's SPARQL parser), so a syntax error is reported with its
line and column before the store sees the text, and so the result's kind — a table (SELECT, ASK)
or a graph (CONSTRUCT, DESCRIBE) — is known before the format is negotiated. The store is asked
for exactly that format and its bytes are passed on as they arrive; a store that answers in
another format has its answer converted by Oxigraph. The time limit is an HTTP timeout: the
store must start answering within it, and a stream still running when it is over is cut.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery

from graph.query.nesting import check_nesting, too_deep_for_rdflib
from graph.errors import QuerySyntaxError, QueryTimeout, RemoteStoreFailed, RemoteTimeout
from graph.store.formats import rdf_format
from graph.model.namespaces import PREFIXES
from graph.remote.engine import RemoteEngine, dataset_parameters, prologue
from graph.remote.protocol import Answer
from graph.remote.results import read_result
from graph.query.results import GRAPH_FORMATS, TABLE_FORMATS

CHUNK = 1 << 16
FALLBACK = "application/sparql-results+json;q=0.1, application/sparql-results+xml;q=0.1, application/n-triples;q=0.1, text/turtle;q=0.1"
TABLE_OFFERS = {media_type: name for name, (_, media_type) in TABLE_FORMATS.items()} | {"application/json": "json"}
GRAPH_OFFERS = {rdf_format(name).media_type: name for name in GRAPH_FORMATS}


def offers_for(sparql: str) -> dict[str, str]:
    """Media type → format name of the answers this query can have, the default first."""
    check_nesting(sparql)
    try:
        form = parseQuery(sparql)[1].name
    except RecursionError:
        raise too_deep_for_rdflib("query") from None
    except ParseException as error:
        raise QuerySyntaxError(f"SPARQL syntax error at line {error.lineno}, column {error.col}: {error.msg}") from None
    return GRAPH_OFFERS if form in ("ConstructQuery", "DescribeQuery") else TABLE_OFFERS


def forward(
    engine: RemoteEngine,
    sparql: str,
    format_name: str,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    base_iri: str | None = None,
    timeout: float = 30.0,
) -> Iterator[bytes]:
    """The store's answer to `sparql` in the format `format_name`, as chunks of bytes."""
    deadline = time.monotonic() + timeout
    wanted = _format(format_name)
    text = prologue({p: str(ns) for p, ns in PREFIXES.items()}, base_iri) + sparql
    dataset = dataset_parameters([ox.NamedNode(g) for g in default_graphs], [ox.NamedNode(g) for g in named_graphs])
    try:
        answer = engine.client.query(text, f"{wanted.media_type}, {FALLBACK}", dataset, timeout)
    except RemoteTimeout:
        raise QueryTimeout(f"the store did not answer within {timeout:g} s") from None
    if _format_of(answer.content_type, wanted) != wanted:
        return iter([_converted(answer, wanted)])
    return _chunks(answer, deadline)


def _format(name: str) -> ox.RdfFormat | ox.QueryResultsFormat:
    return TABLE_FORMATS[name][0] if name in TABLE_FORMATS else rdf_format(name)


def _format_of(media_type: str, like: ox.RdfFormat | ox.QueryResultsFormat) -> ox.RdfFormat | ox.QueryResultsFormat | None:
    kind = ox.QueryResultsFormat if isinstance(like, ox.QueryResultsFormat) else ox.RdfFormat
    return kind.from_media_type(media_type)


def _chunks(answer: Answer, deadline: float) -> Iterator[bytes]:
    """The answer's bytes as they arrive, cut when the time limit passes."""
    with answer:
        while chunk := answer.read(CHUNK):
            yield chunk
            if time.monotonic() > deadline:
                return


def _converted(answer: Answer, wanted: ox.RdfFormat | ox.QueryResultsFormat) -> bytes:
    """An answer in another format than asked, rewritten by Oxigraph's parsers and writers."""
    result = read_result(answer)
    if isinstance(result, ox.QueryTriples) and isinstance(wanted, ox.RdfFormat):
        return result.serialize(format=wanted)
    if not isinstance(result, ox.QueryTriples) and isinstance(wanted, ox.QueryResultsFormat):
        return result.serialize(format=wanted)
    raise RemoteStoreFailed(f"the store answered in {answer.content_type or 'no media type'}, which cannot be written as {wanted.name}")

