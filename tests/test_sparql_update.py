"""SPARQL Update over HTTP: only with the token, validated against the shapes, atomic."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pytest

from graph import load_files, load_settings, open_dataset
from graph.query import apply_update
from tests.conftest import SEED_FILES, described
from tests.server import seeded_service

TOKEN = "test-token-7f3a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NOTES = "https://tiegraph.org/source/analyst-notes"
VALID_INSERT = f"""
PREFIX tg: <https://tiegraph.org/ontology#>
PREFIX tgid: <https://tiegraph.org/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
INSERT DATA {{ GRAPH <{NOTES}> {{
  <{NOTES}> a tg:SourceDocument ; rdfs:label "Analyst notes"@en ; dcterms:title "Analyst notes" ; dcterms:identifier "notes-1" .
  tgid:example-batteries a tg:Company ; rdfs:label "Example Batteries"@en ; tg:basedIn tgid:cn-340100 .
}} }}"""
BREAKS_SHAPE = VALID_INSERT.replace("tg:basedIn tgid:cn-340100", "tg:founder tgid:cn-420100")  # a city is no person
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } %s }"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seeded_service(tmp_path_factory.mktemp("updates"), token=TOKEN, max_body_bytes="20000") as base:
        yield base


def count(service: str, graph: str | None = None) -> int:
    """Quads in every graph, or in `graph` alone."""
    query = COUNT % (f"FILTER(?g = <{graph}>)" if graph else "")
    response = httpx.get(f"{service}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def update(service: str, text: str, headers: dict[str, str] | None = None, form: bool = False) -> httpx.Response:
    if form:
        return httpx.post(f"{service}/sparql", data={"update": text}, headers=headers or {})
    return httpx.post(f"{service}/sparql", content=text, headers={"Content-Type": "application/sparql-update", **(headers or {})})


@pytest.mark.parametrize(
    "headers",
    [pytest.param({}, id="missing"), pytest.param({"Authorization": "Bearer wrong"}, id="wrong"), pytest.param({"Authorization": TOKEN}, id="not-bearer")],
)
def test_update_without_the_token_is_401_and_changes_nothing(service: str, headers: dict[str, str]) -> None:
    before = count(service)
    response = update(service, "CLEAR ALL", headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["error"]["type"] == "Unauthorized"
    assert count(service) == before


def test_update_that_breaks_a_shape_is_refused_with_the_report(service: str) -> None:
    before = count(service)
    response = update(service, BREAKS_SHAPE, AUTH)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["type"] == "ValidationFailed" and "sh:class" in error["message"] and "tgid:example-batteries" in error["message"]
    assert count(service) == before


def test_update_into_the_default_graph_is_refused(service: str) -> None:
    before = count(service)
    response = update(service, 'INSERT DATA { <https://tiegraph.org/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "x"@en }', AUTH)
    assert response.status_code == 400 and "named graph" in response.json()["error"]["message"]
    assert count(service) == before


def test_remote_load_is_refused(service: str) -> None:
    response = update(service, "LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <https://tiegraph.org/source/x>", AUTH)
    assert response.status_code == 400 and "TIEGRAPH_SERVICE_ALLOW" in response.json()["error"]["message"]


def test_malformed_update_is_400(service: str) -> None:
    response = update(service, "INSERT DATA { GRAPH <g:x> { ", AUTH)
    assert response.status_code == 400 and "line 1" in response.json()["error"]["message"]


def test_valid_update_with_the_token_is_applied(service: str) -> None:
    before = count(service)
    response = update(service, VALID_INSERT, AUTH, form=True)
    assert response.status_code == 204, response.text
    assert NOTES in response.headers["x-tiegraph-changed-graphs"]
    assert count(service, NOTES) == 7
    ask = httpx.get(f"{service}/sparql", params={"query": "ASK { tgid:example-batteries tg:basedIn tgid:cn-340100 }"}, headers={"Accept": "application/sparql-results+json"})
    assert ask.json()["boolean"] is True
    removed = update(service, f"DROP GRAPH <{NOTES}>", AUTH)
    assert removed.status_code == 204 and count(service) == before


def test_body_over_the_limit_is_413(service: str) -> None:
    response = update(service, "# " + "x" * 30_000, AUTH)
    assert response.status_code == 413 and response.json()["error"]["type"] == "PayloadTooLarge"


def test_update_with_protocol_graphs(service: str) -> None:
    target = "https://tiegraph.org/source/protocol-copy"
    copy = f"INSERT {{ GRAPH <{target}> {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l . {described(target)} }} }} WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(?s = <https://tiegraph.org/id/cn-429004>) }}"
    response = httpx.post(f"{service}/sparql", data={"update": copy, "using-graph-uri": "https://tiegraph.org/source/d45ea5260ee2b7ad"}, headers=AUTH)
    assert response.status_code == 204, response.text
    assert count(service, target) >= 6  # the labels, plus the description of the new graph
    update(service, f"DROP GRAPH <{target}>", AUTH)


def test_protocol_graphs_and_using_clause_together_are_400(service: str) -> None:
    text = "DELETE { GRAPH <g:a> { ?s ?p ?o } } USING <g:b> WHERE { ?s ?p ?o }"
    response = httpx.post(f"{service}/sparql", data={"update": text, "using-named-graph-uri": "g:c"}, headers=AUTH)
    assert response.status_code == 400 and "USING" in response.json()["error"]["message"]


def test_two_update_strings_are_400(service: str) -> None:
    body = urlencode([("update", "CLEAR SILENT GRAPH <g:a>"), ("update", "CLEAR SILENT GRAPH <g:b>")])
    response = httpx.post(f"{service}/sparql", content=body, headers={"Content-Type": "application/x-www-form-urlencoded", **AUTH})
    assert response.status_code == 400


def test_a_new_graph_without_a_description_is_refused(service: str) -> None:
    graph = "https://tiegraph.org/source/quick-note"
    note = '<https://tiegraph.org/id/cn-429004> <http://www.w3.org/2004/02/skos/core#note> "checked" .'
    response = update(service, f"INSERT DATA {{ GRAPH <{graph}> {{ {note} }} }}", AUTH)
    assert response.status_code == 422
    assert f"graph <{graph}> holds facts but does not say which source states them" in response.json()["error"]["message"]
    assert count(service, graph) == 0
    assert update(service, f"INSERT DATA {{ GRAPH <{graph}> {{ {note} {described(graph)} }} }}", AUTH).status_code == 204
    update(service, f"DROP GRAPH <{graph}>", AUTH)


def test_an_update_leaves_no_engine_iterator_for_another_thread_to_free(monkeypatch: pytest.MonkeyPatch) -> None:
    """rdflib's update parser leaves the frames above it in reference cycles; whatever Oxigraph
    iterator they still hold is freed by the next collection, on any thread. pyo3 refuses to
    free one on a thread other than its own and reports it (the service answers each request
    on a pool thread, so the next request's thread may be another)."""
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": "memory"}, settings_file=None))
    load_files(kg, SEED_FILES)
    gc.collect()
    reported: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    graph = "https://tiegraph.org/source/notes-2"
    apply_update(kg, f'INSERT DATA {{ GRAPH <{graph}> {{ <https://tiegraph.org/id/example-cells> a <https://tiegraph.org/ontology#Company> ; <http://www.w3.org/2000/01/rdf-schema#label> "Example Cells"@en . {described(graph)} }} }}')
    collector = threading.Thread(target=gc.collect)
    collector.start()
    collector.join(timeout=60)
    assert not reported, [getattr(r, "exc_value", r) for r in reported]
