"""Ties on the seed graph: exact ties and evidence, inference graphs, revisions, CLI and HTTP."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Dataset

from graph import engine_of, load_files, run_query
from graph.connections import Connections, tie_kinds
from graph.ledger import cross_rate
from graph.load import rules
from graph.store import store_revision

from tests.cli_runner import tiegraph
from tests.conftest import DATA, SEED_FILES
from tests.server import running_service, seeded_service

ID = "https://tiegraph.org/id/"
TG = "https://tiegraph.org/ontology#"


def keys(page: dict) -> list[tuple[str, ...]]:
    return [tuple(value["id"] for value in tie["key"].values()) for tie in page["ties"]]


def stated(tie: dict) -> set[tuple[str, str, str]]:
    short = lambda iri: iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]  # noqa: E731
    return {(short(f["subject"]), short(f["predicate"]), short(f["object"])) for f in tie["evidence"]}


def test_founder_hometown_finds_william_li_and_lei_jun(seed_kg: Dataset) -> None:
    page = Connections(seed_kg).ties("founder-hometown")
    assert keys(page) == [("william-li", "nio"), ("lei-jun", "xiaomi")]
    nio, xiaomi = page["ties"]
    assert nio["score"] == 6 and [v["id"] for v in nio["summary"]["region"]] == ["cn-340100"] and nio["summary"]["strength"] == ["city"]
    assert {("william-li", "hometown", "cn-340100"), ("hefei-rescue-financing-nio-2020", "place", "cn-340100"),
            ("hefei-rescue-financing-nio-2020", "recipient", "nio"), ("nio-china", "headquarteredIn", "cn-340100"),
            ("nio-china", "parentOrganisation", "nio")} <= stated(nio)
    assert xiaomi["score"] == 2 and xiaomi["summary"]["strength"] == ["province"]
    assert [v["id"] for v in xiaomi["summary"]["region"]] == ["cn-420000"]
    assert [v["id"] for v in xiaomi["summary"]["origin"]] == ["cn-420000", "cn-429004"]
    assert "cn-420100" in [v["id"] for v in xiaomi["summary"]["anchor"]]
    # The summary names the government and the incentive on the firm's side, not only the evidence.
    assert [v["id"] for v in nio["summary"]["government"]] == ["hefei-municipal-government"]
    assert [v["id"] for v in nio["summary"]["incentive"]] == ["hefei-nio-industrial-park-agreement-2021", "hefei-rescue-financing-nio-2020"]
    assert [v["id"] for v in xiaomi["summary"]["government"]] == ["wuhan-economic-development-zone"]
    assert [v["id"] for v in xiaomi["summary"]["incentive"]] == ["wuhan-courting-task-force-xiaomi-2021"]
    assert {("lei-jun", "bornIn", "cn-429004"), ("cn-429004", "locatedIn", "cn-420000"), ("xiaomi-wuhan-headquarters", "locatedIn", "cn-420100"),
            ("cn-420100", "locatedIn", "cn-420000"), ("wuhan-courting-task-force-xiaomi-2021", "recipient", "xiaomi")} <= stated(xiaomi)
    born = next(f for f in xiaomi["evidence"] if f["predicate"] == f"{TG}bornIn")
    assert born["sources"][0]["iri"] == "https://tiegraph.org/source/d45ea5260ee2b7ad" and born["date"] == "2021-04"
    inferred = next(f for f in xiaomi["evidence"] if f["subject"] == f"{ID}xiaomi-wuhan-headquarters" and f["object"] == f"{ID}cn-420000")
    assert [s["iri"] for s in inferred["sources"]] == ["https://tiegraph.org/inferred/located-in-transitive"]


def test_alma_mater_ties_xiaomi_to_wuhan(seed_kg: Dataset) -> None:
    page = Connections(seed_kg).ties("alma-mater")
    assert keys(page) == [("lei-jun", "xiaomi")]
    [tie] = page["ties"]
    assert [v["id"] for v in tie["summary"]["region"]] == ["cn-420100"] and tie["summary"]["strength"] == ["city"]
    assert {("lei-jun", "studiedAt", "wuhan-university"), ("wuhan-university", "basedIn", "cn-420100")} <= stated(tie)


def test_government_capital_in_dollars_at_the_rate_of_its_year(seed_kg: Dataset) -> None:
    page = Connections(seed_kg).ties("government-capital")
    assert keys(page) == [("xpeng", "guangdong-state-owned-investors"), ("nio", "hefei-municipal-government")]
    xpeng, nio = page["ties"]
    rate, _ = cross_rate("CNY", "USD", "2021")  # the ECB's 2021 mean, as the reference graph holds it
    assert xpeng["score"] == pytest.approx(500_000_000 * float(rate), rel=1e-9)
    assert float(xpeng["summary"]["rate"][0]) == pytest.approx(float(rate), rel=1e-9)
    assert xpeng["summary"]["rateDate"] == ["2021"] and xpeng["summary"]["currency"] == ["CNY"]
    assert [v["id"] for v in xpeng["summary"]["link"]] == ["guangdong-strategic-investment-xpeng-2021"]  # the incentive, named in the summary
    assert nio["score"] == 0 and nio["summary"]["amountUSD"] == []  # the rescue's amount is not stated
    assert ("hefei-rescue-financing-nio-2020", "grantor", "hefei-municipal-government") in stated(nio)


def test_co_location_groups_the_optics_valley_firms(seed_kg: Dataset) -> None:
    page = Connections(seed_kg).ties("co-location")
    assert keys(page) == [("cn-420100",), ("east-lake-high-tech-development-zone",)]
    firms = {"alibaba", "huawei", "iflytek", "kingsoft", "qihoo-360", "xiaomi"}
    assert all({v["id"] for v in tie["summary"]["firm"]} == firms and tie["score"] == 6 for tie in page["ties"])


def test_ties_of_one_entity_and_paging(seed_kg: Dataset) -> None:
    connections = Connections(seed_kg)
    assert keys(connections.ties("founder-hometown", "Hefei")) == [("william-li", "nio")]
    assert keys(connections.ties("co-location", "huawei")) == keys(connections.ties("co-location"))
    second = connections.ties("founder-hometown", offset=1, limit=1)
    assert second["total"] == 2 and keys(second) == [("lei-jun", "xiaomi")] and second["ties"][0]["rank"] == 2
    assert {kind["kind"]: kind["count"] for kind in connections.kinds()} == {"alma-mater": 1, "co-location": 2, "founder-hometown": 2, "government-capital": 2}


def test_every_tie_query_reads_as_sparql_with_a_title_and_key() -> None:
    for kind in tie_kinds().values():
        assert kind.title and kind.key and "SELECT" in kind.sparql and "?link" in kind.sparql and "?weight" in kind.sparql
        ox.Store().query(kind.sparql)  # parses on a plain SPARQL engine


def test_rule_graphs_are_apart_and_describe_their_rule(seed_kg: Dataset) -> None:
    for rule in rules():
        rows = list(run_query(seed_kg, f"""SELECT ?title ?id ?plan WHERE {{ GRAPH <{rule.graph.value}> {{
            <{rule.graph.value}> a tg:SourceDocument ; rdfs:label ?label ; dcterms:title ?title ; dcterms:identifier ?id ;
                prov:wasDerivedFrom ?plan ; prov:wasGeneratedBy ?run . ?run prov:used ?plan . ?plan a prov:Plan }} FILTER(lang(?label) = "en") }}"""))
        assert [(r["id"].value, r["plan"].value) for r in rows] == [(f"inferred/{rule.name}", rule.iri)]
    closure = "https://tiegraph.org/inferred/located-in-transitive"
    assert bool(run_query(seed_kg, f"ASK {{ GRAPH <{closure}> {{ tgid:xiaomi-wuhan-headquarters tg:locatedIn tgid:cn-420000 }} }}"))
    assert not bool(run_query(seed_kg, f"ASK {{ GRAPH ?g {{ tgid:xiaomi-wuhan-headquarters tg:locatedIn tgid:cn-420000 }} FILTER(?g != <{closure}>) }}"))
    # Asserted facts are never repeated in a rule graph.
    assert not bool(run_query(seed_kg, f"ASK {{ GRAPH <{closure}> {{ ?s tg:locatedIn ?o }} GRAPH ?g {{ ?s tg:locatedIn ?o }} FILTER(?g != <{closure}>) }}"))


def test_writes_update_rules_revision_projection_and_ties(empty_kg: Dataset) -> None:
    load_files(empty_kg, SEED_FILES)
    engine = engine_of(empty_kg)
    connections = Connections(empty_kg)
    before = store_revision(engine)
    assert connections.paths("cn-340100", "nio")["paths"]
    projection = connections.adjacency()
    load_files(empty_kg, SEED_FILES)
    assert store_revision(engine) == before  # same content, same revision: nothing to redo
    load_files(empty_kg, [DATA / "extra_firm.ttl"])
    assert store_revision(engine) != before
    found = connections.paths("example-robotics", "xiaomi", k=1)
    assert connections.adjacency() is projection  # updated in place, graph by graph
    assert [n["id"] for n in found["paths"][0]["nodes"]] == ["example-robotics", "cn-420100", "wuhan-courting-task-force-xiaomi-2021", "xiaomi"]
    wuhan = connections.ties("co-location", "example-robotics")["ties"]
    assert [(tie["key"]["place"]["id"], tie["score"]) for tie in wuhan] == [("cn-420100", 7)]


def test_cli_and_http_ties(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert tiegraph(store, "load", *map(str, SEED_FILES)).returncode == 0
    text = tiegraph(store, "ties", "founder-hometown")
    assert text.returncode == 0, text.stderr
    assert "1. William Li – NIO  (score 6)" in text.stdout and "2. Lei Jun – Xiaomi  (score 2)" in text.stdout
    assert "Lei Jun —born in→ Xiantao  [2021-04; Chinese local governments" in text.stdout
    as_json = json.loads(tiegraph(store, "ties", "alma-mater", "--format", "json").stdout)
    assert as_json["total"] == 1
    assert "founder-hometown" in tiegraph(store, "ties").stdout
    with running_service(store) as base:
        kinds = httpx.get(f"{base}/ties", timeout=30).json()
        assert {k["kind"] for k in kinds} == set(tie_kinds()) and all("SELECT" in k["query"] for k in kinds)
        page = httpx.get(f"{base}/ties/founder-hometown", params={"entity": "Lei Jun"}, timeout=30).json()
        assert keys(page) == [("lei-jun", "xiaomi")]
        # The same ranking as CSV: a header row, one line per tie, the summary and sources flattened.
        for asked in ({"params": {"format": "csv"}}, {"headers": {"Accept": "text/csv"}}):
            as_csv = httpx.get(f"{base}/ties/founder-hometown", timeout=30, **asked)  # type: ignore[arg-type]
            assert as_csv.headers["content-type"].startswith("text/csv")
            rows = list(csv.DictReader(io.StringIO(as_csv.text)))
            assert [(r["founder_id"], r["firm_id"], r["rank"]) for r in rows] == [("william-li", "nio", "1"), ("lei-jun", "xiaomi", "2")]
            assert rows[0]["government"] == "Hefei city government" and "Chinese local governments court" in rows[0]["sources"]
        assert httpx.get(f"{base}/ties/founder-hometown", params={"format": "xlsx"}, timeout=30).status_code == 400
        found = httpx.get(f"{base}/paths", params={"from": "Hefei", "to": "nio", "k": 2}, timeout=30).json()
        assert [[n["id"] for n in p["nodes"]] for p in found["paths"]] == [["cn-340100", "nio-china", "nio"], ["cn-340100", "william-li", "nio"]]
        ambiguous = httpx.get(f"{base}/paths", params={"from": "second headquarters", "to": "nio"}, timeout=30)
        assert ambiguous.status_code == 409 and ambiguous.json()["error"]["type"] == "AmbiguousName"
        assert "iflytek-wuhan-second-headquarters" in ambiguous.json()["error"]["message"]
        assert httpx.get(f"{base}/ties/nepotism", timeout=30).status_code == 404
        assert httpx.get(f"{base}/paths", params={"from": "Tesla", "to": "nio"}, timeout=30).status_code == 404


def test_a_tie_table_computed_just_before_the_server_stops_is_saved(tmp_path: Path) -> None:
    """Saves wait for a quiet spell; a server stopped by SIGTERM within it still saves the table
    (uvicorn re-raises the signal once stopped, which used to end the process on the spot)."""
    with seeded_service(tmp_path) as base:
        assert httpx.get(f"{base}/ties/founder-hometown?limit=1", timeout=60).status_code == 200
    saved = json.loads((tmp_path / "store-index" / "ties.json").read_text(encoding="utf-8"))
    assert saved["ties"]["founder-hometown"]
