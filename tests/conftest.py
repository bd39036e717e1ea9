"""Shared fixtures: settings, stores of both kinds, and the seed graph loaded through the loader."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Dataset

from graph import Settings, load_files, load_settings, open_dataset

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED_FILES = sorted((ROOT / "seeds").glob("*.trig"))
STORE_KINDS = [pytest.param("memory", id="memory"), pytest.param("disk", id="disk")]

StoreFactory = Callable[[], Dataset]


@pytest.fixture(params=STORE_KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def settings_for(tmp_path: Path) -> Callable[[str], Settings]:
    """Settings for an empty store of the kind asked for, in this test's own directory."""

    def make(kind: str) -> Settings:
        store = "memory" if kind == "memory" else str(tmp_path / "store")
        return load_settings({"TIEGRAPH_STORE": store}, settings_file=None)

    return make


@pytest.fixture
def empty_kg(store_kind: str, settings_for: Callable[[str], Settings]) -> Iterator[Dataset]:
    kg = open_dataset(settings_for(store_kind))
    yield kg
    kg.close()


@pytest.fixture(scope="session", params=STORE_KINDS)
def seed_kg(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dataset]:
    """The seed graph loaded by the real loader, once per store kind for the whole session."""
    store = "memory" if request.param == "memory" else str(tmp_path_factory.mktemp("seed") / "store")
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": store}))
    load_files(kg, SEED_FILES)
    yield kg
    kg.close()


def described(graph: str) -> str:
    """Triples describing `graph` as the source of its facts, for an update's graph block."""
    return (
        f'<{graph}> a <https://tiegraph.org/ontology#SourceDocument> ; <http://www.w3.org/2000/01/rdf-schema#label> "Notes"@en ; '
        f'<http://purl.org/dc/terms/title> "Notes" ; <http://purl.org/dc/terms/identifier> "notes" .'
    )
