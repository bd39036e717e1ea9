"""RDF formats by file name and by name, as pyoxigraph knows them."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.errors import UnsupportedFormat

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
}


def rdf_format(name: str) -> ox.RdfFormat:
    """The format called `name` (`turtle`, `trig`, `ntriples`, `nquads`, `jsonld`, `rdfxml`)."""
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise UnsupportedFormat(f"unknown RDF format {name!r}; use one of {', '.join(FORMATS)}") from None


def format_of(path: Path, name: str | None = None) -> ox.RdfFormat:
    """The format named, or else the one the file's suffix implies."""
    if name:
        return rdf_format(name)
    try:
        return FORMATS[SUFFIXES[path.suffix.lower()]]
    except KeyError:
        raise UnsupportedFormat(
            f"{path}: cannot tell the RDF format from the suffix {path.suffix!r}; use one of "
            f"{', '.join(SUFFIXES)} or pass --format"
        ) from None


def base_for(rdf_format: ox.RdfFormat, graph: ox.NamedNode) -> str | None:
    """A file of triples is read with its graph as base IRI, so that `<>` in it names the graph
    it goes to and a description of `<>` describes that graph as the file's source."""
    return None if rdf_format.supports_datasets else graph.value
