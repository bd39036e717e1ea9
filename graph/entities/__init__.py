"""Entities as the API shows them: a page of names, classes, attributes and edges with their
sources, the same as RDF, the evidence behind facts, and finding the entity a user means.

    page        describe: one entity's page
    facts       every fact with the entity at either end, in one index scan
    rdf         the page as RDF, serialised by Oxigraph
    evidence    facts with their sources and dates, for paths and ties; a source's citation
    resolve     an id, IRI or unique label to the entity's IRI
    page_store  first pages kept as finished documents, per store revision
"""

from graph.entities.evidence import citation, sources
from graph.entities.page import ID_SYNTAX, MAX_LIMIT, Page, Suggest, describe, entity_iri, type_labels
from graph.entities.page_store import PAGES_FILE, PageStore
from graph.entities.rdf import MEDIA_TYPES, entity_rdf
from graph.entities.resolve import resolve

__all__ = [
    "citation",
    "describe",
    "entity_iri",
    "entity_rdf",
    "ID_SYNTAX",
    "MAX_LIMIT",
    "MEDIA_TYPES",
    "Page",
    "PAGES_FILE",
    "PageStore",
    "resolve",
    "sources",
    "Suggest",
    "type_labels",
]
