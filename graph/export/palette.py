"""How an exported node looks in Gephi: a colour per class family, a size per importance.

Colours are presentation, not modelling, so they live here rather than in the ontology; but a
class gets the colour of its nearest ancestor listed below, read from the ontology's
rdfs:subClassOf, so a new subclass of tg:Firm is drawn as a firm without touching this file.
The hues are ColorBrewer's "Set1"/"Dark2", distinguishable on Gephi's white and black canvases.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from graph.model.ontology import load_ontology
from graph.model.vocabulary import TG

Colour = tuple[int, int, int]

# Most specific first: the first ancestor found in this order wins.
FAMILY_COLOURS: dict[URIRef, Colour] = {
    TG.GovernmentBody: (228, 26, 28),
    TG.StateBackedFund: (255, 127, 0),
    TG.University: (152, 78, 163),
    TG.ResearchFirm: (102, 166, 30),
    TG.Firm: (55, 126, 184),
    TG.Organisation: (55, 126, 184),
    TG.Person: (77, 175, 74),
    TG.Facility: (166, 86, 40),
    TG.DevelopmentZone: (231, 41, 138),
    TG.Place: (117, 112, 179),
    TG.Incentive: (230, 171, 2),
    TG.Event: (230, 171, 2),
    TG.Statement: (247, 129, 191),
    TG.Role: (27, 158, 119),
    TG.Enrolment: (27, 158, 119),
    SKOS.Concept: (153, 153, 153),
}
DEFAULT_COLOUR: Colour = (102, 102, 102)
MIN_SIZE = 6.0
SIZE_PER_ROOT = 5.0


@cache
def colour_of(cls: str) -> Colour:
    """The colour of the nearest listed ancestor of `cls` (a class IRI), grey when none is."""
    ancestors = set(load_ontology().graph.transitive_objects(URIRef(cls), RDFS.subClassOf))
    return next((colour for family, colour in FAMILY_COLOURS.items() if family in ancestors), DEFAULT_COLOUR)


def hex_colour(colour: Colour) -> str:
    """`#rrggbb`, the form GraphML readers (yEd, Cytoscape) take."""
    return "#{:02x}{:02x}{:02x}".format(*colour)


@cache  # degrees are few distinct small numbers, asked for once per node
def size_of(weight: float) -> float:
    """Node size from a degree or attribute value: grows with the square root so hubs stay readable."""
    return round(MIN_SIZE + SIZE_PER_ROOT * math.sqrt(max(weight, 0.0)), 2)


def size_of_value(value: float) -> float:
    """Node size from an attribute such as an amount: logarithmic, since amounts span decades."""
    return round(MIN_SIZE + 4.0 * math.log10(1.0 + max(value, 0.0)), 2)


def node_size(attributes: Mapping[str, object], degree: int, size_by: str) -> float:
    """Size by degree, or by a numeric attribute (`amount`…) when `size_by` names one."""
    if size_by == "degree":
        return size_of(degree)
    value = attributes.get(size_by)
    return size_of_value(float(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else size_of(0)
