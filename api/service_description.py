"""The SPARQL 1.1 Service Description of `/sparql`, so tools can discover what it supports."""

from __future__ import annotations

from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF

from graph.query import GRAPH_FORMATS, TABLE_FORMATS

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
SERVICE_DESCRIPTION_TYPES = ["text/turtle", "application/rdf+xml", "application/n-triples", "application/ld+json"]
W3C_FORMAT_NAMES = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML", "trig": "TriG", "nquads": "N-Quads",
}
RDFLIB_NAMES = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt", "application/ld+json": "json-ld"}


def describe_service(endpoint: str, media_type: str) -> bytes:
    """The description of the endpoint at `endpoint` in `media_type`."""
    g = Graph()
    g.bind("sd", SD)
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    for language in (SD.SPARQL11Query, SD.SPARQL11Update):
        g.add((service, SD.supportedLanguage, language))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.feature, SD.BasicFederatedQuery))
    for name in (*TABLE_FORMATS, *GRAPH_FORMATS):
        g.add((service, SD.resultFormat, FORMATS[W3C_FORMAT_NAMES[name]]))
    return g.serialize(format=RDFLIB_NAMES[media_type], encoding="utf-8")
