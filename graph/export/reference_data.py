"""What reference datasets may add to a projection: facts about what reported facts reach.

A graph whose source is typed `tg:ReferenceDataset` (the background geography, the exchange
rates, a gazetteer of thousands of places) is a table of background facts rather than a report.
Drawn wholesale it would bury the reported graph under unrelated places, so in a projection it
supplies attributes (labels, coordinates, codes) and relations only for the entities that
reported facts (those of every other source graph) reach, and for their chain of `tg:locatedIn`
ancestors, so that a city a report mentions still sits inside its province. It never adds an
entity nothing reported reaches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from graph.export.stated_facts import GraphFacts, is_source
from graph.model.vocabulary import TG

LOCATED_IN = str(TG.locatedIn)


def reference_graphs(graphs: Mapping[str, GraphFacts], classes: Iterable[str]) -> set[str]:
    """The graphs whose source document is typed with one of `classes`, in any graph."""
    wanted, names = set(classes), graphs.keys()
    return {
        name
        for found in graphs.values()
        for name in names & found.types.keys()
        if is_source(name) and not wanted.isdisjoint(found.types[name])
    }


def drawable(graphs: Mapping[str, GraphFacts], reference: set[str]) -> set[str] | None:
    """Entities reference facts may describe: those reported facts reach and their tg:locatedIn
    ancestors (following reference facts too); None when there is no reference graph to limit."""
    if not reference:
        return None
    reached: set[str] = set()
    parents: dict[str, list[str]] = {}
    for name, found in graphs.items():
        if name in reference:
            for subject, flat in found.facts.items():
                up = [o for p, o in zip(flat[0::2], flat[1::2]) if p == LOCATED_IN]
                if up:
                    parents.setdefault(subject, []).extend(up)
        elif is_source(name):
            reached.update(found.types.keys(), found.facts.keys(), found.targets)
    frontier = [entity for entity in reached if entity in parents]
    while frontier:
        ancestors = {parent for entity in frontier for parent in parents.get(entity, ())} - reached
        reached |= ancestors
        frontier = list(ancestors)
    return reached
