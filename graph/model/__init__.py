"""The model as data: the ontology read from `ontology/`, its closed Python vocabulary, the
namespaces tiegraph mints, labels, and the n-ary events the ontology marks.

    vocabulary   TG, the closed vocabulary (a misspelt term is an error)
    namespaces   tg:, tgid:, tgsrc: and the graphs tiegraph writes; prefixes
    ontology     the ontology and shapes files, read once
    events       n-ary events, their ends and dates, hub classes: annotations in the ontology
    labels       the one rule for the label an entity is shown by
    statements   where in its source a fact is stated (RDF reification), and the parts to skip as edges
"""

from graph.model.vocabulary import TG
from graph.model.events import event_classes, event_date_predicates, hub_classes
from graph.model.labels import best_label
from graph.model.namespaces import ID, ONTOLOGY_GRAPH, checked_iri, PREFIXES, RDF_TYPE, RDFS_LABEL, SOURCE, local_id, shorten
from graph.model.ontology import ONTOLOGY_FILE, Ontology, SHAPES_FILE, load_ontology, load_shapes

__all__ = [
    "best_label",
    "checked_iri",
    "event_classes",
    "event_date_predicates",
    "hub_classes",
    "ID",
    "load_ontology",
    "load_shapes",
    "local_id",
    "Ontology",
    "ONTOLOGY_FILE",
    "ONTOLOGY_GRAPH",
    "PREFIXES",
    "RDF_TYPE",
    "RDFS_LABEL",
    "SHAPES_FILE",
    "shorten",
    "SOURCE",
    "TG",
]
