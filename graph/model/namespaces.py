"""IRIs tiegraph mints: the ontology's terms, entity ids, source documents and their graphs."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from graph.errors import InputError
from graph.model.vocabulary import TG

ID = Namespace("https://tiegraph.org/id/")
SOURCE = Namespace("https://tiegraph.org/source/")
ONTOLOGY_GRAPH = URIRef("https://tiegraph.org/ontology")
TG_IRI = str(TG)  # the ontology's namespace, for code that builds SPARQL or N-Triples text
RDF_TYPE = str(RDF.type)
RDFS_LABEL = str(RDFS.label)

PREFIXES: dict[str, Namespace] = {
    "tg": Namespace(str(TG)),
    "tgid": ID,
    "tgsrc": SOURCE,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "owl": Namespace(str(OWL)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "schema": Namespace(str(SDO)),
    "foaf": Namespace(str(FOAF)),
    "org": Namespace(str(ORG)),
}


def bind_prefixes(kg: Graph | Dataset) -> None:
    """Bind tiegraph's usual prefixes so serialisations and queries read naturally."""
    for prefix, namespace in PREFIXES.items():
        kg.bind(prefix, namespace, override=True, replace=True)


def shorten(term: URIRef | str) -> str:
    """`tg:founder` for a term in a usual namespace, `<iri>` otherwise."""
    for prefix, namespace in PREFIXES.items():
        if term.startswith(str(namespace)):
            return f"{prefix}:{term[len(str(namespace)):]}"
    return f"<{term}>"


def local_id(iri: str) -> str:
    """`lei-jun` for `https://tiegraph.org/id/lei-jun`; other IRIs whole."""
    return iri[len(ID) :] if iri.startswith(ID) else iri


def checked_iri(text: str, parameter: str) -> str:
    """`text` when it is an absolute IRI; else an InputError that names the parameter."""
    try:
        ox.NamedNode(text)
    except ValueError as error:
        raise InputError(
            f"{parameter}={text!r} is not an absolute IRI ({error}); give one such as {SOURCE}d45ea5260ee2b7ad"
        ) from None
    return text
