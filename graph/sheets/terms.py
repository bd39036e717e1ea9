"""The ontology's relations and classes by the names people write: their English label
(`born in`, `headquartered in`) or their local name (`bornIn`), case, spaces, hyphens and
underscores aside, and what each relation's values are (entities, or literals of which datatype).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from rdflib import OWL, RDF, RDFS, XSD, Literal, URIRef

from graph.model.ontology import load_ontology
from graph.model.statements import LOCATORS
from graph.model.vocabulary import TG

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"


@dataclass(frozen=True)
class Relation:
    """A property a sheet may use: `datatype` None for one whose values are entities. `subjects`
    and `objects` are the classes (with their subclasses) its domain and range allow; empty for
    no constraint."""

    iri: str
    name: str
    datatype: str | None
    subjects: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    domain: str = ""  # the domain's and range's names, for messages
    range: str = ""


def key(name: str) -> str:
    """`born in`, `Born-In`, `bornIn` and `born_in` all give `bornin`."""
    return re.sub(r"[\s_\-]+", "", name).lower()


@dataclass(frozen=True)
class Vocabulary:
    relations: dict[str, Relation]
    classes: dict[str, str]
    class_names: dict[str, str]  # class IRI → its English label

    def by_iri(self, iri: str) -> Relation | None:
        return self.relations.get(key(_local(iri))) if iri.startswith(str(TG)) else None

    def relation(self, name: str) -> Relation | None:
        return self.relations.get(key(name))

    def cls(self, name: str) -> str | None:
        return self.classes.get(key(name))

    def near_relations(self, name: str) -> list[str]:
        return _near(name, {r.name for r in self.relations.values()})

    def near_classes(self, name: str) -> list[str]:
        return _near(name, {_local(iri) for iri in self.classes.values()})


@cache
def vocabulary() -> Vocabulary:
    """Every tiegraph relation and class, plus the few general properties sheets use."""
    ontology = load_ontology()
    g = ontology.graph
    relations: dict[str, Relation] = {}
    for prop in sorted(ontology.object_properties() | ontology.datatype_properties()):
        if str(prop) in LOCATORS:
            continue  # written by a row's `at:`, said of the row's facts rather than of an entity
        ranges = [r for r in g.objects(prop, RDFS.range) if isinstance(r, URIRef)]
        is_literal = (prop, RDF.type, OWL.DatatypeProperty) in g
        datatype = str(ranges[0]) if is_literal and ranges else (str(RDFS.Literal) if is_literal else None)
        label = ontology.label(prop) or _local(str(prop))
        subjects = _allowed(ontology, g.objects(prop, RDFS.domain))
        objects = frozenset() if is_literal else _allowed(ontology, ranges)
        named = lambda terms: " or ".join(sorted(ontology.label(t) or _local(str(t)) for t in terms if isinstance(t, URIRef)))  # noqa: E731
        relation = Relation(str(prop), label, datatype, subjects, objects, named(g.objects(prop, RDFS.domain)), named(ranges))
        relations[key(label)] = relations[key(_local(str(prop)))] = relation
        for other in g.objects(prop, URIRef(f"{SKOS}altLabel")):  # `instrument` for tg:kind
            relations.setdefault(key(str(other)), relation)
    classes: dict[str, str] = {}
    for cls in sorted(g.subjects(RDF.type, OWL.Class)):
        if isinstance(cls, URIRef) and cls in ontology.defined_terms:
            classes[key(_local(str(cls)))] = str(cls)
            for label in g.objects(cls, RDFS.label):
                if isinstance(label, Literal) and label.language in (None, "en"):
                    classes.setdefault(key(str(label)), str(cls))
    names = {iri: ontology.label(URIRef(iri)) or _local(iri) for iri in classes.values()}
    return Vocabulary(relations, classes, names)


def _allowed(ontology: Any, classes: Iterable[object]) -> frozenset[str]:
    """The named classes given and every class below them."""
    return frozenset(str(sub) for cls in classes if isinstance(cls, URIRef) for sub in ontology.subclasses(cls))


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _near(name: str, names: set[str]) -> list[str]:
    by_key = {key(n): n for n in names}
    return [by_key[k] for k in difflib.get_close_matches(key(name), list(by_key), n=3, cutoff=0.7)]


__all__ = ["DCTERMS", "Relation", "SKOS", "TG", "Vocabulary", "XSD", "key", "vocabulary"]
