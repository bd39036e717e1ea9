"""Serialise query results with Oxigraph's own writers, never via Python objects."""

from __future__ import annotations

import pyoxigraph as ox

from graph.errors import UnsupportedFormat
from graph.store.formats import rdf_format
from graph.query.queries import QueryResult

TABLE_FORMATS: dict[str, tuple[ox.QueryResultsFormat, str]] = {
    "json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "csv": (ox.QueryResultsFormat.CSV, "text/csv"),
    "tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values"),
}
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads")


def media_types(result: QueryResult) -> dict[str, str]:
    """Media type → format name of every serialisation `result` can have, the default first."""
    if isinstance(result, ox.QueryTriples):
        return {rdf_format(name).media_type: name for name in GRAPH_FORMATS}
    offers = {media_type: name for name, (_, media_type) in TABLE_FORMATS.items()}
    offers["application/json"] = "json"
    return offers


def serialize_result(result: QueryResult, name: str) -> tuple[bytes, str]:
    """The result as bytes in the format called `name`, with its media type."""
    if isinstance(result, ox.QueryTriples):
        if name not in GRAPH_FORMATS:
            raise UnsupportedFormat(f"a CONSTRUCT or DESCRIBE result is a graph; use one of {', '.join(GRAPH_FORMATS)}, not {name!r}")
        fmt = rdf_format(name)
        return result.serialize(format=fmt), fmt.media_type
    if name not in TABLE_FORMATS:
        raise UnsupportedFormat(f"a SELECT or ASK result is a table; use one of {', '.join(TABLE_FORMATS)}, not {name!r}")
    fmt, media_type = TABLE_FORMATS[name]
    return result.serialize(format=fmt), media_type


def default_format(result: QueryResult, graph_format: str = "turtle", table_format: str = "json") -> str:
    """`graph_format` for a CONSTRUCT or DESCRIBE result, `table_format` for SELECT and ASK."""
    return graph_format if isinstance(result, ox.QueryTriples) else table_format


def serialize_capped(result: QueryResult, name: str, max_rows: int) -> tuple[bytes, bool]:
    """Like `serialize_result`, but at most `max_rows` rows or triples; True when some were cut.

    The result goes through Oxigraph's one-line-per-row writers (TSV, N-Triples), is cut at
    a line, and is read back by Oxigraph's parsers for the format asked: native code all along.
    """
    if max_rows <= 0 or isinstance(result, ox.QueryBoolean):
        return serialize_result(result, name)[0], False
    if isinstance(result, ox.QueryTriples):
        lines = result.serialize(format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
        kept = b"".join(lines[:max_rows])
        triples = ox.parse(kept, format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize(triples, format=rdf_format(name)), len(lines) > max_rows
    lines = result.serialize(format=ox.QueryResultsFormat.TSV).splitlines(keepends=True)
    kept = b"".join(lines[: max_rows + 1])  # the header line, then the rows
    if name == "tsv":
        return kept, len(lines) > max_rows + 1
    solutions = ox.parse_query_results(kept, format=ox.QueryResultsFormat.TSV)
    return solutions.serialize(format=TABLE_FORMATS[name][0]), len(lines) > max_rows + 1
