"""Rendering an export in a second process gives the same document, byte for byte, as rendering
it in this one, and a failure there is reported here with no process left behind."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rdflib import Dataset

import graph.gexf
from graph.export import ExportRequest, export_graph
from graph.render_worker import RenderFailed, can_render_in_worker

pytestmark = pytest.mark.skipif(not can_render_in_worker(), reason="needs fork and two cores")
REQUESTS = [
    ExportRequest(format="gexf"),
    ExportRequest(format="gexf", dynamic=True),
    ExportRequest(format="gexf", events="edges"),
    ExportRequest(format="graphml"),
    ExportRequest(format="gexf", around="https://tiegraph.org/id/xpeng", radius=2),
]


def exported(kg: Dataset, request: ExportRequest, in_worker: bool) -> tuple[bytes, int, int]:
    out = io.BytesIO()
    written = export_graph(kg, out, request, in_worker=in_worker)
    return out.getvalue(), written.nodes, written.edges


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: f"{r.format}-{r.events}-{'dynamic' if r.dynamic else 'static'}-{'around' if r.around else 'all'}")
def test_the_worker_writes_the_same_document(seed_kg: Dataset, request_: ExportRequest) -> None:
    here, there = exported(seed_kg, request_, False), exported(seed_kg, request_, True)
    assert here[2] > 0
    assert there == here


def test_a_failing_worker_is_reported_and_reaped(seed_kg: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(node: object, size: float, dynamic: bool) -> str:
        raise RuntimeError("no colour for this node")

    monkeypatch.setattr(graph.gexf, "_node", broken)
    before = child_processes()
    out = io.BytesIO()
    with pytest.raises(RenderFailed, match="RuntimeError: no colour for this node"):
        export_graph(seed_kg, out, ExportRequest(), in_worker=True)
    assert out.getvalue() == b""
    assert child_processes() == before


def child_processes() -> set[str]:
    tasks = Path(f"/proc/{os.getpid()}/task")
    return {pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()}
