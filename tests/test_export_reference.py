"""Reference datasets in exports: they describe what reported facts reach, and add nothing else."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from rdflib import Dataset

from graph import load_files, load_settings, open_dataset
from graph.export import export_graph, ExportRequest, of_types, project, to_networkx
from tests.conftest import SEED_FILES

DATA = Path(__file__).parent / "data"
ID = "https://tiegraph.org/id/"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"


def loaded(*files: Path) -> Dataset:
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": "memory"}))
    load_files(kg, [*SEED_FILES, *files])
    return kg


@pytest.fixture(scope="module")
def reported_county() -> Iterator[nx.MultiDiGraph]:
    """The seeds, the test gazetteer, and a report of a firm in one of its counties."""
    kg = loaded(DATA / "reference_gazetteer.trig", DATA / "lakeside_firm.ttl")
    yield to_networkx(project(kg))
    kg.close()


@pytest.fixture(scope="module")
def unreported() -> Iterator[Dataset]:
    """The seeds and the test gazetteer, which no report mentions."""
    kg = loaded(DATA / "reference_gazetteer.trig")
    yield kg
    kg.close()


def edge_kinds(g: nx.MultiDiGraph, source: str, target: str) -> set[str]:
    """The kinds of the edges drawn from `source` to `target` (local ids)."""
    if ID + source not in g or ID + target not in g:
        return set()
    return {data["kind"] for data in g.get_edge_data(ID + source, ID + target, default={}).values()}


def test_places_nothing_reported_reaches_are_not_drawn(unreported: Dataset) -> None:
    g = to_networkx(project(unreported))
    assert {ID + "highland", ID + "riverton", ID + "lakeside", ID + "faraway"}.isdisjoint(g.nodes)
    assert ID + "cn-420000" in g  # the seeds reach it


def test_entities_of_a_class_leave_out_unreported_places(unreported: Dataset) -> None:
    g = to_networkx(project(unreported, of_types(unreported, ["City"])))
    assert ID + "cn-420100" in g
    assert ID + "faraway" not in g


def test_a_reported_county_brings_its_attributes_and_its_chain_of_ancestors(reported_county: nx.MultiDiGraph) -> None:
    g = reported_county
    county = g.nodes[ID + "lakeside"]
    assert (county["latitude"], county["longitude"]) == (30.1, 114.1)
    assert edge_kinds(g, "lakeside-pumps", "lakeside") == {"basedIn"}
    assert edge_kinds(g, "lakeside", "riverton") == {"locatedIn"}
    assert edge_kinds(g, "riverton", "highland") == {"locatedIn"}
    assert edge_kinds(g, "highland", "china") == {"locatedIn"}
    assert g.nodes[ID + "riverton"]["label"] == "Riverton"


def test_a_sibling_of_a_reported_county_is_not_drawn(reported_county: nx.MultiDiGraph) -> None:
    assert ID + "faraway" not in reported_county


def test_reference_attributes_join_those_of_reported_entities(reported_county: nx.MultiDiGraph) -> None:
    wuhan = reported_county.nodes[ID + "cn-420100"]
    assert "River City" in wuhan["nickname"] and "Motor City" in wuhan["nickname"]
    assert "https://tiegraph.org/source/test-gazetteer" in wuhan["sources"]


def test_a_seed_city_keeps_its_position_and_its_province(seed_kg: Dataset) -> None:
    """The gazetteer is a reference dataset: Hefei's coordinates and province come from it alone."""
    out = io.BytesIO()
    export_graph(seed_kg, out, ExportRequest(format="gexf"))
    doc = etree.parse(io.BytesIO(out.getvalue()))
    hefei = doc.find(f".//{GEXF}node[@id='{ID}cn-340100']")
    position = hefei.find(f"{VIZ}position")
    assert (position.get("x"), position.get("y")) == ("11722.72", "3182.06")
    province = doc.find(f".//{GEXF}edge[@source='{ID}cn-340100'][@target='{ID}cn-340000'][@kind='locatedIn']")
    sources = {v.get("for"): v.get("value") for v in province.iter(f"{GEXF}attvalue")}["sources"]
    assert sources == "https://tiegraph.org/source/gazetteer"
