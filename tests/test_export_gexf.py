"""GEXF exports of the seed graph: valid GEXF 1.3, and they look right on known entities."""

from __future__ import annotations

import copy
import io

import pytest
from lxml import etree
from rdflib import Dataset

from graph.export import export_graph, ExportRequest, FAMILY_COLOURS
from graph.model import TG
from tests.specs import schema

GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
ID = "https://tiegraph.org/id/"
VARIANTS = [
    pytest.param("nodes", False, id="events-as-nodes"),
    pytest.param("nodes", True, id="events-as-nodes-dynamic"),
    pytest.param("edges", False, id="events-as-edges"),
    pytest.param("edges", True, id="events-as-edges-dynamic"),
]


def export(kg: Dataset, events: str = "nodes", dynamic: bool = False) -> etree._ElementTree:
    out = io.BytesIO()
    export_graph(kg, out, ExportRequest(format="gexf", events=events, dynamic=dynamic))  # type: ignore[arg-type]
    return etree.parse(io.BytesIO(out.getvalue()))


def node(doc: etree._ElementTree, name: str) -> etree._Element:
    return doc.find(f".//{GEXF}node[@id='{ID}{name}']")


def values(element: etree._Element) -> dict[str, str]:
    return {v.get("for"): v.get("value") for v in element.iter(f"{GEXF}attvalue")}


@pytest.fixture(scope="module")
def relaxng() -> etree.RelaxNG:
    return schema("gexf/1.3/gexf.rng")


@pytest.fixture(scope="module")
def xsd() -> etree.XMLSchema:
    return schema("gexf/1.3/gexf.xsd")


@pytest.mark.parametrize(("events", "dynamic"), VARIANTS)
def test_export_is_valid_against_the_gexf_13_relaxng(seed_kg: Dataset, relaxng: etree.RelaxNG, events: str, dynamic: bool) -> None:
    doc = export(seed_kg, events, dynamic)
    assert relaxng.validate(doc), relaxng.error_log


@pytest.mark.parametrize(("events", "dynamic"), VARIANTS)
def test_export_is_valid_against_the_xsd_once_viz_is_moved(seed_kg: Dataset, xsd: etree.XMLSchema, events: str, dynamic: bool) -> None:
    """The published XSDs declare viz elements in the GEXF namespace (see the specs README)."""
    moved = copy.deepcopy(export(seed_kg, events, dynamic))
    viz = [e for e in moved.iter() if isinstance(e.tag, str) and e.tag.startswith(VIZ)]
    assert viz
    for element in viz:
        element.tag = GEXF + element.tag[len(VIZ):]
    assert xsd.validate(moved), xsd.error_log


def test_root_has_no_attributes_the_schema_rejects(seed_kg: Dataset) -> None:
    doc = export(seed_kg)
    assert doc.getroot().attrib == {"version": "1.3"}
    assert "name" not in doc.find(f"{GEXF}graph").attrib


def test_each_attribute_class_is_declared_once(seed_kg: Dataset) -> None:
    classes = [a.get("class") for a in export(seed_kg).iter(f"{GEXF}attributes")]
    assert sorted(classes) == ["edge", "node"]


def test_places_with_coordinates_sit_on_the_map(seed_kg: Dataset) -> None:
    doc = export(seed_kg)
    wuhan, hefei = node(doc, "cn-420100").find(f"{VIZ}position"), node(doc, "cn-340100").find(f"{VIZ}position")
    assert (float(wuhan.get("x")), float(wuhan.get("y"))) == pytest.approx((11430.55, 3059.32))
    assert float(hefei.get("x")) > float(wuhan.get("x"))  # Hefei lies east of Wuhan
    assert node(doc, "xiaomi").find(f"{VIZ}position") is None


def test_nodes_are_coloured_by_class(seed_kg: Dataset) -> None:
    doc = export(seed_kg)

    def colour(name: str) -> tuple[int, int, int]:
        element = node(doc, name).find(f"{VIZ}color")
        return int(element.get("r")), int(element.get("g")), int(element.get("b"))

    assert colour("xiaomi") == colour("xpeng") == FAMILY_COLOURS[TG.Firm]
    assert colour("lei-jun") == FAMILY_COLOURS[TG.Person]
    assert colour("hefei-municipal-government") == FAMILY_COLOURS[TG.GovernmentBody]
    assert colour("cn-420100") == FAMILY_COLOURS[TG.Place]
    assert colour("xiaomi") != colour("lei-jun")


def test_nodes_are_sized_by_degree(seed_kg: Dataset) -> None:
    doc = export(seed_kg)

    def size(name: str) -> float:
        return float(node(doc, name).find(f"{VIZ}size").get("value"))

    assert size("xiaomi") > size("xpeng") > size("counterpoint-research")


def test_nodes_can_be_sized_by_an_attribute(seed_kg: Dataset) -> None:
    out = io.BytesIO()
    export_graph(seed_kg, out, ExportRequest(size_by="amount"))
    doc = etree.parse(io.BytesIO(out.getvalue()))
    big = float(node(doc, "xiaomi-smart-ev-entry-announcement-2021").find(f"{VIZ}size").get("value"))
    small = float(node(doc, "guangdong-strategic-investment-xpeng-2021").find(f"{VIZ}size").get("value"))
    assert big > small > float(node(doc, "xiaomi").find(f"{VIZ}size").get("value"))


def test_the_investment_in_xpeng_carries_its_amount_and_date(seed_kg: Dataset) -> None:
    attributes = values(node(export(seed_kg), "guangdong-strategic-investment-xpeng-2021"))
    assert attributes["amount"] == "500000000.0"
    assert attributes["currency"] == "CNY"
    assert attributes["date"] == "2021-03"
    assert attributes["tg:kind"] == "strategic investment"
    assert attributes["kind"] == "Incentive"


def test_as_an_edge_the_investment_runs_from_investor_to_xpeng(seed_kg: Dataset) -> None:
    doc = export(seed_kg, "edges", dynamic=True)
    edge = doc.find(f".//{GEXF}edge[@id='{ID}guangdong-strategic-investment-xpeng-2021']")
    assert (edge.get("source"), edge.get("target")) == (f"{ID}guangdong-state-owned-investors", f"{ID}xpeng")
    assert edge.get("kind") == "Incentive"
    assert values(edge)["amount"] == "500000000.0"
    assert edge.find(f"{GEXF}spells/{GEXF}spell").get("start") == "2021-03-01"
    assert node(doc, "guangdong-strategic-investment-xpeng-2021") is None


def test_dated_facts_get_spells_in_dynamic_exports_only(seed_kg: Dataset) -> None:
    dynamic, static = export(seed_kg, dynamic=True), export(seed_kg)
    assert dynamic.find(f"{GEXF}graph").get("mode") == "dynamic"
    assert dynamic.find(f"{GEXF}graph").get("timeformat") == "date"
    spell = node(dynamic, "hefei-rescue-financing-nio-2020").find(f"{GEXF}spells/{GEXF}spell")
    assert spell.get("start") == "2020-01-01"
    enrolment = node(dynamic, "lei-jun-enrolment-wuhan-university-1987").find(f"{GEXF}spells/{GEXF}spell")
    assert enrolment.get("start") == "1987-01-01"
    grant = dynamic.find(f".//{GEXF}edge[@source='{ID}hefei-rescue-financing-nio-2020'][@target='{ID}nio']")
    assert grant.find(f"{GEXF}spells/{GEXF}spell").get("start") == "2020-01-01"
    assert node(dynamic, "xiaomi").find(f"{GEXF}spells") is None
    assert not list(static.iter(f"{GEXF}spells"))


def test_edges_carry_kind_label_weight_and_sources(seed_kg: Dataset) -> None:
    doc = export(seed_kg)
    edge = doc.find(f".//{GEXF}edge[@source='{ID}lei-jun'][@target='{ID}cn-429004']")
    assert (edge.get("kind"), edge.get("label"), edge.get("weight")) == ("bornIn", "born in", "1.0")
    both = doc.find(f".//{GEXF}edge[@source='{ID}xiaomi'][@target='{ID}xiaomi-wuhan-headquarters']")
    assert both.get("weight") == "2.0"  # stated by both articles
    assert len(values(both)["sources"].split()) == 2


def test_inverse_relations_are_drawn_once(seed_kg: Dataset) -> None:
    doc = export(seed_kg)
    founded = doc.findall(f".//{GEXF}edge[@source='{ID}william-li'][@target='{ID}nio']")
    assert [e.get("kind") for e in founded] == ["founded"]
    assert doc.find(f".//{GEXF}edge[@source='{ID}nio'][@target='{ID}william-li']") is None


def test_sources_and_ontology_terms_are_not_nodes(seed_kg: Dataset) -> None:
    ids = {n.get("id") for n in export(seed_kg).iter(f"{GEXF}node")}
    assert not any(i.startswith("https://tiegraph.org/source/") or i.startswith("https://tiegraph.org/ontology") for i in ids)
    assert f"{ID}industry-smartphones" in ids  # an industry a firm focuses on is a node
    assert f"{ID}incentive-kind-rescue-financing" not in ids  # an event's kind is an attribute


def test_export_streams_ids_that_are_iris(seed_kg: Dataset) -> None:
    doc = export(seed_kg)
    assert all(n.get("id").startswith(ID) for n in doc.iter(f"{GEXF}node"))
    assert int(doc.find(f".//{GEXF}edges").get("count")) == len(list(doc.iter(f"{GEXF}edge")))
