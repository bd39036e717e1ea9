"""Entity look-up on the seed graph: names, classes, attributes, edges with sources and dates,
pagination, Turtle and JSON-LD read back by rdflib, dereferenceable IRIs and 404 suggestions."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from rdflib import Dataset, Literal, URIRef

from graph import InputError, NotFound, engine_of
from graph.entities import Page, describe

from tests.rdf_reading import read_rdf
from tests.server import seeded_service

ID = "https://tiegraph.org/id/"
TG = "https://tiegraph.org/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ARTICLE_000 = "https://tiegraph.org/source/d45ea5260ee2b7ad"
ARTICLE_004 = "https://tiegraph.org/source/234179c74b9a603c"


def edge(described: dict, direction: str, predicate: str, neighbour: str) -> dict:
    return next(e for e in described[direction]["edges"] if e["predicate"] == f"{TG}{predicate}" and e["neighbour"]["id"] == neighbour)


def test_labels_in_every_language_and_types_with_labels(seed_kg: Dataset) -> None:
    lei_jun = describe(engine_of(seed_kg), "lei-jun")
    assert (lei_jun["id"], lei_jun["iri"], lei_jun["label"]) == ("lei-jun", f"{ID}lei-jun", "Lei Jun")
    assert lei_jun["labels"] == {"en": ["Lei Jun"], "zh": ["雷军"]}
    assert lei_jun["types"] == [{"iri": f"{TG}Person", "label": "Person"}]
    wuhan = describe(engine_of(seed_kg), "cn-420100")
    assert wuhan["aliases"]["en"] == ["Motor City"]  # tg:nickname is a sub-property of skos:altLabel
    assert wuhan["labels"]["zh"] == ["武汉", "武汉市"] and wuhan["aliases"]["zh-latn-pinyin"] == ["Wuhan"]


def test_lei_jun_born_in_xiantao_with_its_source_and_date(seed_kg: Dataset) -> None:
    lei_jun = describe(engine_of(seed_kg), "lei-jun")
    born = edge(lei_jun, "outgoing", "bornIn", "cn-429004")
    assert born["predicate_label"] == "born in"
    assert born["neighbour"]["label"] == "Xiantao"
    assert {"iri": f"{TG}CountyLevelCity", "label": "County-level city"} in born["neighbour"]["types"]
    assert born["sources"] == [{"iri": ARTICLE_000, "title": "Chinese local governments court Xiaomi's car project and back NIO and XPeng", "issued": "2021-04", "at": {"paragraphs": [6], "start": None, "end": None}}]  # the sheet's at: ¶6
    assert born["date"] == "2021-04"  # no event: the source's issue date
    founded = edge(lei_jun, "outgoing", "founded", "xiaomi")
    assert [s["iri"] for s in founded["sources"]] == [ARTICLE_004] and founded["date"] is None  # article 004 is undated
    role = edge(lei_jun, "incoming", "holder", "lei-jun-ceo-xiaomi")
    assert role["predicate_label"] == "holder" and role["neighbour"]["types"][0]["label"] == "Role"


def test_an_event_has_its_amount_and_date_as_attributes(seed_kg: Dataset) -> None:
    investment = describe(engine_of(seed_kg), "guangdong-strategic-investment-xpeng-2021")
    attributes = {a["predicate_label"]: a for a in investment["attributes"]}
    assert attributes["amount"]["value"] == 500_000_000 and attributes["amount"]["datatype"] == f"{XSD}decimal"
    assert attributes["currency"]["value"] == "CNY"
    assert (attributes["date"]["value"], attributes["date"]["datatype"]) == ("2021-03", f"{XSD}gYearMonth")
    assert [s["iri"] for s in attributes["amount"]["sources"]] == [ARTICLE_000]
    recipient = edge(investment, "outgoing", "recipient", "xpeng")
    assert recipient["date"] == "2021-03"  # the event's own date wins over the article's
    # Seen from XPeng, the same fact is incoming and carries the event's date too.
    assert edge(describe(engine_of(seed_kg), "xpeng"), "incoming", "recipient", "guangdong-strategic-investment-xpeng-2021")["date"] == "2021-03"


def test_a_fact_stated_by_two_sources_cites_both(seed_kg: Dataset) -> None:
    xiaomi = describe(engine_of(seed_kg), "xiaomi")
    headquarters = edge(xiaomi, "outgoing", "hasFacility", "xiaomi-wuhan-headquarters")
    assert [s["iri"] for s in headquarters["sources"]] == sorted([ARTICLE_000, ARTICLE_004])


def test_pages_cover_every_edge_once(seed_kg: Dataset) -> None:
    engine = engine_of(seed_kg)
    whole = describe(engine, "cn-420100", Page(0, 1000))
    for direction in ("outgoing", "incoming"):
        total = whole[direction]["total"]
        assert total == len(whole[direction]["edges"]) > 3 and whole[direction]["next_offset"] is None
        paged, offset = [], 0
        while offset is not None:
            page = describe(engine, "cn-420100", Page(offset, 2))[direction]
            assert page["total"] == total and len(page["edges"]) <= 2
            paged += page["edges"]
            offset = page["next_offset"]
        assert paged == whole[direction]["edges"]


def test_bad_pages_and_unknown_ids(seed_kg: Dataset) -> None:
    with pytest.raises(InputError):
        Page(-1, 10)
    with pytest.raises(NotFound, match="did you mean lei-jun"):
        describe(engine_of(seed_kg), "lei-jn", suggest=lambda _: [(f"{ID}lei-jun", "Lei Jun")])
    with pytest.raises(NotFound):
        describe(engine_of(seed_kg), "no such> thing")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seeded_service(tmp_path_factory.mktemp("entities")) as base:
        yield base


def test_http_json_with_next_links(service: str) -> None:
    first = httpx.get(f"{service}/entities/lei-jun", params={"limit": 2})
    assert first.status_code == 200 and first.headers["content-type"] == "application/json"
    body = first.json()
    assert body["labels"] == {"en": ["Lei Jun"], "zh": ["雷军"]} and len(body["incoming"]["edges"]) == 2
    seen = list(body["incoming"]["edges"])
    link = body["incoming"]["next"]
    while link:
        page = httpx.get(f"{service}{link}").json()["incoming"]
        seen += page["edges"]
        link = page["next"]
    assert len(seen) == body["incoming"]["total"] == len({(e["predicate"], e["neighbour"]["iri"]) for e in seen})


def test_http_entity_iri_redirects_to_its_description(service: str) -> None:
    response = httpx.get(f"{service}/id/lei-jun", params={"limit": 1})
    assert response.status_code == 303 and response.headers["location"] == "/entities/lei-jun?limit=1"
    followed = httpx.get(f"{service}/id/lei-jun", follow_redirects=True)
    assert followed.json() == httpx.get(f"{service}/entities/lei-jun").json()
    missing = httpx.get(f"{service}/id/lei-jn")
    assert missing.status_code == 404 and "lei-jun (Lei Jun)" in missing.json()["error"]["message"]


def test_http_turtle_and_json_ld_read_back_alike(service: str) -> None:
    turtle = httpx.get(f"{service}/entities/lei-jun", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert "@prefix tgid: <https://tiegraph.org/id/>" in turtle.text
    from_turtle = read_rdf(turtle.text, "turtle")
    lei_jun = URIRef(f"{ID}lei-jun")
    assert (lei_jun, URIRef(f"{TG}bornIn"), URIRef(f"{ID}cn-429004")) in from_turtle
    assert (URIRef(f"{ID}xiaomi"), URIRef(f"{TG}founder"), lei_jun) in from_turtle  # an incoming edge
    assert (lei_jun, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("雷军", lang="zh")) in from_turtle
    json_ld = httpx.get(f"{service}/entities/lei-jun", headers={"Accept": "application/ld+json"})
    assert json_ld.headers["content-type"].startswith("application/ld+json")
    document = json_ld.json()
    assert document["@context"]["tgid"] == ID and document["@context"]["tg"] == TG
    assert any(node["@id"] == "tgid:lei-jun" for node in document["@graph"])
    from_json_ld = read_rdf(json_ld.text, "json-ld")
    assert {(s, p, o) for s, p, o, _ in from_json_ld.quads((None, None, None, None))} == set(from_turtle)


def test_http_errors_keep_the_one_shape(service: str) -> None:
    missing = httpx.get(f"{service}/entities/lei-jn")
    error = missing.json()["error"]
    assert missing.status_code == 404 and set(error) == {"status", "type", "message"} and error["type"] == "NotFound"
    assert "did you mean lei-jun (Lei Jun)" in error["message"]
    refused = httpx.get(f"{service}/entities/lei-jun", headers={"Accept": "image/png"})
    assert refused.status_code == 406 and refused.json()["error"]["type"] == "NotAcceptable"
    assert httpx.get(f"{service}/entities/lei-jun", params={"limit": 0}).status_code == 400
