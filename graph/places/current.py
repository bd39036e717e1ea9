"""The place index at a store's current revision, brought forward through the change journal
rather than rebuilt (graph/store/kept.py): a write re-reads only the places it renamed or
reclassified, and an on-disk store keeps the index beside it (`<store>-index/place-index.pickle`).
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.places.index import PlaceIndex, place_classes
from graph.search.name_source import name_properties
from graph.store.engine import Engine
from graph.store.kept import Kept

FORMAT = 1  # of the saved file; a file of another format is read again from the store


def _stamp() -> tuple[object, ...]:
    """What a saved index depends on besides the store: its format and the ontology's terms."""
    return FORMAT, place_classes(), tuple(sorted(name_properties().items()))


_KEPT = Kept(PlaceIndex, "place-index.pickle", _stamp)


def place_index(engine: Engine | ox.Store) -> PlaceIndex:
    """The place index of the store's current content."""
    return _KEPT.current(engine)
