"""Parse RDF text with rdflib as an independent reader, muting rdflib 7.6's warnings about itself."""

from __future__ import annotations

import warnings

from rdflib import Dataset, Graph

DATASET_FORMATS = {"trig", "nquads", "json-ld"}


def read_rdf(text: str, rdflib_format: str) -> Graph:
    """A graph (or, for dataset formats, a dataset) parsed from `text`."""
    parsed: Graph = Dataset() if rdflib_format in DATASET_FORMATS else Graph()
    with warnings.catch_warnings():
        # rdflib 7.6 uses its own deprecated ConjunctiveGraph inside these parsers.
        warnings.simplefilter("ignore", DeprecationWarning)
        parsed.parse(data=text, format=rdflib_format)
    return parsed


def count_triples(parsed: Graph) -> int:
    """Statements in a graph, or quads in every graph of a dataset."""
    if isinstance(parsed, Dataset):
        return sum(1 for _ in parsed.quads((None, None, None, None)))
    return len(parsed)
