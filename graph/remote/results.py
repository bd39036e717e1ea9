"""Read a remote store's answers with Oxigraph's parsers, whatever the store's dialect.

Stores do not all negotiate by query form (Virtuoso answers a CONSTRUCT in SPARQL results when
asked for both), so the form is read from the query text first and only that kind is asked for.
Virtuoso labels blank nodes `nodeID://b10003` in SPARQL results, which is not a valid blank node
label; results are read as XML and the prefix dropped on the way in (`b10003`).
"""

from __future__ import annotations

import io
import re
from typing import Any

import pyoxigraph as ox

from graph.errors import RemoteStoreFailed
from graph.remote.protocol import Answer

TABLE_ACCEPT = "application/sparql-results+xml, application/sparql-results+json;q=0.9"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
# Comments, then BASE and PREFIX declarations, then the keyword that says the form.
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*\n|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*", re.IGNORECASE)
_VIRTUOSO_BLANK = b"<bnode>nodeID://"


def accept_for(query: str) -> str:
    """What to ask the store for: RDF for CONSTRUCT and DESCRIBE, SPARQL results otherwise."""
    keyword = query[_PROLOGUE.match(query).end() :][:9].upper()  # type: ignore[union-attr]
    return GRAPH_ACCEPT if keyword.startswith(("CONSTRUCT", "DESCRIBE")) else TABLE_ACCEPT


def read_result(answer: Answer) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """The store's answer parsed by Oxigraph, by its media type: solutions stream as they are read;
    a graph is gathered in an in-memory store, so that it is a real `QueryTriples`."""
    table = ox.QueryResultsFormat.from_media_type(answer.content_type)
    if table is not None:
        stream: Any = _BlankLabels(answer) if table == ox.QueryResultsFormat.XML else answer
        return ox.parse_query_results(io.BufferedReader(stream, 1 << 16), table)
    graph = ox.RdfFormat.from_media_type(answer.content_type)
    if graph is None:
        answer.close()
        raise RemoteStoreFailed(f"the SPARQL store answered in {answer.content_type or 'no media type'}, which is neither SPARQL results nor RDF")
    with answer:
        gathered = ox.Store()
        gathered.load(io.BufferedReader(answer, 1 << 16), graph)
    return gathered.query("CONSTRUCT WHERE { ?s ?p ?o }")  # type: ignore[return-value]


class _BlankLabels(io.RawIOBase):
    """An XML results stream with Virtuoso's `nodeID://` blank node prefix removed."""

    def __init__(self, answer: Answer) -> None:
        super().__init__()
        self.answer = answer
        self.pending = b""  # bytes ready to hand out
        self.held = b""  # the end of the last chunk read, which may hold the start of a prefix
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending and not self.done:
            chunk = self.answer.read(1 << 16)
            if not chunk:
                self.pending, self.held, self.done = self.held, b"", True
                continue
            text = (self.held + chunk).replace(_VIRTUOSO_BLANK, b"<bnode>")
            cut = max(0, len(text) - len(_VIRTUOSO_BLANK) + 1)
            self.pending, self.held = text[:cut], text[cut:]
        size = min(len(self.pending), len(buffer))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def close(self) -> None:
        self.answer.close()
        super().close()
