"""Bad input is a 4xx in the one error shape that names the culprit, and a refused write changes
nothing; the system graphs cannot be dropped over HTTP; no text kills a query worker."""

from __future__ import annotations

import json
import random
import socket
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import described
from tests.server import seeded_service

TOKEN = "input-token-3"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ONTOLOGY = "https://tiegraph.org/ontology"
GAZETTEER = "https://tiegraph.org/source/gazetteer"
INFERRED = "https://tiegraph.org/inferred/graph-versions"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seeded_service(tmp_path_factory.mktemp("input"), token=TOKEN) as base:
        yield base


def _state(service: str) -> tuple[int, str]:
    """Quads in the store and its content revision."""
    counted = httpx.get(f"{service}/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"}, timeout=60)
    quads = int(counted.json()["results"]["bindings"][0]["n"]["value"])
    return quads, httpx.get(f"{service}/health", timeout=10).json()["revision"]


def _update(service: str, text: str) -> httpx.Response:
    return httpx.post(f"{service}/sparql", content=text.encode(), headers={"Content-Type": "application/sparql-update", **AUTH}, timeout=120)


def _refused(response: httpx.Response, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["status"] == status
    for word in words:
        assert word in error["message"], error["message"]


NESTED = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000


@pytest.mark.parametrize(
    ("method", "path", "params", "body", "status", "words"),
    [
        pytest.param("POST", "/sparql", {}, NESTED, 400, ["nests", "line 1, column"], id="3000-nested-groups"),
        pytest.param("GET", "/sparql", {"query": "ASK { FILTER(" + "(" * 5000 + "true" + ")" * 5000 + ") }"}, None, 400, ["nests"], id="5000-nested-parentheses"),
        pytest.param("GET", "/sparql", {"query": "ASK { ?s ?p ?o }", "default-graph-uri": "not an iri"}, None, 400, ["default-graph-uri", "not an iri"], id="default-graph-uri"),
        pytest.param("GET", "/sparql", {"query": "ASK { ?s ?p ?o }", "named-graph-uri": "x y"}, None, 400, ["named-graph-uri"], id="named-graph-uri"),
        pytest.param("GET", "/sparql", {"query": "INSERT DATA { GRAPH <http://x/g> { <http://x/a> <http://x/b> <http://x/c> } }"}, None, 400, ["update, not a query", "POST"], id="update-sent-as-query"),
        pytest.param("GET", "/paths", {"from": "Lei Jun", "to": "Wuhan", "since": "yesterday"}, None, 400, ["since='yesterday'", "2020-06"], id="since-not-a-period"),
        pytest.param("GET", "/paths", {"from": "Lei Jun", "to": "Wuhan", "since": "2022", "until": "2019"}, None, 400, ["since=2022 is after until=2019"], id="since-after-until"),
        pytest.param("GET", "/paths", {"from": "Lei Jun", "to": "Wuhan", "class": ""}, None, 400, ["empty class", "tg:City"], id="empty-class"),
        pytest.param("GET", "/paths", {"from": "Lei Jun", "to": "Wuhna"}, None, 404, ["did you mean", "Wuhan"], id="misspelt-place"),
        pytest.param("GET", "/export/graph.gexf", {"size_by": "zzz"}, None, 400, ["size_by='zzz'", "degree", "amount"], id="size-by"),
        pytest.param("GET", "/search?q=%FF%FE", None, None, 400, ["not UTF-8"], id="bad-utf8-query-string"),
        pytest.param("GET", "/sparql", {"default-graph-uri": "not an iri"}, None, 400, ["default-graph-uri"], id="graph-iri-without-query"),
        pytest.param("GET", "/export/graph.gexf", {"around": "]\x85P3"}, None, 400, ["around=", "tgid:xpeng"], id="around-not-an-iri"),
    ],
)
def test_bad_requests_name_the_culprit(service: str, method: str, path: str, params: dict[str, str] | None, body: str | None, status: int, words: list[str]) -> None:
    headers = {"Content-Type": "application/sparql-query"} if body else {}
    response = httpx.request(method, f"{service}{path}", params=params, content=body, headers=headers, timeout=60)
    _refused(response, status, *words)
    assert httpx.get(f"{service}/health", timeout=10).status_code == 200


def test_an_update_syntax_error_is_placed_where_it_is(service: str) -> None:
    _refused(_update(service, "INSERT DATA {\n  GRAPH <https://tiegraph.org/source/notes> { oops } }"), 400, "line 2")


@pytest.mark.parametrize(
    ("request_kind", "target", "words"),
    [
        pytest.param("update", "DROP ALL", [ONTOLOGY, GAZETTEER], id="drop-all"),
        pytest.param("update", "CLEAR ALL", [ONTOLOGY], id="clear-all"),
        pytest.param("update", "DROP NAMED", [GAZETTEER], id="drop-named"),
        pytest.param("update", f"DROP GRAPH <{ONTOLOGY}>", [ONTOLOGY, "ontology"], id="drop-ontology"),
        pytest.param("update", f"CLEAR GRAPH <{GAZETTEER}>", [GAZETTEER, "tiegraph load"], id="clear-gazetteer"),
        pytest.param("update", f"DROP GRAPH <{INFERRED}>", [INFERRED, "derived"], id="drop-revision-record"),
        pytest.param("delete", GAZETTEER, [GAZETTEER, "reference dataset"], id="store-delete-gazetteer"),
        pytest.param("put", ONTOLOGY, [ONTOLOGY], id="store-put-ontology"),
        pytest.param("post", GAZETTEER, [GAZETTEER], id="store-post-gazetteer"),
    ],
)
def test_system_graphs_cannot_be_dropped_or_overwritten(service: str, request_kind: str, target: str, words: list[str]) -> None:
    before = _state(service)
    if request_kind == "update":
        response = _update(service, target)
    else:
        body = b"<https://tiegraph.org/id/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" ."
        response = httpx.request(request_kind.upper(), f"{service}/store", params={"graph": target}, content=body, headers={"Content-Type": "text/turtle", **AUTH}, timeout=60)
    _refused(response, 403, "nothing was changed", *words)
    assert _state(service) == before


def test_writes_still_validate_after_a_refused_drop_all(service: str) -> None:
    _refused(_update(service, "DROP ALL"), 403)
    notes = "https://tiegraph.org/source/notes"
    bad = f'INSERT DATA {{ GRAPH <{notes}> {{ <https://tiegraph.org/id/lei-jun> <https://tiegraph.org/ontology#bornIn> "Xiantao" }} }}'
    _refused(_update(service, bad), 422)
    good = f"INSERT DATA {{ GRAPH <{notes}> {{ <https://tiegraph.org/id/lei-jun> <https://tiegraph.org/ontology#bornIn> <https://tiegraph.org/id/cn-429004> . {described(notes)} }} }}"
    assert _update(service, good).status_code == 204
    assert _update(service, f"DROP GRAPH <{notes}>").status_code == 204


def test_an_update_relying_on_the_service_base_iri_answers_as_the_protocol_says(service: str) -> None:
    graph = "http://example.org/protocol-base-test/"
    response = _update(service, f"CLEAR SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/s> <http://example.org/p> <test> . {described(graph)} }} }}")
    assert response.status_code == 204, response.text
    ask = f'ASK {{ GRAPH <{graph}> {{ <http://example.org/s> <http://example.org/p> ?o FILTER (isIRI(?o) && STR(?o) != "test") }} }}'
    answer = httpx.post(f"{service}/sparql", content=ask.encode(), headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}, timeout=60)
    assert answer.json()["boolean"] is True
    assert _update(service, f"DROP GRAPH <{graph}>").status_code == 204


def _fuzz_cases(count: int, seed: int = 20261206) -> list[tuple[str, str]]:
    """(kind, text) pairs: deep and wide nesting of every construct, long literals, random bytes."""
    rng = random.Random(seed)
    makers = [
        lambda d: "SELECT * WHERE " + "{" * d + " ?s ?p ?o " + "}" * d,
        lambda d: "ASK { FILTER(" + "(" * d + "1" + ")" * d + ") }",
        lambda d: "SELECT * WHERE { ?s " + "(" * d + "rdfs:label" + ")*" * d + " ?o }",
        lambda d: "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * d) + " }",
        lambda d: "SELECT * WHERE { ?s ?p [ " * min(d, 400) + "?q ?o" + " ] " * min(d, 400) + "}",
        lambda d: 'ASK { ?s ?p "' + "x" * d * 100 + '" }',
        lambda d: "SELECT * WHERE { OPTIONAL " * d + "{ ?s ?p ?o }" + " }" * d,
    ]
    cases = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.15:
            text = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))).decode("latin-1")
        else:
            text = rng.choice(makers)(rng.choice([1, 5, 19, 20, 21, 40, 199, 200, 201, 500, 3000]))
        if rng.random() < 0.3:  # the same pattern as an update's WHERE, which matches nothing
            pattern = text.partition("WHERE")[2] or text.partition("ASK")[2] or text
            text = f"INSERT {{ GRAPH <https://tiegraph.org/source/fuzz> {{ <urn:a> <urn:b> <urn:c> }} }} WHERE {{ {{ {pattern} }} FILTER(false) }}"
            cases.append(("update", text))
        else:
            cases.append(("query", text))
    return cases


@pytest.fixture(scope="module")
def impatient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed graph served with a 2 s time limit, so that heavy fuzz cases end soon."""
    with seeded_service(tmp_path_factory.mktemp("fuzz"), token=TOKEN, query_timeout="2", max_rows="100") as base:
        yield base


def test_fuzzed_queries_and_updates_never_get_a_server_error(impatient: str) -> None:
    for kind, text in _fuzz_cases(200):
        if kind == "query":
            response = httpx.post(f"{impatient}/sparql", content=text.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=60)
        else:
            response = _update(impatient, text)
        timed_out = response.status_code == 503 and response.json()["error"]["type"] == "QueryTimeout"  # the limit, not a fault
        assert response.status_code < 500 or timed_out, f"{response.status_code} for {kind} {text[:200]!r}: {response.text[:300]}"
    assert httpx.get(f"{impatient}/health", timeout=10).status_code == 200


def test_an_over_long_url_gets_the_json_error_shape(service: str) -> None:
    """Sent by hand: httpx itself refuses to build a URL this long."""
    host, port = service.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(f"GET /search?q={'a' * 100_000} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400") and b"content-type: application/json" in head.lower(), head
    error = json.loads(body)["error"]
    assert error["status"] == 400 and "too long" in error["message"] and "POST" in error["message"]
    assert httpx.get(f"{service}/health", timeout=10).status_code == 200
