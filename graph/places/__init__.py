"""Places: a place name in any form (Chinese, pinyin, English, with or without its kind) resolved
to the one gazetteer IRI, or refused with the candidates.

    resolver  PlaceIndex, resolve_place
"""

from graph.places.resolver import PlaceIndex, resolve_place

__all__ = [
    "PlaceIndex",
    "resolve_place",
]
