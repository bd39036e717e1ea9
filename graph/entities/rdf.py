"""One entity as RDF: its statements and a page of its edges, serialised by Oxigraph.

The same page of edges as the JSON view (graph/entities.py), the facts written by one SPARQL
CONSTRUCT (without sources: Turtle has no named graphs). Turtle
comes out of Oxigraph with our prefixes. Oxigraph's JSON-LD writer emits expanded JSON-LD only,
so the document is given an `@context` of our prefixes and its IRIs are written as compact IRIs
(`tgid:lei-jun`); any JSON-LD processor expands them back to the same triples.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from graph.entities.page import Page
from graph.entities.facts import entity_facts
from graph.model.namespaces import PREFIXES, RDF_TYPE

MEDIA_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD}
_CONSTRUCT = f"""CONSTRUCT {{ <%(e)s> ?p ?o . ?s ?q <%(e)s> }} WHERE {{
  {{ <%(e)s> ?p ?o FILTER(isLiteral(?o) || ?p = <{RDF_TYPE}>) }}
  UNION {{ VALUES (?p ?o) {{ %(out)s }} }}
  UNION {{ VALUES (?q ?s) {{ %(in)s }} }}
}}"""


def entity_rdf(engine: ox.Store, iri: str, media_type: str, page: Page = Page()) -> bytes:
    """The entity `iri` (known to exist) as Turtle or JSON-LD, by media type."""
    pairs = entity_facts(engine, iri).pairs
    shown = {d: " ".join(f"(<{p}> <{n}>)" for p, n in listed[page.offset : page.offset + page.limit]) for d, listed in pairs.items()}
    triples = engine.query(_CONSTRUCT % {"e": iri, **shown}, use_default_graph_as_union=True)
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    rdf_format = MEDIA_TYPES[media_type]
    if rdf_format != ox.RdfFormat.JSON_LD:
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes)
    expanded = json.loads(ox.serialize(triples, format=rdf_format))
    document = {"@context": prefixes, "@graph": [_compact(node, prefixes) for node in expanded]}
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _compact(value: object, prefixes: dict[str, str], key: str | None = None) -> object:
    """Write the IRIs of an expanded JSON-LD value (keys, @id and @type values) as prefix:name."""
    if isinstance(value, list):
        return [_compact(item, prefixes, key) for item in value]
    if isinstance(value, dict):
        return {_curie(k, prefixes): _compact(v, prefixes, k) for k, v in value.items()}
    if isinstance(value, str) and key in ("@id", "@type"):
        return _curie(value, prefixes)
    return value


def _curie(iri: str, prefixes: dict[str, str]) -> str:
    """`tgid:lei-jun` for an IRI in one of our namespaces; keywords and other IRIs unchanged.

    A local part starting with `//` would read as an absolute IRI, so such IRIs stay whole.
    """
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and not iri[len(namespace) :].startswith("//"):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
