"""What the sources state about every entity, read in one bulk pass for a projection.

An export needs almost every stated quad, so it reads them all at once (`graph.graph_dump`)
instead of asking the store subject by subject: each source graph is dumped as N-Triples and
its lines split with string operations (`graph.ntriples_lines`). Only what a projection can
draw is kept: stated `rdf:type`s, relations to IRIs, literal attributes, and the labels the
ontology graph gives its terms. Facts are kept compactly until the projection turns them into
nodes: IRIs are shared strings, literals stay as their N-Triples text until they are drawn.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.graph_dump import graph_lines
from graph.ntriples_lines import iri, split_triple
from graph.subgraph import is_stated

TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
EDGE, ATTRIBUTE = "edge", "attribute"


@dataclass
class StatedFacts:
    """Stated types, and each subject's facts as a flat list: predicate, object, source graph, …

    An edge's object is the target IRI, an attribute's the literal's N-Triples text. The source
    is the stating graph's IRI, or "" for a label from the ontology graph. `incoming` holds, for
    the predicates asked for, each object's (predicate, subject) pairs.
    """

    types: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    facts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    incoming: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))


def read_stated_facts(engine: ox.Store, roles: dict[str, str], ontology: ox.NamedNode, reverse: frozenset[str] = frozenset()) -> StatedFacts:
    """Facts whose predicate has a role (EDGE or ATTRIBUTE), from every source graph and the ontology's labels."""
    found = StatedFacts()
    # Keyed by the predicate's N-Triples text, so that no line's predicate needs unwrapping.
    predicates = {f"<{p}>": (p, role) for p, role in roles.items()} | {f"<{TYPE}>": (TYPE, "type")}
    shared: dict[str, str] = {}
    # In order of name, so that an entity stated in several graphs is always read the same way.
    graphs = sorted((g for g in engine.named_graphs() if isinstance(g, ox.NamedNode) and (is_stated(g) or g == ontology)), key=str)
    for name, lines in graph_lines(engine, graphs):
        source = name.value if is_stated(name) else ""
        last_text, subject = "", ""
        for line in lines:
            subject_text, predicate_text, object_text = split_triple(line)
            known = predicates.get(predicate_text)
            if known is None or subject_text[0] != "<":
                continue
            predicate, role = known
            if subject_text != last_text:  # a graph lists each subject's triples together
                last_text, subject = subject_text, iri(subject_text)
                subject = shared.setdefault(subject, subject)
            if role == ATTRIBUTE:
                if object_text[0] == '"' and (source or predicate == LABEL):
                    found.facts[subject] += (predicate, object_text, source)
            elif source and object_text[0] == "<":
                target = iri(object_text)
                target = shared.setdefault(target, target)
                if role == EDGE:
                    found.facts[subject] += (predicate, target, source)
                    if predicate in reverse:
                        found.incoming[target].append((predicate, subject))
                else:
                    found.types[subject].append(target)
    return found
