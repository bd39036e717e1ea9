"""Derived state kept at a store's current revision, brought forward rather than rebuilt.

Every write changes the store's revision (graph/store/revision.py), and building an index or a
table from the whole store takes seconds on a large one. So a copy of an earlier revision, kept in
this process or saved beside an on-disk store (`<store>-index/<file>`), is brought forward through
the store's change journal (graph/store/journal.py), which re-reads only what a write touched; the
whole store is read again only when the journal cannot say. Copies are kept by revision, a digest
of content, so a copy is right for any store at that revision.
"""

from __future__ import annotations

import threading
from dataclasses import fields
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Generic, Protocol, TypeVar
from weakref import WeakKeyDictionary

import pyoxigraph as ox

from graph.store.engine import Engine
from graph.store.journal import changes_between
from graph.store.revision import NO_REVISION, store_revision
from graph.store.saved_state import SAVER, load_stamped, save_stamped

KEPT = 4  # revisions kept in this process: the state before a write is the start of the next

_directories: WeakKeyDictionary[Engine, Path] = WeakKeyDictionary()  # weak: a closed store is let go


class Derived(Protocol):
    """State computed from a store at one revision, which can follow the store's later writes: a
    dataclass, whose fields are saved (what it computes from them on demand is not)."""

    revision: str

    @classmethod
    def build(cls, engine: ox.Store) -> Derived: ...

    def brought_forward(self, engine: ox.Store, revision: str, changes: Iterable[ox.Triple]) -> Derived: ...


D = TypeVar("D", bound=Derived)


def keep_beside(engine: Engine, directory: Path | None) -> None:
    """Save the derived state of `engine` in `directory` (an on-disk store's `-index` directory),
    and start from the copies saved there; None keeps it in this process only."""
    if directory is None:
        _directories.pop(engine, None)
    else:
        _directories[engine] = directory


class Kept(Generic[D]):
    """One kind of derived state (`kind`), saved as `file` with `stamp()` (what it depends on
    besides the store: its format, the ontology's terms it reads)."""

    def __init__(self, kind: type[D], file: str, stamp: Callable[[], object]) -> None:
        self.kind, self.file, self.stamp = kind, file, stamp
        self._copies: dict[str, D] = {}  # by revision, the latest last
        self._on_file: dict[Path, str] = {}  # the revision of each saved copy, as this process last saw it
        self._lock = threading.Lock()

    def current(self, engine: Engine | ox.Store) -> D:
        """The state of the store's current content."""
        revision = store_revision(engine)
        if revision == NO_REVISION:  # never written through the loader: nothing to key a copy on
            return self.kind.build(engine)  # type: ignore[return-value]
        path = self._saved_file(engine)
        with self._lock:  # one thread reads the store; the others wait for its result
            state = self._copies.get(revision)
            if state is None:
                state = self._copies[revision] = self._brought_forward(engine, revision, path)
                while len(self._copies) > KEPT:
                    del self._copies[next(iter(self._copies))]
            if path and self._on_file.get(path) != revision:
                self._on_file[path] = revision
                SAVER.save(path, lambda target: save_stamped(target, self.stamp(), saved_fields(state)))  # a command saves it as it exits
            return state

    def _brought_forward(self, engine: Engine | ox.Store, revision: str, path: Path | None) -> D:
        """The latest copy this process holds, or else the saved one, brought to `revision`; else a new one."""
        for state in self._starts(path):
            if state.revision == revision:
                return state
            changes = changes_between(engine, state.revision, revision)
            if changes is not None:
                return state.brought_forward(engine, revision, changes)  # type: ignore[return-value]
        return self.kind.build(engine)  # type: ignore[return-value]

    def _starts(self, path: Path | None) -> Iterator[D]:
        """Copies to start from, the likeliest first; the saved one is read only if need be."""
        yield from reversed(list(self._copies.values()))
        saved = load_stamped(path, self.stamp()) if path else None
        if saved is not None:
            self._on_file[path] = saved["revision"]  # type: ignore[index]
            yield self.kind(**saved)

    def _saved_file(self, engine: Engine | ox.Store) -> Path | None:
        try:
            directory = _directories.get(engine)  # type: ignore[arg-type]
        except TypeError:  # a bare pyoxigraph Store cannot be referred to weakly, nor kept beside
            return None
        return directory / self.file if directory else None


def saved_fields(state: Derived) -> dict[str, object]:
    """What is saved of `state`: its dataclass fields."""
    return {f.name: getattr(state, f.name) for f in fields(state)}  # type: ignore[arg-type]
