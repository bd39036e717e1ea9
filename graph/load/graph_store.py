"""Whole named graphs read, replaced, merged and dropped: the Graph Store Protocol's operations.

Writes go through the loader's staging and validation, so a graph written over HTTP obeys the
same ontology and shapes as a file loaded from the command line.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset

from graph.load.inference import materialise
from graph.errors import InputError, NotFound, ParseFailed, UnsupportedFormat
from graph.load.loading import write_staged
from graph.load.scoped_rules import delta, quads_of
from graph.store.formats import base_for
from graph.store.dataset import engine_of
from graph.store.intent import record_intent
from graph.store.protection import refuse_system_graphs

UPLOAD = "HTTP upload"


def rdf_format_for(media_type: str) -> ox.RdfFormat:
    """The RDF format of a request body from its Content-Type."""
    found = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip()) if media_type else None
    if found is None:
        raise UnsupportedFormat(f"cannot read a body of type {media_type or 'none'}; send Turtle, N-Triples, JSON-LD or RDF/XML")
    return found


def graph_exists(kg: Dataset, graph: str) -> bool:
    """True when the store has a named graph of that name."""
    return engine_of(kg).contains_named_graph(ox.NamedNode(graph))


def read_graph(kg: Dataset, graph: str | None, rdf_format: ox.RdfFormat) -> bytes:
    """The triples of `graph`, or of the union of all graphs when it is None."""
    engine = engine_of(kg)
    if graph is None:
        triples = engine.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return ox.serialize(triples, format=rdf_format)
    if not graph_exists(kg, graph):
        raise NotFound(f"there is no graph <{graph}>")
    return engine.dump(format=rdf_format, from_graph=ox.NamedNode(graph))


def write_graph(kg: Dataset, graph: str, body: bytes, rdf_format: ox.RdfFormat, merge: bool) -> bool:
    """Replace (or with `merge`, add to) `graph` with the body's triples; True if it is new."""
    if rdf_format.supports_datasets:
        raise UnsupportedFormat("a graph body holds triples: send Turtle, N-Triples, JSON-LD or RDF/XML, not a dataset format")
    engine = engine_of(kg)
    refuse_system_graphs(engine, [graph])
    target = ox.NamedNode(graph)
    created = not engine.contains_named_graph(target)
    staging = ox.Store()
    if merge and not created:
        staging.extend(engine.quads_for_pattern(None, None, None, target))
    try:
        staging.load(input=body, format=rdf_format, to_graph=target, base_iri=base_for(rdf_format, target))
    except SyntaxError as error:
        raise ParseFailed(f"the request body is not valid {rdf_format.name}: {error.msg}; nothing was written") from None
    if not any(staging.quads_for_pattern(None, None, None, target)):
        raise InputError("the request body holds no triples; to remove a graph, use DELETE")
    write_staged(kg, staging, {target: UPLOAD})
    return created


def drop_graph(kg: Dataset, graph: str) -> None:
    """Remove `graph` and everything in it."""
    if not graph_exists(kg, graph):
        raise NotFound(f"there is no graph <{graph}>")
    engine = engine_of(kg)
    refuse_system_graphs(engine, [graph])
    target = ox.NamedNode(graph)
    before = quads_of(engine, [target])
    record_intent(engine, [target])
    engine.remove_graph(target)  # not DROP GRAPH: Virtuoso refuses it for graphs made by INSERT
    materialise(engine, [target], delta=delta(before, []))
