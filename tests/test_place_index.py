"""The place index follows writes through the store's journal instead of being read again whole,
and a later process starts from the copy saved beside an on-disk store."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from graph import NotFound, engine_of, load_files, load_settings, open_dataset, resolve_place
from graph.places import PlaceIndex, place_index
from graph.store import keep_beside
from graph.store import store_revision

from tests.conftest import ROOT
from tests.kept_state import fixtures_for

ID = "https://tiegraph.org/id/"
INDEX_FILE = "place-index.pickle"
PREFIXES = """@prefix tg: <https://tiegraph.org/ontology#> . @prefix tgid: <https://tiegraph.org/id/> .
@prefix tgsrc: <https://tiegraph.org/source/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .
"""


def zone_file(directory: Path, places: dict[str, tuple[str, str]], unclassed: tuple[str, ...] = ()) -> Path:
    """A TriG file of one described source graph stating development zones in Wuhan, id → (English,
    Chinese name); those `unclassed` are named but not said to be zones (nor any place)."""
    zones = "".join(
        f'tgid:{zone} {"" if zone in unclassed else "a tg:DevelopmentZone ;"} rdfs:label "{english}"@en ; skos:altLabel "{chinese}"@zh ; tg:locatedIn tgid:cn-420100 .\n'
        for zone, (english, chinese) in places.items()
    )
    path = directory / f"zones-{len(list(directory.glob('zones-*')))}.trig"
    path.write_text(
        PREFIXES + "GRAPH tgsrc:zone-notes {\n"
        'tgsrc:zone-notes a tg:SourceDocument ; rdfs:label "Notes on zones"@en ; dcterms:title "Notes on zones"@en ;'
        ' dcterms:identifier "zone-notes" ; tg:titleSupplied true .\n' + zones + "}\n",
        encoding="utf-8",
    )
    return path


def contents(index: PlaceIndex) -> dict[str, object]:
    """The index's tables with their values as sets: the order a key's places were filed in is no part of it."""
    return {name: {key: set(value) for key, value in table.items()} for name, table in vars(index).items() if isinstance(table, dict)}


seeded, store, fresh_process, kg, builds = fixtures_for("graph.places.current._KEPT", PlaceIndex)


def test_writes_bring_the_index_forward_to_what_a_build_reads(kg: Dataset, tmp_path: Path, builds: list[str]) -> None:
    engine = engine_of(kg)
    assert resolve_place(kg, "Xiantao") == f"{ID}cn-429004" and len(builds) == 1
    load_files(kg, [zone_file(tmp_path, {"qinghe-test-zone": ("Qinghe Test Zone", "清河测试区"), "luoshi-test-zone": ("Luoshi Test Zone", "罗石测试区")})])
    assert resolve_place(kg, "qinghe test zone") == f"{ID}qinghe-test-zone" == resolve_place(kg, "清河测试区")
    assert len(builds) == 1, "a write that the journal describes must not read every place again"
    brought = contents(place_index(engine))
    assert brought == contents(PlaceIndex.build(engine))
    # The same graph again: one zone renamed, the other no longer a place (its names unchanged).
    load_files(kg, [zone_file(tmp_path, {"qinghe-test-zone": ("Baihe Test Zone", "白河测试区"), "luoshi-test-zone": ("Luoshi Test Zone", "罗石测试区")}, unclassed=("luoshi-test-zone",))])
    builds.clear()
    assert resolve_place(kg, "Baihe Test Zone") == f"{ID}qinghe-test-zone"
    for gone in ("Qinghe Test Zone", "清河测试区", "Luoshi Test Zone", "罗石测试区"):
        with pytest.raises(NotFound):
            resolve_place(kg, gone)
    assert builds == []
    assert f"{ID}luoshi-test-zone" not in place_index(engine).names
    assert contents(place_index(engine)) == contents(PlaceIndex.build(engine))
    # Classed again, with nothing else changed: a place once more.
    builds.clear()
    load_files(kg, [zone_file(tmp_path, {"qinghe-test-zone": ("Baihe Test Zone", "白河测试区"), "luoshi-test-zone": ("Luoshi Test Zone", "罗石测试区")})])
    assert resolve_place(kg, "罗石测试区") == f"{ID}luoshi-test-zone" and builds == []


def test_an_index_the_journal_cannot_reach_is_built_again(kg: Dataset, tmp_path: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    resolve_place(kg, "Xiantao")
    monkeypatch.setattr("graph.store.kept.changes_between", lambda *_: None)
    load_files(kg, [zone_file(tmp_path, {"qinghe-test-zone": ("Qinghe Test Zone", "清河测试区")})])
    assert resolve_place(kg, "Qinghe Test Zone") == f"{ID}qinghe-test-zone"
    assert builds == [builds[0], store_revision(engine_of(kg))]


def test_a_later_process_brings_the_saved_index_forward(store: Path, tmp_path: Path) -> None:
    saved = store.parent / "store-index" / INDEX_FILE
    settings = load_settings({"TIEGRAPH_STORE": str(store)}, settings_file=None)
    kg = open_dataset(settings)
    keep_beside(engine_of(kg), saved.parent)
    resolve_place(kg, "Xiantao")
    kg.close()  # closing saves what is waiting to be saved
    assert _saved_revision(saved) == _revision(store)
    kg = open_dataset(settings)  # a write by a process that keeps no place index
    load_files(kg, [zone_file(tmp_path, {"qinghe-test-zone": ("Qinghe Test Zone", "清河测试区")})])
    kg.close()
    assert _saved_revision(saved) != _revision(store)
    # A new process: it must resolve the new zone without reading every place again.
    script = f"""
import sys
from pathlib import Path
from graph import engine_of, load_settings, open_dataset, resolve_place
from graph.places import PlaceIndex
from graph.store import keep_beside
def refuse(*_): raise SystemExit("PlaceIndex.build was called")
PlaceIndex.build = classmethod(refuse)
kg = open_dataset(load_settings({{"TIEGRAPH_STORE": {str(store)!r}}}, settings_file=None))
keep_beside(engine_of(kg), Path({str(saved.parent)!r}))
print(resolve_place(kg, "清河测试区"))
kg.close()
"""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("TIEGRAPH_")}, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{ID}qinghe-test-zone"
    assert _saved_revision(saved) == _revision(store)  # brought forward, then saved again


def test_a_saved_index_of_another_format_is_ignored(kg: Dataset, store: Path, builds: list[str]) -> None:
    saved = store.parent / "store-index" / INDEX_FILE
    saved.parent.mkdir(parents=True, exist_ok=True)
    revision = store_revision(engine_of(kg))
    saved.write_bytes(pickle.dumps((("another format",), {"revision": revision})))
    assert resolve_place(kg, "Xiantao") == f"{ID}cn-429004"
    assert builds == [revision]


def _saved_revision(path: Path) -> str:
    _, state = pickle.loads(path.read_bytes())
    return state["revision"]


def _revision(store: Path) -> str:
    """The revision of a store no process has open."""
    return store_revision(ox.Store.read_only(str(store)))
