"""The ontology and shapes files, read once: defined terms and class hierarchy."""

from __future__ import annotations

from collections.abc import Iterable

from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from graph.model.vocabulary import TG

ONTOLOGY_DIR = Path(str(files("ontology")))  # the top-level data package, installed with tiegraph
ONTOLOGY_FILE = ONTOLOGY_DIR / "tiegraph.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


@dataclass(frozen=True)
class Ontology:
    """What code needs to know of the ontology, derived from the Turtle file."""

    graph: Graph
    defined_terms: frozenset[URIRef]

    def subclasses(self, cls: URIRef) -> frozenset[URIRef]:
        """`cls` and every class below it (rdfs:subClassOf is transitive)."""
        return frozenset(self.graph.transitive_subjects(RDFS.subClassOf, cls))

    def object_properties(self) -> frozenset[URIRef]:
        """Our relations between entities: the edges of any graph projection."""
        return frozenset(p for p in self.graph.subjects(RDF.type, OWL.ObjectProperty) if p in self.defined_terms)

    def datatype_properties(self) -> frozenset[URIRef]:
        """Our properties whose values are literals: attributes in any graph projection."""
        return frozenset(p for p in self.graph.subjects(RDF.type, OWL.DatatypeProperty) if p in self.defined_terms)

    def numeric_properties(self) -> frozenset[URIRef]:
        """Datatype properties whose range is a number (amounts, shares, ranks, coordinates)."""
        numbers = {XSD.decimal, XSD.integer, XSD.double, XSD.float}
        return frozenset(p for p in self.datatype_properties() if set(self.graph.objects(p, RDFS.range)) & numbers)

    def most_specific(self, classes: Iterable[str]) -> str | None:
        """The class with the most ancestors among `classes` (ties: the greatest IRI), as exports
        and the explorer choose the one class a node is drawn as."""
        return max(classes, key=lambda cls: (self._depth(cls), cls), default=None)

    def _depth(self, cls: str) -> int:
        depth = self._depths.get(cls)
        if depth is None:
            depth = self._depths[cls] = len(set(self.graph.transitive_objects(URIRef(cls), RDFS.subClassOf)))
        return depth

    @cached_property
    def _depths(self) -> dict[str, int]:
        return {}

    def label(self, term: URIRef) -> str | None:
        """The English label of a term, if it has one."""
        return self._english_labels.get(term)

    @cached_property
    def _english_labels(self) -> dict[URIRef, str]:
        """Every term's English (or untagged) label, gathered once: entity pages ask per edge."""
        labels: dict[URIRef, str] = {}
        for term, label in self.graph.subject_objects(RDFS.label):
            if isinstance(term, URIRef) and getattr(label, "language", None) in (None, "en"):
                labels.setdefault(term, str(label))
        return labels


@cache
def load_ontology(path: Path = ONTOLOGY_FILE) -> Ontology:
    """Parse the ontology file; cached because it never changes while a process runs."""
    g = Graph().parse(path, format="turtle")
    defined = frozenset(
        term for term in g.subjects() if isinstance(term, URIRef) and term.startswith(str(TG))
    )
    return Ontology(graph=g, defined_terms=defined)


@cache
def load_shapes(path: Path = SHAPES_FILE) -> Graph:
    """Parse the SHACL shapes file."""
    return Graph().parse(path, format="turtle")
