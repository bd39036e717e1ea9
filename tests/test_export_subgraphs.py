"""Any subgraph can be exported: a neighbourhood, some classes, a CONSTRUCT result, a path's triples."""

from __future__ import annotations

import re

import pytest
from rdflib import Dataset

from graph import InputError, NotFound, QueryFailed
from graph.export import ExportRequest, around, constructed, Edge, export_graph, Node, of_types, project, Selection, to_networkx

ID = "https://tiegraph.org/id/"
TG = "https://tiegraph.org/ontology#"


def drawn(kg: Dataset, selection: Selection, events: str = "nodes") -> tuple[set[str], list[Edge]]:
    elements = list(project(kg, selection, events))  # type: ignore[arg-type]
    nodes = {e.id for e in elements if isinstance(e, Node)}
    edges = [e for e in elements if isinstance(e, Edge)]
    assert all(e.source in nodes and e.target in nodes for e in edges)
    return nodes, edges


def test_neighbourhood_of_xpeng_reaches_its_investor_through_the_event(seed_kg: Dataset) -> None:
    nodes, _ = drawn(seed_kg, around(seed_kg, "tgid:xpeng", 1))
    assert {f"{ID}xpeng", f"{ID}cn-440100", f"{ID}guangdong-strategic-investment-xpeng-2021", f"{ID}guangdong-state-owned-investors"} <= nodes
    assert f"{ID}xiaomi" not in nodes
    _, edges = drawn(seed_kg, around(seed_kg, "xpeng", 1), "edges")
    assert any(e.id == f"{ID}guangdong-strategic-investment-xpeng-2021" for e in edges)


def test_radius_grows_the_neighbourhood(seed_kg: Dataset) -> None:
    one, two = around(seed_kg, "xpeng", 1).nodes, around(seed_kg, "xpeng", 2).nodes
    assert one < two and around(seed_kg, "xpeng", 0).nodes == {f"{ID}xpeng"}


def test_unknown_entity_is_not_found(seed_kg: Dataset) -> None:
    with pytest.raises(NotFound, match="no-such-firm"):
        around(seed_kg, "no-such-firm", 1)


def test_entities_of_given_classes_include_subclasses(seed_kg: Dataset) -> None:
    nodes, edges = drawn(seed_kg, of_types(seed_kg, ["Company", "City"]))
    assert {f"{ID}xiaomi", f"{ID}nio-china", f"{ID}cn-420100", f"{ID}cn-340100"} <= nodes
    assert f"{ID}lei-jun" not in nodes and f"{ID}cn-420000" not in nodes
    assert any(e.kind == "headquarteredIn" for e in edges)
    with pytest.raises(InputError, match="Compnay"):
        of_types(seed_kg, ["Compnay"])


def test_events_between_selected_classes_become_edges(seed_kg: Dataset) -> None:
    _, edges = drawn(seed_kg, of_types(seed_kg, ["Company", "GovernmentBody"]), "edges")
    assert {e.id for e in edges if e.kind == "Incentive"} >= {f"{ID}hefei-rescue-financing-nio-2020"}


def test_construct_result_is_a_subgraph(seed_kg: Dataset) -> None:
    sparql = "CONSTRUCT { ?p tg:bornIn ?place } WHERE { ?p tg:bornIn ?place }"
    nodes, edges = drawn(seed_kg, constructed(seed_kg, sparql))
    assert nodes == {f"{ID}lei-jun", f"{ID}cn-429004"}
    assert [e.kind for e in edges] == ["bornIn"]
    with pytest.raises(QueryFailed, match="CONSTRUCT"):
        constructed(seed_kg, "SELECT * WHERE { ?s ?p ?o }")


def test_a_path_is_passed_as_its_triples(seed_kg: Dataset) -> None:
    """How graph.connections.paths / graph.connections.ties results are exported: Selection.from_triples."""
    path = [(f"{ID}lei-jun", f"{TG}founded", f"{ID}xiaomi"), (f"{ID}xiaomi", f"{TG}hasFacility", f"{ID}xiaomi-wuhan-headquarters")]
    g = to_networkx(project(seed_kg, Selection.from_triples(path)))
    assert set(g.nodes) == {f"{ID}lei-jun", f"{ID}xiaomi", f"{ID}xiaomi-wuhan-headquarters"}
    assert sorted(d["kind"] for _, _, d in g.edges(data=True)) == ["founded", "hasFacility"]


def test_projection_as_networkx_keeps_types(seed_kg: Dataset) -> None:
    g = to_networkx(project(seed_kg))
    deal = g.nodes[f"{ID}guangdong-strategic-investment-xpeng-2021"]
    assert deal["amount"] == 500000000.0 and deal["kind"] == "Incentive" and deal["start"] == "2021-03-01"
    assert g.nodes[f"{ID}xiaomi-smartphone-rank-china-2021-02"]["rank"] == 1
    assert all(value is not None and not isinstance(value, list) for _, data in g.nodes(data=True) for value in data.values())


def test_subgraphs_given_together_keep_what_each_keeps(seed_kg: Dataset) -> None:
    near, companies = around(seed_kg, "xpeng", 2), of_types(seed_kg, ["Company"])
    both = near.intersected(companies)
    assert both.nodes == near.nodes & companies.nodes and f"{ID}xpeng" in both.nodes
    assert f"{ID}cn-440100" in near.nodes and f"{ID}cn-440100" not in both.nodes
    assert Selection().intersected(near) == near


def test_neighbourhoods_drawn_together_keep_each_ones_entities_and_the_relations_among_them(seed_kg: Dataset, tmp_path) -> None:  # type: ignore[no-untyped-def]
    xpeng, wuhan = around(seed_kg, "xpeng", 1), around(seed_kg, "cn-420100", 1)
    both = Selection.united([xpeng, wuhan])
    assert both.nodes == xpeng.nodes | wuhan.nodes  # type: ignore[operator]
    nodes, edges = drawn(seed_kg, both)
    assert nodes == drawn(seed_kg, xpeng)[0] | drawn(seed_kg, wuhan)[0] and edges
    # As a file: both neighbourhoods in one export.
    out = tmp_path / "both.gexf"
    with out.open("wb") as written:
        export_graph(seed_kg, written, ExportRequest(format="gexf", around=("xpeng", "cn-420100")))
    drawn_ids = set(re.findall(r'<node id="([^"]+)"', out.read_text(encoding="utf-8")))
    assert drawn_ids == nodes
