"""Paths on the seed graph: exact routes, the evidence on every hop, filters, names and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset

from graph import InputError, NotFound, engine_of
from graph.errors import AmbiguousName
from graph.connections import Connections
from graph.entities import resolve

from tests.cli_runner import tiegraph
from tests.conftest import SEED_FILES

ID = "https://tiegraph.org/id/"
TG = "https://tiegraph.org/ontology#"
ARTICLE_000 = "https://tiegraph.org/source/d45ea5260ee2b7ad"


def ids(result: dict) -> list[list[str]]:
    return [[node["id"] for node in path["nodes"]] for path in result["paths"]]


def test_hefei_to_nio_exact_paths(seed_kg: Dataset) -> None:
    result = Connections(seed_kg).paths("cn-340100", "nio")
    assert ids(result) == [
        ["cn-340100", "nio-china", "nio"],
        ["cn-340100", "william-li", "nio"],
        ["cn-340100", "hefei-rescue-financing-nio-2020", "nio"],
        ["cn-340100", "hefei-municipal-government", "hefei-rescue-financing-nio-2020", "nio"],
        ["cn-340100", "hefei-municipal-government", "hefei-nio-industrial-park-agreement-2021", "nio"],
    ]


def test_an_event_is_a_hop_with_its_date_direction_and_source(seed_kg: Dataset) -> None:
    result = Connections(seed_kg).paths("cn-340100", "nio")
    into, out_of = result["paths"][2]["hops"]
    [place] = into["facts"]
    assert (place["subject"], place["predicate"], place["object"]) == (f"{ID}hefei-rescue-financing-nio-2020", f"{TG}place", f"{ID}cn-340100")
    assert place["direction"] == "backward" and place["predicate_label"] == "place"
    assert place["date"] == "2020"
    assert [s["iri"] for s in place["sources"]] == [ARTICLE_000]
    assert place["sources"][0]["issued"] == "2021-04"
    [recipient] = out_of["facts"]
    assert (recipient["predicate_label"], recipient["direction"], recipient["date"]) == ("recipient", "forward", "2020")


def test_a_hop_lists_both_statements_of_an_inverse_pair(seed_kg: Dataset) -> None:
    hop = Connections(seed_kg).paths("cn-340100", "nio")["paths"][1]["hops"][1]
    stated = {(f["predicate_label"], f["direction"]) for f in hop["facts"]}
    assert stated == {("founder", "backward"), ("founded", "forward")}
    assert all(f["date"] == "2021-04" for f in hop["facts"])


def test_undated_article_facts_cite_their_source_without_a_date(seed_kg: Dataset) -> None:
    result = Connections(seed_kg).paths("lei-jun", "cn-420100", k=2)
    assert ids(result) == [["lei-jun", "wuhan-university", "cn-420100"], ["lei-jun", "cn-420000", "cn-420100"]]
    studied, based = result["paths"][0]["hops"]
    assert [(f["predicate_label"], f["date"]) for f in studied["facts"]] == [("studied at", "2021-04")]
    [campus] = based["facts"]
    assert campus["predicate_label"] == "based in" and campus["date"] is None
    assert [s["iri"] for s in campus["sources"]] == ["https://tiegraph.org/source/background-geography"]


def test_filters_predicates_classes_and_dates(seed_kg: Dataset) -> None:
    connections = Connections(seed_kg)
    only_money = connections.paths("cn-340100", "nio", via=["tg:place", "recipient"])
    assert ids(only_money) == [["cn-340100", "hefei-rescue-financing-nio-2020", "nio"]]
    through_people = connections.paths("cn-340100", "nio", classes=["tg:Person"])
    assert ids(through_people) == [["cn-340100", "william-li", "nio"]]
    in_2020 = connections.paths("cn-340100", "nio", since="2020", until="2020", undated=False)
    assert ids(in_2020) == [["cn-340100", "hefei-rescue-financing-nio-2020", "nio"]]
    # In February 2021 only the park agreement is dated, and Hefei reaches it through facts of April.
    assert connections.paths("cn-340100", "nio", since="2021-02", until="2021-02", undated=False)["paths"] == []


def test_hubs_are_ends_but_never_passed_through(seed_kg: Dataset) -> None:
    connections = Connections(seed_kg)
    # China is a country: Wuhan and Hefei are both in it, which explains nothing.
    assert all("china" not in path[1:-1] for path in ids(connections.paths("cn-420100", "cn-340100", max_length=4)))
    assert ids(connections.paths("cn-420000", "china", k=1)) == [["cn-420000", "china"]]
    # Xiaomi and NIO share only vocabulary concepts (industries) and China: no path.
    assert connections.paths("xiaomi", "nio")["paths"] == []


def test_names_resolve_by_id_label_and_unique_fragment(seed_kg: Dataset) -> None:
    engine = engine_of(seed_kg)
    assert resolve(engine, "lei-jun") == f"{ID}lei-jun"
    assert resolve(engine, "Lei Jun") == f"{ID}lei-jun"
    assert resolve(engine, "雷军") == f"{ID}lei-jun"
    assert resolve(engine, "Optics Valley") == f"{ID}east-lake-high-tech-development-zone"
    assert resolve(engine, "william") == f"{ID}william-li"
    with pytest.raises(AmbiguousName) as ambiguous:
        resolve(engine, "second headquarters")
    assert {iri for iri, _ in ambiguous.value.candidates} == {f"{ID}{firm}-wuhan-second-headquarters" for firm in ("iflytek", "qihoo-360", "kingsoft")}
    with pytest.raises(NotFound):
        resolve(engine, "Tesla")


def test_bad_requests_are_input_errors(seed_kg: Dataset) -> None:
    connections = Connections(seed_kg)
    with pytest.raises(InputError, match="two different entities"):
        connections.paths("nio", "NIO")
    with pytest.raises(InputError, match="not a property"):
        connections.paths("nio", "cn-340100", via=["tg:foundedBy"])
    with pytest.raises(InputError, match="max length"):
        connections.paths("nio", "cn-340100", max_length=9)


def test_cli_path_text_and_json(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert tiegraph(store, "load", *map(str, SEED_FILES)).returncode == 0
    shown = tiegraph(store, "path", "Hefei", "NIO", "--k", "3")
    assert shown.returncode == 0, shown.stderr
    assert "Hefei ←place— Hefei rescue financing for NIO, 2020  [2020; Chinese local governments" in shown.stdout
    as_json = json.loads(tiegraph(store, "path", "cn-340100", "nio", "--format", "json", "--max-len", "2").stdout)
    assert len(as_json["paths"]) == 3 and {p["length"] for p in as_json["paths"]} == {2}
    assert (tmp_path / "store-index" / "adjacency.npz").is_file()
    ambiguous = tiegraph(store, "path", "second headquarters", "nio")
    assert ambiguous.returncode == 1 and "fits" in ambiguous.stderr and "kingsoft-wuhan-second-headquarters" in ambiguous.stderr


def test_a_neighbourhood_view_holds_the_entitys_neighbours_and_the_ends_of_its_events(seed_kg: Dataset) -> None:
    view = Connections(seed_kg).view(["NIO"])
    ids = {node["id"] for node in view["nodes"]}
    # NIO's own neighbours, and through the rescue (an event) the city it names; not its kind.
    assert {"nio", "william-li", "nio-china", "hefei-rescue-financing-nio-2020", "hefei-municipal-government", "cn-340100"} <= ids
    assert "incentive-kind-rescue-financing" not in ids and view["truncated"] is False
    assert view["nodes"][0]["id"] == "nio" and view["nodes"][0]["color"] == "#377eb8"  # a firm's colour in the exports
    edges = {(e["source"].rsplit("/", 1)[1], e["target"].rsplit("/", 1)[1]): e["label"] for e in view["edges"]}
    assert "founded" in edges[("nio", "william-li")] or "founder" in edges[("nio", "william-li")]
    assert all(e["source"] in {n["iri"] for n in view["nodes"]} and e["target"] in {n["iri"] for n in view["nodes"]} for e in view["edges"])
    hefei = next(node for node in Connections(seed_kg).view(["Hefei"])["nodes"] if node["id"] == "cn-340100")
    assert 31 < hefei["latitude"] < 32.5 and 116.5 < hefei["longitude"] < 118  # places carry their coordinates


def test_a_neighbourhood_view_is_bounded_and_names_what_it_cannot_find(seed_kg: Dataset) -> None:
    both = Connections(seed_kg).view(["xiaomi", "nio"])
    assert {"xiaomi", "nio"} <= {n["id"] for n in both["nodes"]}
    small = Connections(seed_kg).view(["xiaomi"], limit=3)
    assert len(small["nodes"]) == 3 and small["truncated"] is True and small["nodes"][0]["id"] == "xiaomi"
    with pytest.raises(NotFound):
        Connections(seed_kg).view(["Tesla"])
    with pytest.raises(InputError):
        Connections(seed_kg).view([])
