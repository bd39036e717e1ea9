"""The Graph Store HTTP Protocol at /store: read, replace, merge, create and drop whole graphs."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from rdflib import Graph

from tests.rdf_reading import count_triples, read_rdf
from tests.server import seeded_service

TOKEN = "store-token-21"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE_004 = "https://tiegraph.org/source/234179c74b9a603c"
NOTES = "https://tiegraph.org/source/store-notes"
PREFIXES = """@prefix tg: <https://tiegraph.org/ontology#> . @prefix tgid: <https://tiegraph.org/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix dcterms: <http://purl.org/dc/terms/> .
"""
# `<>` is the graph the body goes to: the body describes it as the source of its facts.
FIRM = PREFIXES + """<> a tg:SourceDocument ; rdfs:label "Store test notes"@en ; dcterms:title "Store test notes" ; dcterms:identifier "store-notes" .
tgid:{id} a tg:Company ; rdfs:label "{label}"@en ; tg:basedIn tgid:cn-420100 ."""
TURTLE = {"Content-Type": "text/turtle", **AUTH}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seeded_service(tmp_path_factory.mktemp("store"), token=TOKEN) as base:
        yield base


def read(service: str, graph: str, accept: str = "text/turtle") -> httpx.Response:
    return httpx.get(f"{service}/store", params={"graph": graph}, headers={"Accept": accept})


def labels(service: str, graph: str) -> set[str]:
    g = Graph().parse(data=read(service, graph).text, format="turtle")
    return {str(o) for o in g.objects(None, None) if getattr(o, "language", None) == "en"}


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [pytest.param("text/turtle", "turtle", id="turtle"), pytest.param("application/n-triples", "nt", id="nt"), pytest.param("application/ld+json", "json-ld", id="jsonld"), pytest.param("application/rdf+xml", "xml", id="rdfxml")],
)
def test_get_a_named_graph(service: str, accept: str, rdflib_format: str) -> None:
    response = read(service, ARTICLE_004, accept)
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    assert count_triples(read_rdf(response.text, rdflib_format)) > 50


def test_head_has_no_body(service: str) -> None:
    response = httpx.head(f"{service}/store", params={"graph": ARTICLE_004})
    assert response.status_code == 200 and response.content == b"" and int(response.headers["content-length"]) > 0


def test_get_default_is_the_union(service: str) -> None:
    response = httpx.get(f"{service}/store?default", headers={"Accept": "application/n-triples"})
    union = Graph().parse(data=response.text, format="nt")
    assert len(union) > len(Graph().parse(data=read(service, ARTICLE_004).text, format="turtle"))


def test_unknown_graph_is_404(service: str) -> None:
    response = read(service, "https://tiegraph.org/source/absent")
    assert response.status_code == 404 and response.json()["error"]["type"] == "NotFound"


def test_writes_need_the_token(service: str) -> None:
    response = httpx.put(f"{service}/store", params={"graph": NOTES}, content=FIRM.format(id="x", label="X"), headers={"Content-Type": "text/turtle"})
    assert response.status_code == 401
    assert read(service, NOTES).status_code == 404


def test_put_creates_then_replaces(service: str) -> None:
    created = httpx.put(f"{service}/store", params={"graph": NOTES}, content=FIRM.format(id="store-a", label="Store A"), headers=TURTLE)
    assert created.status_code == 201
    assert "Store A" in labels(service, NOTES)
    replaced = httpx.put(f"{service}/store", params={"graph": NOTES}, content=FIRM.format(id="store-b", label="Store B"), headers=TURTLE)
    assert replaced.status_code == 204
    assert "Store B" in labels(service, NOTES) and "Store A" not in labels(service, NOTES)


def test_post_merges(service: str) -> None:
    httpx.put(f"{service}/store", params={"graph": NOTES}, content=FIRM.format(id="store-c", label="Store C"), headers=TURTLE)
    merged = httpx.post(f"{service}/store", params={"graph": NOTES}, content=FIRM.format(id="store-d", label="Store D"), headers=TURTLE)
    assert merged.status_code == 204
    assert {"Store C", "Store D"} <= labels(service, NOTES)


def test_post_without_a_graph_creates_one(service: str) -> None:
    response = httpx.post(f"{service}/store", content=FIRM.format(id="store-e", label="Store E"), headers=TURTLE)
    assert response.status_code == 201
    location = response.headers["location"]
    assert "graph=https://tiegraph.org/source/upload/" in location
    assert "Store E" in labels(service, location.split("graph=", 1)[1])


def test_invalid_body_changes_nothing(service: str) -> None:
    httpx.put(f"{service}/store", params={"graph": NOTES}, content=FIRM.format(id="store-f", label="Store F"), headers=TURTLE)
    before = read(service, NOTES).text
    bad_shape = FIRM.format(id="store-g", label="Store G").replace("tg:basedIn tgid:cn-420100", "tg:founder tgid:cn-420100")
    assert httpx.put(f"{service}/store", params={"graph": NOTES}, content=bad_shape, headers=TURTLE).status_code == 422
    assert httpx.put(f"{service}/store", params={"graph": NOTES}, content="not turtle at all", headers=TURTLE).status_code == 400
    assert read(service, NOTES).text == before


def test_a_body_that_does_not_describe_its_source_is_refused(service: str) -> None:
    bare = PREFIXES + 'tgid:store-j a tg:Company ; rdfs:label "Store J"@en ; tg:basedIn tgid:cn-420100 .'
    graph = f"{NOTES}-undescribed"
    response = httpx.put(f"{service}/store", params={"graph": graph}, content=bare, headers=TURTLE)
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert f"graph <{graph}> holds facts but does not say which source states them" in message and "<> a tg:NewsArticle" in message
    assert read(service, graph).status_code == 404


def test_default_graph_is_read_only(service: str) -> None:
    response = httpx.put(f"{service}/store?default", content=FIRM.format(id="h", label="H"), headers=TURTLE)
    assert response.status_code == 400 and "read-only" in response.json()["error"]["message"]


def test_delete_drops_the_graph(service: str) -> None:
    httpx.put(f"{service}/store", params={"graph": NOTES}, content=FIRM.format(id="store-i", label="Store I"), headers=TURTLE)
    assert httpx.delete(f"{service}/store", params={"graph": NOTES}, headers=AUTH).status_code == 204
    assert read(service, NOTES).status_code == 404
    assert httpx.delete(f"{service}/store", params={"graph": NOTES}, headers=AUTH).status_code == 404


def test_unsupported_body_type_is_refused(service: str) -> None:
    response = httpx.put(f"{service}/store", params={"graph": NOTES}, content="x", headers={"Content-Type": "image/png", **AUTH})
    assert response.status_code == 400 and "cannot read a body" in response.json()["error"]["message"]
