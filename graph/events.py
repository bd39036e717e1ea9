"""N-ary events and the two ends that turn one into an edge when exported `--events edges`.

An incentive joins a grantor, a recipient, a place, an amount and a date; drawn as an edge it
runs from one end to the other and carries the rest as attributes. Which two of its relations
are the ends is a modelling choice about drawing, not a fact of the domain, so it is stated here
once per event family; the subclasses come from the ontology.
"""

from __future__ import annotations

from functools import cache

from rdflib import URIRef

from graph.ontology import load_ontology
from graph.vocabulary import TG

# Event family → (relation to the source end, relation to the target end).
EVENT_ENDS: dict[URIRef, tuple[URIRef, URIRef]] = {
    TG.Incentive: (TG.grantor, TG.recipient),
    TG.MarketAnnouncement: (TG.announcedBy, TG.place),
    TG.MarketShareStatement: (TG.about, TG.scope),
    TG.RegionalFigure: (TG.drivenBy, TG.place),
    TG.Role: (TG.holder, TG.organisation),
    TG.Enrolment: (TG.student, TG.institution),
    TG.Facility: (TG.facilityOf, TG.locatedIn),
}

# Dated facts: the first of these a node has starts its spell on Gephi's timeline.
START_PROPERTIES = (TG.startDate, TG.date, TG.established, TG.reportedOn, TG.referencePeriod)
END_PROPERTIES = (TG.endDate,)


@cache
def event_classes() -> dict[str, tuple[str, str]]:
    """Every event class IRI (families and their subclasses) → its two end relations."""
    ontology = load_ontology()
    return {
        str(cls): (str(source), str(target))
        for family, (source, target) in EVENT_ENDS.items()
        for cls in ontology.subclasses(family)
    }
