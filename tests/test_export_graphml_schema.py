"""GraphML exports validate against the GraphML 1.0 XSD: ids are name tokens, each node keeps its
IRI as the `iri` attribute, and networkx still reads the file keyed by those tokens."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from lxml import etree
from rdflib import Dataset

from graph import load_files, load_settings, open_dataset
from graph.build import write_generated
from graph.export import ExportRequest, export_graph
from tests.conftest import SEED_FILES
from tests.specs import schema



@pytest.fixture(scope="module")
def xsd() -> etree.XMLSchema:
    return schema("graphml-1.0/graphml.xsd")


@pytest.fixture(scope="module")
def generated_kg(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    data = tmp_path_factory.mktemp("generated") / "generated.nq"
    with data.open("wb") as out:
        write_generated(out, firms=200, seed=3)
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": "memory"}, settings_file=None))
    load_files(kg, [data, *SEED_FILES])
    return kg


def _graphml(kg: Dataset, events: str) -> bytes:
    out = io.BytesIO()
    export_graph(kg, out, ExportRequest(format="graphml", events=events))
    return out.getvalue()


@pytest.mark.parametrize("events", ["nodes", "edges"])
@pytest.mark.parametrize("which", ["seed", "generated"])
def test_graphml_is_valid_against_the_graphml_10_xsd(seed_kg: Dataset, generated_kg: Dataset, xsd: etree.XMLSchema, which: str, events: str) -> None:
    document = etree.fromstring(_graphml(seed_kg if which == "seed" else generated_kg, events))
    assert xsd.validate(document), xsd.error_log


def test_nodes_keep_their_iri_and_ids_are_tokens(seed_kg: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "seed.graphml"
    path.write_bytes(_graphml(seed_kg, "nodes"))
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.nodes["tgid:xpeng"]["iri"] == "https://tiegraph.org/id/xpeng"
    iris = [data["iri"] for _, data in g.nodes(data=True)]
    assert len(set(iris)) == g.number_of_nodes()
    for iri in iris:
        ox.NamedNode(iri)  # every one a real IRI again
