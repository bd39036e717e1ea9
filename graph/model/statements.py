"""Where in its source a fact is stated, as RDF reification: an `rdf:Statement` in the fact's
source graph names the fact by its three parts and says where the document states it
(`tg:paragraph`, `tg:startOffset`, `tg:endOffset`).

The statement's IRI is the source graph's IRI and a digest of the fact, so the place of a fact
is one index look-up away for whoever holds the fact and its graph (paths, ties, entity pages),
and a sheet added again names the same node. Its three parts point at entities but are no
relation between them: code that walks the graph's edges leaves `PARTS` out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

from graph.model.vocabulary import TG

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE, STATEMENT = ox.NamedNode(f"{RDF}type"), ox.NamedNode(f"{RDF}Statement")
SUBJECT, PREDICATE, OBJECT = (ox.NamedNode(f"{RDF}{part}") for part in ("subject", "predicate", "object"))
PARTS = frozenset(part.value for part in (SUBJECT, PREDICATE, OBJECT))
PARAGRAPH, START, END = (ox.NamedNode(str(term)) for term in (TG.paragraph, TG.startOffset, TG.endOffset))
LOCATORS = frozenset(term.value for term in (PARAGRAPH, START, END))
INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@dataclass(frozen=True)
class Passage:
    """Where a document states a fact: its paragraphs, and the characters [start, end)."""

    paragraphs: tuple[int, ...] = ()
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"paragraphs": list(self.paragraphs), "start": self.start, "end": self.end}


def statement_iri(graph: ox.NamedNode, triple: ox.Triple) -> ox.NamedNode:
    """The node that says where `graph`'s document states `triple`."""
    digest = hashlib.sha256(f"{triple.subject} {triple.predicate} {triple.object}".encode()).hexdigest()[:20]
    return ox.NamedNode(f"{graph.value}#stated-{digest}")


def statement_quads(graph: ox.NamedNode, triple: ox.Triple, passage: Passage) -> list[ox.Quad]:
    """The quads placing `triple` at `passage` in `graph`'s document."""
    triple = as_stored(triple)
    node = statement_iri(graph, triple)
    values = [
        (RDF_TYPE, STATEMENT), (SUBJECT, triple.subject), (PREDICATE, triple.predicate), (OBJECT, triple.object),
        *((PARAGRAPH, _integer(n)) for n in passage.paragraphs),
        *((p, _integer(v)) for p, v in ((START, passage.start), (END, passage.end)) if v is not None),
    ]
    return [ox.Quad(node, p, o, graph) for p, o in values]


def as_stored(triple: ox.Triple) -> ox.Triple:
    """`triple` as the store gives it back: Oxigraph keeps numbers by value, so `2000000000.0`
    comes back as `2000000000`, and the digest must be of that form."""
    if not isinstance(triple.object, ox.Literal):
        return triple
    scratch = ox.Store()
    scratch.add(ox.Quad(triple.subject, triple.predicate, triple.object))
    return next(iter(scratch)).triple


def passage_of(engine: ox.Store, graph: str, triple: ox.Triple) -> Passage | None:
    """Where the document of `graph` states `triple`, if the graph says."""
    g = ox.NamedNode(graph)
    paragraphs: list[int] = []
    offsets: dict[str, int] = {}
    for quad in engine.quads_for_pattern(statement_iri(g, triple), None, None, g):
        predicate = quad.predicate.value
        if predicate == PARAGRAPH.value:
            paragraphs.append(int(quad.object.value))
        elif predicate in LOCATORS:
            offsets[predicate] = int(quad.object.value)
    if not paragraphs and not offsets:
        return None
    return Passage(tuple(sorted(paragraphs)), offsets.get(START.value), offsets.get(END.value))


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=INTEGER)

