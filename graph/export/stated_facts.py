"""What each source graph states that a projection can draw, read in one bulk pass.

An export needs almost every stated quad, so it reads whole graphs at once (`graph.store.graph_dump`)
instead of asking the store subject by subject: each graph is dumped as N-Triples and its lines
split with string operations (`graph.store.ntriples_lines`). Only what a projection can draw is kept:
`rdf:type`s, relations to IRIs, literal attributes, and from the ontology graph only the labels
of its terms. Facts are kept per graph, so that a cache (`graph.export.fact_cache`) can re-read just the
graphs a write changed, and compactly: IRIs are shared strings, literals stay as their N-Triples
text until they are drawn. `StatedFacts` joins the graphs for one projection.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.store.graph_dump import graph_lines
from graph.model.namespaces import ONTOLOGY_GRAPH, RDF_TYPE, RDFS_LABEL, SOURCE
from graph.store.ntriples_lines import iri, split_triple

EDGE, ATTRIBUTE = "edge", "attribute"


@dataclass(slots=True)
class GraphFacts:
    """One graph's statements, by subject: its types, and its facts as a flat list predicate, object, …

    An edge's object is the target IRI, an attribute's the literal's N-Triples text. `incoming`
    holds, for the predicates asked for, each object's flat list predicate, subject, …; `targets`
    every IRI the graph's edges point at.
    """

    types: dict[str, list[str]] = field(default_factory=dict)
    facts: dict[str, list[str]] = field(default_factory=dict)
    incoming: dict[str, list[str]] = field(default_factory=dict)
    targets: set[str] = field(default_factory=set)


@dataclass(slots=True)
class StatedFacts:
    """The graphs of one projection joined by subject; each fact list is tagged with its graph.

    `facts[subject]` lists (source, flat predicate–object list) in graph order; the source is the
    stating graph's IRI, or "" for labels from the ontology graph. `incoming[object]` lists
    (predicate, subject) pairs.
    """

    types: dict[str, list[str]] = field(default_factory=dict)
    facts: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)
    incoming: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def stated_graphs(engine: ox.Store) -> list[ox.NamedNode]:
    """The graphs a projection reads: every source document's, and the ontology's (for labels)."""
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    return sorted((g for g in engine.named_graphs() if isinstance(g, ox.NamedNode) and (is_source(g.value) or g == ontology)), key=str)


def is_source(graph_name: str) -> bool:
    """Whether a graph is a loaded source document; inferred graphs and the ontology are not."""
    return graph_name.startswith(str(SOURCE))


def read_graph_facts(engine: ox.Store, graphs: Iterable[ox.NamedNode], roles: Mapping[str, str], reverse: frozenset[str]) -> Iterator[tuple[str, GraphFacts]]:
    """Each graph's facts whose predicate has a role (EDGE or ATTRIBUTE); `reverse` edges are also indexed by object."""
    # Keyed by the predicate's N-Triples text, so that no line's predicate needs unwrapping.
    predicates = {f"<{p}>": (p, role) for p, role in roles.items()} | {f"<{RDF_TYPE}>": (RDF_TYPE, "type")}
    shared: dict[str, str] = {}
    for name, lines in graph_lines(engine, graphs):
        labels_only = not is_source(name.value)
        found = GraphFacts()
        facts, types, incoming, targets = found.facts, found.types, found.incoming, found.targets
        last_text, subject = "", ""
        for line in lines:
            subject_text, predicate_text, object_text = split_triple(line)
            known = predicates.get(predicate_text)
            if known is None or subject_text[0] != "<":
                continue
            predicate, role = known
            if labels_only and predicate != RDFS_LABEL:
                continue
            if subject_text != last_text:  # a graph lists each subject's triples together
                last_text, subject = subject_text, iri(subject_text)
                subject = shared.setdefault(subject, subject)
            if role == ATTRIBUTE:
                if object_text[0] == '"':
                    facts.setdefault(subject, []).extend((predicate, object_text))
            elif object_text[0] == "<":
                target = iri(object_text)
                target = shared.setdefault(target, target)
                if role == EDGE:
                    facts.setdefault(subject, []).extend((predicate, target))
                    targets.add(target)
                    if predicate in reverse:
                        incoming.setdefault(target, []).extend((predicate, subject))
                else:
                    types.setdefault(subject, []).append(target)
        yield name.value, found


def join(
    graphs: Mapping[str, GraphFacts], reference: Collection[str] = (), drawable: Collection[str] | None = None, incoming: bool = False, only: Collection[str] | None = None
) -> StatedFacts:
    """The facts of `graphs` in order of graph name, those of `reference` graphs only about `drawable` entities.

    In order of name, so that an entity stated in several graphs is always read the same way.
    The indexes by object are joined only when asked for (`incoming`), as few projections use them.
    With `only`, the facts about other subjects are left out: a neighbourhood of a hundred
    entities then joins a hundred entities' facts, not those of the whole graph.
    """
    joined = StatedFacts()
    types, facts, by_object = joined.types, joined.facts, joined.incoming
    for name in sorted(graphs):
        found, source = graphs[name], name if is_source(name) else ""
        about = drawable if drawable is not None and name in reference else None
        subjects = found.types.keys() if only is None else found.types.keys() & only
        for subject in subjects:
            if about is None or subject in about:
                types.setdefault(subject, []).extend(found.types[subject])
        subjects = found.facts.keys() if only is None else found.facts.keys() & only
        for subject in subjects:
            if about is None or subject in about:
                facts.setdefault(subject, []).append((source, found.facts[subject]))
        if incoming:
            for target, flat in found.incoming.items():
                for predicate, subject in zip(flat[0::2], flat[1::2]):
                    if about is None or subject in about:
                        by_object.setdefault(target, []).append((predicate, subject))
    return joined
