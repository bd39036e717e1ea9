"""`tiegraph export` and `GET /export/graph.*` against a real store, CLI process and uvicorn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import networkx as nx
import pytest

from tests.cli_runner import tiegraph
from tests.conftest import SEED_FILES
from tests.server import running_service

ID = "https://tiegraph.org/id/"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("export") / "store"
    loaded = tiegraph(store, "load", *map(str, SEED_FILES))
    assert loaded.returncode == 0, loaded.stderr
    return store


@pytest.fixture(scope="module")
def service(seed_store: Path) -> Iterator[str]:
    with running_service(seed_store) as base:
        yield base


def test_cli_writes_gexf_to_a_file(seed_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "seed.gexf"
    done = tiegraph(seed_store, "export", "gexf", "--dynamic", "--events", "edges", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert "exported 59 nodes" in done.stderr
    g = nx.read_gexf(target, version="1.3")
    assert g.nodes[f"{ID}cn-420100"]["viz"]["position"]["x"] == pytest.approx(11430.55)


def test_cli_writes_graphml_to_stdout_for_a_neighbourhood(seed_store: Path, tmp_path: Path) -> None:
    done = tiegraph(seed_store, "export", "graphml", "--around", "tgid:xpeng", "--radius", "1", "-o", "-")
    assert done.returncode == 0, done.stderr
    (tmp_path / "xpeng.graphml").write_text(done.stdout, encoding="utf-8")
    g = nx.read_graphml(tmp_path / "xpeng.graphml", force_multigraph=True)
    assert "tgid:xpeng" in g and "tgid:xiaomi" not in g  # GraphML ids are name tokens of the IRIs


def test_cli_types_and_construct(seed_store: Path, tmp_path: Path) -> None:
    query = tmp_path / "born.rq"
    query.write_text("CONSTRUCT { ?p tg:bornIn ?place } WHERE { ?p tg:bornIn ?place }", encoding="utf-8")
    done = tiegraph(seed_store, "export", "gexf", "--construct", str(query))
    assert done.returncode == 0 and "exported 2 nodes and 1 edges" in done.stderr
    typed = tiegraph(seed_store, "export", "gexf", "--types", "Company", "--types", "City")
    assert typed.returncode == 0 and "<node id=\"https://tiegraph.org/id/xiaomi\"" in typed.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["graphml", "--dynamic"], "--dynamic needs GEXF", id="dynamic-graphml"),
        pytest.param(["gexf", "--around", "nobody"], "no entity nobody", id="unknown-entity"),
        pytest.param(["gexf", "--types", "Firmm"], "Firmm is not a class", id="unknown-class"),
    ],
)
def test_cli_errors_are_one_line(seed_store: Path, args: list[str], message: str) -> None:
    done = tiegraph(seed_store, "export", *args)
    assert done.returncode == 1 and message in done.stderr and done.stdout == ""


def test_http_gexf_download(service: str, tmp_path: Path) -> None:
    response = httpx.get(f"{service}/export/graph.gexf", params={"dynamic": "true", "around": "tgid:xpeng"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/gexf+xml")
    assert response.headers["content-disposition"] == 'attachment; filename="tiegraph-xpeng.gexf"'
    (tmp_path / "x.gexf").write_bytes(response.content)
    assert f"{ID}guangdong-state-owned-investors" in nx.read_gexf(tmp_path / "x.gexf", version="1.3")


def test_http_graphml_with_types_and_events_as_edges(service: str, tmp_path: Path) -> None:
    response = httpx.get(f"{service}/export/graph.graphml", params=[("types", "Company"), ("types", "StateBackedFund"), ("events", "edges")], timeout=30)
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="tiegraph.graphml"'
    (tmp_path / "x.graphml").write_bytes(response.content)
    g = nx.read_graphml(tmp_path / "x.graphml", force_multigraph=True)
    deal = g.edges["tgid:guangdong-state-owned-investors", "tgid:xpeng", "tgid:guangdong-strategic-investment-xpeng-2021"]
    assert deal["amount"] == 500000000.0 and deal["date"] == "2021-03"


@pytest.mark.parametrize(
    ("params", "status", "kind"),
    [
        pytest.param({"around": "nobody"}, 404, "NotFound", id="unknown-entity"),
        pytest.param({"types": "Nonsense"}, 400, "InputError", id="unknown-class"),
        pytest.param({"construct": "SELECT * WHERE { ?s ?p ?o }"}, 400, "QueryFailed", id="not-construct"),
        pytest.param({"radius": "-1", "around": "xpeng"}, 400, "BadRequest", id="negative-radius"),
    ],
)
def test_http_errors_have_the_one_shape(service: str, params: dict[str, str], status: int, kind: str) -> None:
    response = httpx.get(f"{service}/export/graph.gexf", params=params, timeout=30)
    assert response.status_code == status
    assert response.json()["error"]["type"] == kind


def test_http_routes_are_documented_with_examples(service: str) -> None:
    paths = httpx.get(f"{service}/openapi.json", timeout=30).json()["paths"]
    for route in ("/export/graph.gexf", "/export/graph.graphml"):
        parameters = {p["name"]: p for p in paths[route]["get"]["parameters"]}
        timeline = {"dynamic"} if route.endswith("gexf") else set()  # GraphML has none to offer
        assert set(parameters) == {*timeline, "events", "around", "radius", "types", "construct", "size_by"}
        assert parameters["around"]["schema"]["examples"] == ["tgid:xpeng"]
        assert paths[route]["get"]["responses"]["200"]["content"]
