"""One JSON error shape on every route: `{"error": {"status", "type", "message"}}`, the status
repeated in the body, for input errors, missing things, refused writes and unknown routes."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.server import seeded_service

TOKEN = "shape-token-7"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SEED_GRAPH = "https://tiegraph.org/source/d45ea5260ee2b7ad"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seeded_service(tmp_path_factory.mktemp("shape"), token=TOKEN) as base:
        yield base


CASES = [
    pytest.param("GET", "/sparql", [("query", "ASK {}"), ("query", "ASK {}")], {}, None, 400, id="sparql-two-queries"),
    pytest.param("GET", "/sparql", {"query": "SELECT WHERE {"}, {}, None, 400, id="sparql-syntax"),
    pytest.param("POST", "/sparql", {}, {"Content-Type": "text/plain"}, b"ASK {}", 400, id="sparql-media-type"),
    pytest.param("POST", "/sparql", {}, {"Content-Type": "application/sparql-update"}, b"CLEAR ALL", 401, id="update-without-token"),
    pytest.param("GET", "/store", {"graph": "https://tiegraph.org/source/nothing-here"}, {}, None, 404, id="store-read-unknown"),
    pytest.param("PUT", "/store", {"graph": SEED_GRAPH}, {"Content-Type": "text/turtle"}, b"", 401, id="store-put-without-token"),
    pytest.param("POST", "/store", {"graph": SEED_GRAPH}, {"Content-Type": "text/turtle", **AUTH}, b"<a> <b> .", 400, id="store-post-bad-turtle"),
    pytest.param("DELETE", "/store", {"graph": "https://tiegraph.org/source/nothing-here"}, AUTH, None, 404, id="store-delete-unknown"),
    pytest.param("GET", "/entities/nobody-at-all", {}, {}, None, 404, id="entity-unknown"),
    pytest.param("GET", "/entities/lei-jun", {"limit": "0"}, {}, None, 400, id="entity-bad-limit"),
    pytest.param("GET", "/search", {}, {}, None, 400, id="search-without-q"),
    pytest.param("GET", "/paths", {"from": "Lei Jun"}, {}, None, 400, id="paths-without-to"),
    pytest.param("GET", "/paths", {"from": "Nobody Whatsoever", "to": "Wuhan"}, {}, None, 404, id="paths-unknown-end"),
    pytest.param("GET", "/paths", {"from": " ", "to": "Wuhan"}, {}, None, 400, id="paths-blank-end"),
    pytest.param("GET", "/neighbourhood", {"around": ""}, {}, None, 400, id="neighbourhood-blank"),
    pytest.param("GET", "/neighbourhood", {"around": "Nobody Whatsoever"}, {}, None, 404, id="neighbourhood-unknown"),
    pytest.param("GET", "/stories/no-such-story", {}, {}, None, 404, id="story-unknown"),
    pytest.param("GET", "/ties/no-such-kind", {}, {}, None, 404, id="ties-unknown-kind"),
    pytest.param("GET", "/export/graph.gexf", {"around": "tgid:nobody-at-all"}, {}, None, 404, id="export-unknown-centre"),
    pytest.param("POST", "/health", {}, {}, None, 405, id="health-wrong-method"),
    pytest.param("GET", "/no/such/route", {}, {}, None, 404, id="unknown-route"),
]


@pytest.mark.parametrize(("method", "path", "params", "headers", "body", "status"), CASES)
def test_every_route_answers_errors_in_the_one_shape(
    service: str, method: str, path: str, params: dict[str, str] | list[tuple[str, str]], headers: dict[str, str], body: bytes | None, status: int
) -> None:
    response = httpx.request(method, f"{service}{path}", params=params, headers=headers, content=body, timeout=60)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    payload = response.json()
    assert set(payload) == {"error"} and set(payload["error"]) == {"status", "type", "message"}
    assert payload["error"]["status"] == status
    assert payload["error"]["type"] and payload["error"]["message"].strip()


@pytest.mark.parametrize(("path", "params", "culprit"), [("/paths", {"from": " ", "to": "Wuhan"}, "query.from"), ("/neighbourhood", {"around": ""}, "query.around.0")])
def test_a_blank_name_is_said_to_be_blank(service: str, path: str, params: dict[str, str], culprit: str) -> None:
    message = httpx.get(f"{service}{path}", params=params, timeout=30).json()["error"]["message"]
    assert message == f"{culprit}: is blank; give an id such as lei-jun, an IRI or a label"


def test_a_method_not_allowed_lists_every_method_of_the_path(service: str) -> None:
    response = httpx.request("OPTIONS", f"{service}/sparql", timeout=10)
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "POST"}
