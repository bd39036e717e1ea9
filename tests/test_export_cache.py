"""The facts an on-disk store keeps beside it for exports: reused while current, re-read after writes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset

from graph import load_files, load_settings, open_dataset
from graph.connections import index_directory
from graph.export import CACHE_FILE, export_graph, ExportRequest
from tests.conftest import SEED_FILES

DATA = Path(__file__).parent / "data"


def exported(kg: Dataset, cache: Path | None) -> bytes:
    out = io.BytesIO()
    export_graph(kg, out, ExportRequest(format="gexf", events="edges"), cache=cache)
    return out.getvalue()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[tuple[Dataset, Path]]:
    settings = load_settings({"TIEGRAPH_STORE": str(tmp_path / "store")}, settings_file=None)
    kg = open_dataset(settings)
    load_files(kg, SEED_FILES)
    directory = index_directory(settings)
    assert directory is not None
    yield kg, directory
    kg.close()


def test_the_saved_facts_give_the_same_export(store: tuple[Dataset, Path]) -> None:
    kg, directory = store
    fresh = exported(kg, None)
    assert exported(kg, directory) == fresh
    assert (directory / CACHE_FILE).is_file()
    saved = (directory / CACHE_FILE).stat().st_mtime_ns
    assert exported(kg, directory) == fresh
    assert (directory / CACHE_FILE).stat().st_mtime_ns == saved  # nothing changed, nothing rewritten


def test_a_write_is_seen_by_the_next_export(store: tuple[Dataset, Path]) -> None:
    kg, directory = store
    before = exported(kg, directory)
    load_files(kg, [DATA / "extra_firm.ttl"])
    after = exported(kg, directory)
    assert b"https://tiegraph.org/id/example-robotics" in after and b"example-robotics" not in before
    assert after == exported(kg, None)


def test_an_unreadable_cache_is_read_afresh(store: tuple[Dataset, Path], caplog: pytest.LogCaptureFixture) -> None:
    kg, directory = store
    directory.mkdir(parents=True, exist_ok=True)
    (directory / CACHE_FILE).write_bytes(b"not a pickle")
    assert exported(kg, directory) == exported(kg, None)
    assert "ignoring the unreadable saved state" in caplog.text
