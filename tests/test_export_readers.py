"""Exports read back by two independent parsers agree: networkx and graphology (Node 20)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from graph.export import ExportRequest, export_graph

JS = Path(__file__).resolve().parent / "js"
# graphology flattens viz data into node attributes and networkx nests it; spells each reads its own way.
PRESENTATION = {"color", "size", "x", "y", "z", "viz", "spells"}
VARIANTS = [
    pytest.param("gexf", "nodes", False, id="gexf-nodes"),
    pytest.param("gexf", "edges", True, id="gexf-edges-dynamic"),
    pytest.param("graphml", "nodes", False, id="graphml-nodes"),
    pytest.param("graphml", "edges", False, id="graphml-edges"),
]


def graphology(path: Path) -> dict:
    if shutil.which("node") is None or not (JS / "node_modules" / "graphology").exists():
        pytest.fail("graphology is not installed: run `make test`, or `npm ci --prefix tests/js`")
    done = subprocess.run(["node", str(JS / "read.js"), str(path)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def read_networkx(path: Path, export_format: str) -> nx.MultiDiGraph:
    return nx.read_gexf(path, version="1.3") if export_format == "gexf" else nx.read_graphml(path, force_multigraph=True)


@pytest.mark.parametrize(("export_format", "events", "dynamic"), VARIANTS)
def test_networkx_and_graphology_read_the_same_graph(seed_kg: Dataset, tmp_path: Path, export_format: str, events: str, dynamic: bool) -> None:
    path = tmp_path / f"seed.{export_format}"
    with path.open("wb") as out:
        written = export_graph(seed_kg, out, ExportRequest(format=export_format, events=events, dynamic=dynamic))  # type: ignore[arg-type]
    g, js = read_networkx(path, export_format), graphology(path)

    assert g.number_of_nodes() == len(js["nodes"]) == written.nodes > 50
    assert g.number_of_edges() == len(js["edges"]) == written.edges > 80
    assert js["multi"] and js["type"] == "directed"
    for node, attributes in js["nodes"].items():
        ours = {k: v for k, v in attributes.items() if k not in PRESENTATION}
        theirs = {k: v for k, v in g.nodes[node].items() if k not in PRESENTATION}
        assert ours == theirs, node
    networkx_edges = {key: (u, v, data) for u, v, key, data in g.edges(keys=True, data=True)}
    assert set(networkx_edges) == set(js["edges"])
    for key, edge in js["edges"].items():
        u, v, data = networkx_edges[key]
        assert (edge["source"], edge["target"]) == (u, v)
        ours = {k: val for k, val in edge["attributes"].items() if k not in PRESENTATION | {"kind"}}
        assert ours == {k: val for k, val in data.items() if k not in PRESENTATION | {"id", "kind"}}, key


def test_numbers_stay_numbers(seed_kg: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "seed.graphml"
    with path.open("wb") as out:
        export_graph(seed_kg, out, ExportRequest(format="graphml"))
    xpeng_deal = graphology(path)["nodes"]["tgid:guangdong-strategic-investment-xpeng-2021"]
    assert xpeng_deal["amount"] == 500000000 and xpeng_deal["date"] == "2021-03"
    assert read_networkx(path, "graphml").nodes["tgid:cn-420100"]["latitude"] == pytest.approx(30.593175)
