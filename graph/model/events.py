"""N-ary events, as the ontology annotates them: the two ends that turn one into an edge, the
dates that date it, and the classes path search does not walk through.

An incentive joins a grantor, a recipient, a place, an amount and a date; drawn as an edge it
runs from one end to the other and carries the rest as attributes. Which two relations are the
ends is stated once per event family in the ontology (`tg:edgeSource`, `tg:edgeTarget`); its
subclasses inherit them. Dates rank by `tg:eventDateRank`, hubs carry `tg:pathHub true`.
"""

from __future__ import annotations

from functools import cache

from rdflib import Literal, URIRef

from graph.model.ontology import load_ontology
from graph.model.vocabulary import TG

# Dated facts: the first of these a node has starts its spell on Gephi's timeline.
START_PROPERTIES = (TG.startDate, TG.date, TG.established, TG.reportedOn, TG.referencePeriod)
END_PROPERTIES = (TG.endDate,)


@cache
def event_classes() -> dict[str, tuple[str, str]]:
    """Every event class IRI (families and their subclasses) → its two end relations."""
    ontology = load_ontology()
    ends = {}
    for family, source in ontology.graph.subject_objects(TG.edgeSource):
        target = ontology.graph.value(family, TG.edgeTarget)
        for cls in ontology.subclasses(URIRef(family)):
            ends[str(cls)] = (str(source), str(target))
    return ends


@cache
def event_date_predicates() -> tuple[str, ...]:
    """The properties that date a fact's event, first-ranked first (`tg:eventDateRank`)."""
    ranked = load_ontology().graph.subject_objects(TG.eventDateRank)
    return tuple(str(p) for p, rank in sorted(ranked, key=lambda pair: int(pair[1])))


@cache
def hub_classes() -> frozenset[str]:
    """Classes whose members path search does not walk through (`tg:pathHub true`)."""
    return frozenset(str(c) for c in load_ontology().graph.subjects(TG.pathHub, Literal(True)))
