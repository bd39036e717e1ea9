"""`tiegraph serve --workers N`: several processes on a read-only embedded store, refused where
the store cannot be shared."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli_runner import TIEGRAPH, environment, tiegraph
from tests.conftest import SEED_FILES
from tests.server import cpu_seconds_of_children, running_service


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("workers") / "store"
    assert tiegraph(path, "load", *map(str, SEED_FILES)).returncode == 0
    return path


@pytest.fixture(scope="module")
def two_workers(store: Path) -> Iterator[str]:
    with running_service(store, serve_options=("--workers", "2")) as base:
        yield base


def _workers(base: str) -> dict[int, float]:
    """CPU seconds of the service's worker processes (spawned by multiprocessing, unlike its
    resource tracker)."""
    return {pid: cpu for pid, cpu in cpu_seconds_of_children(base).items() if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()}


def test_both_worker_processes_answer(two_workers: str) -> None:
    before = _workers(two_workers)
    assert len(before) == 2, f"expected two worker processes, found {sorted(before)}"
    for _ in range(150):  # a new connection each time, so the kernel spreads them over both
        response = httpx.get(f"{two_workers}/entities/lei-jun")
        assert response.status_code == 200 and response.json()["label"] == "Lei Jun"
    after = _workers(two_workers)
    assert all(after[pid] > before[pid] for pid in before), (before, after)


def test_workers_serve_search_paths_and_sparql(two_workers: str) -> None:
    assert httpx.get(f"{two_workers}/search", params={"q": "leijun"}).json()["results"][0]["id"] == "lei-jun"
    paths = httpx.get(f"{two_workers}/paths", params={"from": "lei-jun", "to": "wuhan"}, timeout=30)
    assert paths.status_code == 200 and paths.json()["paths"]
    answer = httpx.get(f"{two_workers}/sparql", params={"query": "ASK { ?s a <https://tiegraph.org/ontology#Person> }"}, headers={"Accept": "application/sparql-results+json"})
    assert answer.json()["boolean"] is True


def test_workers_hold_the_store_so_no_load_can_change_it(two_workers: str, store: Path) -> None:
    loading = tiegraph(store, "load", str(SEED_FILES[0]))
    assert loading.returncode != 0 and "hold" in loading.stderr


def test_read_only_workers_refuse_writes(two_workers: str) -> None:
    response = httpx.post(f"{two_workers}/sparql", data={"update": "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("store_setting", "settings", "expected"),
    [
        pytest.param("memory", {}, "a memory store lives in one process", id="memory-store"),
        pytest.param(None, {"TOKEN": "secret"}, "unset TIEGRAPH_TOKEN", id="writable-embedded-store"),
    ],
)
def test_workers_refused_where_the_store_cannot_be_shared(store: Path, store_setting: str | None, settings: dict[str, str], expected: str) -> None:
    env = environment(store_setting or store, **{k.lower(): v for k, v in settings.items()})
    result = subprocess.run([TIEGRAPH, "serve", "--port", "1", "--workers", "2"], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0 and expected in result.stderr
