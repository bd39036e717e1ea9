"""Places: a place name in any form (Chinese, pinyin, English, with or without its kind) resolved
to the one gazetteer IRI, or refused with the candidates.

    names     the keys a name is looked up by: whole, and without its kind of division
    index     PlaceIndex: every place's names by key, brought forward write by write
    current   place_index at the store's current revision, saved beside a store kept with
              graph.store.keep_beside
    resolver  resolve_place
"""

from graph.places.current import place_index
from graph.places.index import PlaceIndex
from graph.places.resolver import resolve_place

__all__ = [
    "PlaceIndex",
    "place_index",
    "resolve_place",
]
