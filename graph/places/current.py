"""The place index at a store's current revision, brought forward rather than rebuilt.

Every write changes the store's revision (graph/store/revision.py), and reading every place's
names again takes seconds on a large store. So an index of an earlier revision, kept in this
process or saved beside an on-disk store (`<store>-index/place-index.pickle`), is brought forward
through the store's change journal (graph/store/journal.py), which re-reads only the places a write
renamed or reclassified; the whole index is read again only when the journal cannot say. Indexes
are kept by revision, a digest of content, so an index is right for any store at that revision.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from weakref import WeakKeyDictionary

import pyoxigraph as ox

from graph.places.index import PlaceIndex, place_classes
from graph.search.name_source import name_properties
from graph.store.engine import Engine
from graph.store.journal import changes_between
from graph.store.revision import NO_REVISION, store_revision
from graph.store.saved_state import SAVER, load_stamped, save_stamped

INDEX_FILE = "place-index.pickle"
FORMAT = 1  # of the saved file; a file of another format is read again from the store
KEPT = 4  # revisions kept in this process: the index before a write is the start of the next

_indexes: dict[str, PlaceIndex] = {}  # by revision, the latest last
_on_file: dict[Path, str] = {}  # the revision of each saved index, as this process last saw it
_directories: WeakKeyDictionary[Engine, Path] = WeakKeyDictionary()  # weak: a closed store is let go
_lock = threading.Lock()


def keep_place_index(engine: Engine, directory: Path | None) -> None:
    """Save the place index of `engine` in `directory` (an on-disk store's `-index` directory),
    and start from the copy saved there; None keeps it in this process only."""
    if directory is None:
        _directories.pop(engine, None)
    else:
        _directories[engine] = directory


def place_index(engine: Engine | ox.Store) -> PlaceIndex:
    """The place index of the store's current content."""
    revision = store_revision(engine)
    if revision == NO_REVISION:  # never written through the loader: nothing to key an index on
        return PlaceIndex.build(engine)
    path = _saved_file(engine)
    with _lock:  # one thread reads the store; the others wait for its index
        index = _indexes.get(revision)
        if index is None:
            index = _indexes[revision] = _brought_forward(engine, revision, path)
            while len(_indexes) > KEPT:
                del _indexes[next(iter(_indexes))]
        if path and _on_file.get(path) != revision:
            _on_file[path] = revision
            SAVER.save(path, lambda target: save_stamped(target, _stamp(), vars(index)))  # a command saves it as it exits
        return index


def _brought_forward(engine: Engine | ox.Store, revision: str, path: Path | None) -> PlaceIndex:
    """The latest index this process holds, or else the saved one, brought to `revision`; else a new one."""
    for index in _starts(path):
        if index.revision == revision:
            return index
        changes = changes_between(engine, index.revision, revision)
        if changes is not None:
            return index.brought_forward(engine, revision, changes)
    return PlaceIndex.build(engine)


def _starts(path: Path | None) -> Iterator[PlaceIndex]:
    """Indexes to start from, the likeliest first; the saved one is read only if need be."""
    yield from reversed(list(_indexes.values()))
    saved = _load(path) if path else None
    if saved is not None:
        yield saved


def _saved_file(engine: Engine | ox.Store) -> Path | None:
    try:
        directory = _directories.get(engine)
    except TypeError:  # a bare pyoxigraph Store cannot be referred to weakly, nor kept beside
        return None
    return directory / INDEX_FILE if directory else None


def _stamp() -> tuple[object, ...]:
    """What a saved index depends on besides the store: its format and the ontology's terms."""
    return FORMAT, place_classes(), tuple(sorted(name_properties().items()))


def _load(path: Path) -> PlaceIndex | None:
    state = load_stamped(path, _stamp())
    if state is None:
        return None
    _on_file[path] = state["revision"]
    return PlaceIndex(**state)
