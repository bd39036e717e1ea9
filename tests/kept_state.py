"""What the tests of state kept by revision (graph/store/kept.py) share: a seeded on-disk store to
copy, a store opened with its state kept beside it, a process that forgets what it held, and a
count of full builds — as helpers, and as one set of fixtures (`fixtures_for`)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
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


def fixtures_for(kept: str, kind: type) -> tuple[Callable[..., object], ...]:
    """The fixtures `seeded`, `store`, `fresh_process` (autouse), `kg` and `builds` for the tests of
    the `Kept` at dotted path `kept` holding `kind`; assign them to those names in the test module."""

    @pytest.fixture(scope="module")
    def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
        return seeded_store(tmp_path_factory.mktemp("seeded"))

    @pytest.fixture
    def store(seeded: Path, tmp_path: Path) -> Path:
        return copied(seeded, tmp_path)

    @pytest.fixture(autouse=True)
    def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
        forget(monkeypatch, kept)

    @pytest.fixture
    def kg(store: Path) -> Iterator[Dataset]:
        with kept_beside(store) as opened:
            yield opened

    @pytest.fixture
    def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
        return counted_builds(monkeypatch, kind)

    return seeded, store, fresh_process, kg, builds
