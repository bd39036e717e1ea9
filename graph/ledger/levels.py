"""A grantor's level of government, read from what the grantor is and the place it answers for.

A development zone grants as a zone, whatever its place; any other grantor (a government body by
its `tg:jurisdiction`, a state-backed fund by where it is `tg:basedIn`) takes the level of its
place's division: the country is central, a province, autonomous region or municipality
provincial, a prefecture-level division (or a city of no stated rank) prefecture, a county-level
division county.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pyoxigraph as ox
from rdflib import URIRef

from graph.model.namespaces import RDF_TYPE
from graph.model.ontology import load_ontology
from graph.model.vocabulary import TG

LEVELS = ("central", "provincial", "prefecture", "county", "development zone")
GRANTOR_PLACE = (str(TG.jurisdiction), str(TG.basedIn))  # where a grantor that is no place answers for


@cache
def _classes(cls: URIRef) -> frozenset[str]:
    return frozenset(map(str, load_ontology().subclasses(cls)))


def zone_classes() -> frozenset[str]:
    return _classes(TG.DevelopmentZone)


def level_of(grantor_types: set[str], place_types: set[str]) -> str | None:
    """The level of a grantor of these classes answering for a place of those."""
    if grantor_types & zone_classes():
        return "development zone"
    ranked = ((TG.Country, "central"), (TG.ProvincialLevelDivision, "provincial"), (TG.PrefectureLevelDivision, "prefecture"), (TG.CountyLevelDivision, "county"), (TG.City, "prefecture"))
    return next((level for cls, level in ranked if place_types & _classes(cls)), None)


def grantor_places(engine: ox.Store, grantor: str) -> list[str]:
    """The places a grantor answers for: a zone itself, else its jurisdiction or base."""
    node = ox.NamedNode(grantor)
    if _types(engine, grantor) & zone_classes():
        return [grantor]
    return sorted({q.object.value for p in GRANTOR_PLACE for q in engine.quads_for_pattern(node, ox.NamedNode(p), None) if isinstance(q.object, ox.NamedNode)})


def levels(engine: ox.Store, grantors: Iterable[str]) -> dict[str, tuple[str | None, list[str]]]:
    """Each grantor's level and the places it answers for (direct index look-ups)."""
    found = {}
    for grantor in set(grantors):
        places = grantor_places(engine, grantor)
        place_types = set().union(*(_types(engine, p) for p in places)) if places else set()
        found[grantor] = (level_of(_types(engine, grantor), place_types), places)
    return found


def _types(engine: ox.Store, iri: str) -> set[str]:
    return {q.object.value for q in engine.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(RDF_TYPE), None) if isinstance(q.object, ox.NamedNode)}
