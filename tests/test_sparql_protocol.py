"""The SPARQL 1.1 Protocol at /sparql, driven over HTTP against a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Namespace
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from tests.cli_runner import TIEGRAPH, environment, tiegraph
from tests.conftest import SEED_FILES
from tests.rdf_reading import count_triples, read_rdf
from tests.server import cpu_seconds_of_children, free_port, seeded_service

BORN_IN = "SELECT ?place WHERE { tgid:lei-jun tg:bornIn ?place }"
XIANTAO = "https://tiegraph.org/id/cn-429004"
ARTICLE_000 = "https://tiegraph.org/source/d45ea5260ee2b7ad"
ARTICLE_004 = "https://tiegraph.org/source/234179c74b9a603c"
# Stated only in article 004: Xiaomi's Wuhan headquarters lies in Optics Valley.
IN_004_ONLY = "ASK { tgid:iflytek-wuhan-second-headquarters ?p ?o }"
RESULTS = "http://www.w3.org/2005/sparql-results#"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seeded_service(tmp_path_factory.mktemp("service")) as base:
        yield base


def sparql(service: str, query: str, accept: str = "application/sparql-results+json", **params: object) -> httpx.Response:
    return httpx.get(f"{service}/sparql", params={"query": query, **params}, headers={"Accept": accept})


def places(response: httpx.Response) -> set[str]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    return {b["place"]["value"] for b in response.json()["results"]["bindings"]}


def test_health(service: str) -> None:
    body = httpx.get(f"{service}/health").json()
    assert body["status"] == "ok" and len(body["revision"]) == 64


def test_query_by_get(service: str) -> None:
    assert places(sparql(service, BORN_IN)) == {XIANTAO}


def test_query_by_form_post(service: str) -> None:
    assert places(httpx.post(f"{service}/sparql", data={"query": BORN_IN})) == {XIANTAO}


def test_query_by_direct_post(service: str) -> None:
    response = httpx.post(f"{service}/sparql", content=BORN_IN, headers={"Content-Type": "application/sparql-query"})
    assert places(response) == {XIANTAO}


def test_select_as_xml(service: str) -> None:
    response = sparql(service, BORN_IN, "application/sparql-results+xml")
    root = ET.fromstring(response.content)
    assert [uri.text for uri in root.iter(f"{{{RESULTS}}}uri")] == [XIANTAO]


@pytest.mark.parametrize(("accept", "delimiter"), [pytest.param("text/csv", ",", id="csv"), pytest.param("text/tab-separated-values", "\t", id="tsv")])
def test_select_as_csv_and_tsv(service: str, accept: str, delimiter: str) -> None:
    response = sparql(service, BORN_IN, accept)
    assert response.headers["content-type"].startswith(accept)
    rows = list(csv.reader(io.StringIO(response.text), delimiter=delimiter))
    assert rows[0] in (["place"], ["?place"]) and rows[1][0].strip("<>") == XIANTAO


def test_ask_as_json_and_xml(service: str) -> None:
    assert sparql(service, "ASK { tgid:xiaomi a tg:Company }").json()["boolean"] is True
    root = ET.fromstring(sparql(service, "ASK { tgid:xiaomi a tg:Person }", "application/sparql-results+xml").content)
    assert root.find(f"{{{RESULTS}}}boolean").text == "false"


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        pytest.param("text/turtle", "turtle", id="turtle"),
        pytest.param("application/n-triples", "nt", id="ntriples"),
        pytest.param("application/ld+json", "json-ld", id="jsonld"),
        pytest.param("application/rdf+xml", "xml", id="rdfxml"),
        pytest.param("application/n-quads", "nquads", id="nquads"),
        pytest.param("application/trig", "trig", id="trig"),
    ],
)
def test_construct_in_every_rdf_format(service: str, accept: str, rdflib_format: str) -> None:
    response = sparql(service, "CONSTRUCT { tgid:xiaomi ?p ?o } WHERE { tgid:xiaomi ?p ?o }", accept)
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    assert count_triples(read_rdf(response.text, rdflib_format)) >= 4


def test_unsupported_accept_is_406(service: str) -> None:
    response = sparql(service, BORN_IN, "image/png")
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.json()["error"]["message"]


def test_default_graph_uri_replaces_the_union(service: str) -> None:
    assert sparql(service, IN_004_ONLY).json()["boolean"] is True
    assert sparql(service, IN_004_ONLY, **{"default-graph-uri": ARTICLE_000}).json()["boolean"] is False
    assert sparql(service, IN_004_ONLY, **{"default-graph-uri": [ARTICLE_000, ARTICLE_004]}).json()["boolean"] is True


def test_named_graph_uri_limits_graph_patterns(service: str) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = sparql(service, query, **{"named-graph-uri": ARTICLE_004})
    assert {b["g"]["value"] for b in response.json()["results"]["bindings"]} == {ARTICLE_004}


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"query": "SELECT ?x WHERE { ?x }"}, id="malformed"),
        pytest.param([("query", BORN_IN), ("query", BORN_IN)], id="two-queries"),
        pytest.param({"update": "CLEAR ALL"}, id="update-by-get"),
    ],
)
def test_bad_requests_are_400_in_the_error_shape(service: str, params: object) -> None:
    response = httpx.get(f"{service}/sparql", params=params)  # type: ignore[arg-type]
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"status", "type", "message"} and error["status"] == 400


def test_query_and_update_together_is_400(service: str) -> None:
    response = httpx.post(f"{service}/sparql", data={"query": BORN_IN, "update": "CLEAR ALL"})
    assert response.status_code == 400 and "not both" in response.json()["error"]["message"]


def test_malformed_query_names_the_position(service: str) -> None:
    message = sparql(service, "SELECT ?x WHERE { ?x }").json()["error"]["message"]
    assert "line 1, column" in message


def test_no_query_without_rdf_accept_is_400(service: str) -> None:
    assert httpx.get(f"{service}/sparql", headers={"Accept": "application/sparql-results+json"}).status_code == 400


def test_service_description(service: str) -> None:
    response = httpx.get(f"{service}/sparql", headers={"Accept": "text/turtle"})
    description = Graph().parse(data=response.text, format="turtle")
    assert (None, SD.endpoint, None) in description
    assert (None, SD.feature, SD.UnionDefaultGraph) in description


def test_cors_allows_browser_tools(service: str) -> None:
    preflight = httpx.options(f"{service}/sparql", headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] in ("*", "https://yasgui.example")
    simple = httpx.get(f"{service}/sparql", params={"query": BORN_IN}, headers={"Origin": "https://yasgui.example"})
    assert simple.headers["access-control-allow-origin"] == "*"


def test_sparqlwrapper_reads_results(service: str) -> None:
    client = SPARQLWrapper(f"{service}/sparql")
    client.setQuery("PREFIX tgid: <https://tiegraph.org/id/> PREFIX tg: <https://tiegraph.org/ontology#> " + BORN_IN)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]  # type: ignore[index]
    assert {b["place"]["value"] for b in bindings} == {XIANTAO}


def test_rdflib_sparqlstore_reads_results(service: str) -> None:
    remote = Graph(store=SPARQLStore(f"{service}/sparql", returnFormat="json"))
    rows = list(remote.query("SELECT ?label WHERE { <https://tiegraph.org/id/cn-420100> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"))
    assert {str(row[0]) for row in rows} >= {"Wuhan", "武汉"}


def test_service_to_loopback_is_refused_without_a_connection(service: str) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        response = sparql(service, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
        assert response.status_code == 400 and "TIEGRAPH_SERVICE_ALLOW" in response.json()["error"]["message"]
        with pytest.raises(TimeoutError):
            listener.accept()


def test_update_is_forbidden_when_no_token_is_configured(service: str) -> None:
    before = count_quads(service)
    response = httpx.post(f"{service}/sparql", data={"update": "CLEAR ALL"})
    assert response.status_code == 403 and response.json()["error"]["type"] == "Forbidden"
    assert count_quads(service) == before


def count_quads(service: str) -> int:
    response = sparql(service, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_serves_only_loopback_by_default(tmp_path: Path) -> None:
    help_text = tiegraph(tmp_path / "unused", "serve", "--help").stdout
    assert "default: 127.0.0.1" in help_text


@pytest.fixture(scope="module")
def impatient_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seeded_service(tmp_path_factory.mktemp("impatient"), query_timeout="2", query_workers="2", max_rows="5") as base:
        yield base


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_runaway_query_is_stopped_while_others_are_served(impatient_service: str) -> None:
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=1) as pool:
        runaway = pool.submit(sparql, impatient_service, RUNAWAY)
        time.sleep(0.5)
        # Meanwhile the service keeps answering, health and other queries alike.
        assert httpx.get(f"{impatient_service}/health", timeout=1).status_code == 200
        assert places(sparql(impatient_service, BORN_IN)) == {XIANTAO}
        response = runaway.result(timeout=30)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["type"] == "QueryTimeout" and "TIEGRAPH_QUERY_TIMEOUT=2" in error["message"]
    assert 1.5 < elapsed < 10
    # The stopped query's worker is gone: the next query still answers.
    assert places(sparql(impatient_service, BORN_IN)) == {XIANTAO}


def test_stopped_query_leaves_no_busy_process(impatient_service: str) -> None:
    assert sparql(impatient_service, RUNAWAY).status_code == 503
    before = cpu_seconds_of_children(impatient_service)
    time.sleep(1.0)
    after = cpu_seconds_of_children(impatient_service)
    assert all(after[pid] - before.get(pid, 0.0) < 0.3 for pid in after), (before, after)


def test_access_log_is_json_and_shutdown_is_graceful(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert tiegraph(store, "load", *map(str, SEED_FILES)).returncode == 0
    port = free_port()
    process = subprocess.Popen(
        [TIEGRAPH, "serve", "--port", str(port)], env=environment(store), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        assert places(sparql(base, BORN_IN)) == {XIANTAO}
    finally:
        os.kill(process.pid, signal.SIGTERM)
        _, log = process.communicate(timeout=20)
    # uvicorn shuts down cleanly and re-raises SIGTERM; tiegraph then closes the store and exits
    # with the shell's status for it.
    assert process.returncode == 128 + signal.SIGTERM
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert {"method": "GET", "path": "/sparql", "status": 200}.items() <= next(line for line in lines if line["path"] == "/sparql").items()
    assert "Finished server process" in log


def test_protocol_dataset_wins_over_the_query_dataset(service: str) -> None:
    query = f"ASK FROM <{ARTICLE_000}> {{ tgid:iflytek-wuhan-second-headquarters ?p ?o }}"
    assert sparql(service, query).json()["boolean"] is False  # the query's own FROM is honoured
    assert sparql(service, query, **{"default-graph-uri": ARTICLE_004}).json()["boolean"] is True


def test_relative_iris_resolve_against_the_endpoint(service: str) -> None:
    response = sparql(service, "SELECT ?x WHERE { BIND(<relative> AS ?x) }")
    assert response.json()["results"]["bindings"][0]["x"]["value"] == f"{service}/relative"


def test_methods_other_than_get_and_post_are_405(service: str) -> None:
    response = httpx.put(f"{service}/sparql", params={"query": BORN_IN})
    assert response.status_code == 405 and response.json()["error"]["status"] == 405


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        pytest.param(BORN_IN.encode("utf-16"), "application/sparql-query; charset=UTF-16", id="utf-16"),
        pytest.param(b"SELECT \xff", "application/sparql-query", id="not-utf-8"),
        pytest.param(b"query=ASK%20%7B%7D", "text/plain", id="form-without-form-type"),
        pytest.param(BORN_IN.encode(), "application/json", id="sparql-without-sparql-type"),
    ],
)
def test_unusable_post_bodies_are_400(service: str, content: bytes, content_type: str) -> None:
    response = httpx.post(f"{service}/sparql", content=content, headers={"Content-Type": content_type})
    assert response.status_code == 400 and response.json()["error"]["type"] in ("InputError",)


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv", "text/turtle"])
def test_row_cap_cuts_and_says_so(impatient_service: str, accept: str) -> None:
    query = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }" if accept == "text/turtle" else "SELECT ?s WHERE { ?s a ?t }"
    response = sparql(impatient_service, query, accept)
    assert response.status_code == 200 and response.headers["x-tiegraph-row-limit"] == "5"
    assert "TIEGRAPH_MAX_ROWS" in response.headers["x-tiegraph-truncated"]
    if accept.endswith("json"):
        assert len(response.json()["results"]["bindings"]) == 5
    elif accept == "text/csv":
        assert len(response.text.strip().splitlines()) == 6
    else:
        assert len(Graph().parse(data=response.text, format="turtle")) == 5
    small = sparql(impatient_service, BORN_IN)
    assert "x-tiegraph-truncated" not in small.headers and places(small) == {XIANTAO}
