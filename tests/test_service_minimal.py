"""The service answers SPARQL over HTTP from a real uvicorn on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli_runner import tiegraph
from tests.conftest import SEED_FILES
from tests.server import running_service

BORN_IN = "SELECT ?place WHERE { tgid:lei-jun tg:bornIn ?place }"
XIANTAO = {"https://tiegraph.org/id/xiantao"}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("service") / "store"
    assert tiegraph(store, "load", *map(str, SEED_FILES)).returncode == 0
    with running_service(store) as base:
        yield base


def places(response: httpx.Response) -> set[str]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    return {b["place"]["value"] for b in response.json()["results"]["bindings"]}


def test_health(service: str) -> None:
    body = httpx.get(f"{service}/health").json()
    assert body["status"] == "ok" and body["quads"] > 1000


def test_query_by_get(service: str) -> None:
    assert places(httpx.get(f"{service}/sparql", params={"query": BORN_IN})) == XIANTAO


def test_query_by_form_post(service: str) -> None:
    assert places(httpx.post(f"{service}/sparql", data={"query": BORN_IN})) == XIANTAO


def test_query_by_direct_post(service: str) -> None:
    response = httpx.post(f"{service}/sparql", content=BORN_IN, headers={"Content-Type": "application/sparql-query"})
    assert places(response) == XIANTAO


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"query": "SELECT ?x WHERE { ?x }"}, id="malformed"),
        pytest.param([("query", BORN_IN), ("query", BORN_IN)], id="two-queries"),
        pytest.param({}, id="no-query"),
    ],
)
def test_bad_requests_are_400_in_the_error_shape(service: str, params: object) -> None:
    response = httpx.get(f"{service}/sparql", params=params)  # type: ignore[arg-type]
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"status", "type", "message"} and error["status"] == 400


def test_malformed_query_names_the_position(service: str) -> None:
    message = httpx.get(f"{service}/sparql", params={"query": "SELECT ?x WHERE { ?x }"}).json()["error"]["message"]
    assert "line 1, column" in message


def test_serves_only_loopback_by_default(tmp_path: Path) -> None:
    help_text = tiegraph(tmp_path / "unused", "serve", "--help").stdout
    assert "default: 127.0.0.1" in help_text
