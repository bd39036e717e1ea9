"""Split N-Triples lines as Oxigraph writes them into their terms, with plain string operations.

An export reads millions of triples that Oxigraph has serialised itself (see `graph.store.graph_dump`);
building a pyoxigraph or rdflib term for each would cost more than the reading. A line is
`subject predicate object .`: IRIs are `<…>` and contain no spaces, blank nodes `_:…`, and a
literal is `"…"` with an optional `@lang` or `^^<datatype>`. No IRI may contain `"`, so a
literal's closing quote is the last one on its line. Terms stay as their N-Triples text until
they are needed; only text with a backslash is unescaped.
"""

from __future__ import annotations

import re
from typing import NamedTuple

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
CHARACTERS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


class Literal(NamedTuple):
    """A literal's lexical form, language tag (or None) and datatype IRI, as pyoxigraph gives them."""

    value: str
    language: str | None
    datatype: str


def split_triple(line: str) -> tuple[str, str, str]:
    """The subject, predicate and object of one N-Triples line, each as its N-Triples text."""
    subject, predicate, rest = line.split(" ", 2)
    if rest[0] == '"':
        end = rest.find(" ", rest.rindex('"'))
    else:
        end = rest.find(" ")
    return subject, predicate, rest[:end]


def iri(text: str) -> str:
    """The IRI written as `<text>`."""
    value = text[1:-1]
    return unescape(value) if "\\" in value else value


def literal(text: str) -> Literal:
    """The literal written as `text`: `"…"`, `"…"@lang` or `"…"^^<datatype>`."""
    close = text.rindex('"')
    value = text[1:close]
    if "\\" in value:
        value = unescape(value)
    suffix = text[close + 1:]
    if not suffix:
        return Literal(value, None, XSD_STRING)
    if suffix[0] == "@":
        return Literal(value, suffix[1:], RDF_LANG_STRING)
    return Literal(value, None, iri(suffix[2:]))


def unescape(text: str) -> str:
    """`text` with N-Triples escapes (`\\n`, `\\"`, `\\u00e9`, `\\U0001F600`…) replaced by their characters."""
    return ESCAPE.sub(_character, text)


def _character(found: re.Match[str]) -> str:
    short, long, single = found.groups()
    if single is None:
        return chr(int(short or long, 16))
    if single not in CHARACTERS:
        raise ValueError(f"unknown N-Triples escape \\{single} in {found.string!r}")
    return CHARACTERS[single]
