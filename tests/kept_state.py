"""What the tests of state kept by revision (graph/store/kept.py) share: a seeded on-disk store to
copy, a store opened with its state kept beside it, a process that forgets what it held, and a
count of full builds."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Dataset

from graph import engine_of, load_files, load_settings, open_dataset
from graph.store import keep_beside
from tests.conftest import SEED_FILES


def seeded_store(directory: Path) -> Path:
    """An on-disk store holding the seed graph, in `directory/store`."""
    store = directory / "store"
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": str(store)}, settings_file=None))
    load_files(kg, SEED_FILES)
    kg.close()
    return store


def copied(store: Path, directory: Path) -> Path:
    copy = directory / "store"
    shutil.copytree(store, copy)
    return copy


@contextmanager
def kept_beside(store: Path) -> Iterator[Dataset]:
    """The store opened with its derived state saved in `<store>-index/`, as commands do."""
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": str(store)}, settings_file=None))
    keep_beside(engine_of(kg), store.parent / "store-index")
    try:
        yield kg
    finally:
        kg.close()


def forget(monkeypatch: pytest.MonkeyPatch, kept: str) -> None:
    """Start as a new process would, holding none of the copies of the `Kept` named by the dotted
    path `kept` (copies are kept by revision, and every seeded store has the same one)."""
    monkeypatch.setattr(f"{kept}._copies", {})
    monkeypatch.setattr(f"{kept}._on_file", {})


def counted_builds(monkeypatch: pytest.MonkeyPatch, kind: type) -> list[str]:
    """The revisions `kind.build` is called at from now on (it still builds)."""
    calls: list[str] = []
    build = kind.build.__func__  # type: ignore[attr-defined]

    def counted(cls: type, engine: object) -> object:
        state = build(cls, engine)
        calls.append(state.revision)
        return state

    monkeypatch.setattr(kind, "build", classmethod(counted))
    return calls
