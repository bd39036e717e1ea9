"""Serialise query results with Oxigraph's own writers, never via Python objects."""

from __future__ import annotations

import pyoxigraph as ox

from graph.errors import UnsupportedFormat
from graph.formats import rdf_format
from graph.queries import QueryResult

TABLE_FORMATS: dict[str, tuple[ox.QueryResultsFormat, str]] = {
    "json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "csv": (ox.QueryResultsFormat.CSV, "text/csv"),
    "tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values"),
}
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml", "nquads", "trig")


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


def default_format(result: QueryResult, graph_format: str = "ntriples", table_format: str = "json") -> str:
    """`graph_format` for a CONSTRUCT or DESCRIBE result, `table_format` for SELECT and ASK."""
    return graph_format if isinstance(result, ox.QueryTriples) else table_format
