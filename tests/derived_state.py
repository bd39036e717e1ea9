"""Everything a store derives from its stated graphs, read as answers to a fixed set of questions,
and the same answers from a store rebuilt from scratch out of those stated graphs alone.

Two stores agree on derived state when the answers are equal: search hits, every tie kind's
total and top of its ranking, paths, entity pages and the GEXF export's bytes."""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from graph import NotFound, engine_of, load_files, load_settings, open_dataset
from graph.connections import Connections, index_directory, tie_kinds
from graph.entities import describe
from graph.export import ExportRequest, export_graph
from graph.search import SearchIndex
from graph.store import Intent, pending_intent

SEARCHES = ("William Li", "Example Motors", "Hefei", "XPeng")
PATHS = (("william-li", "cn-340100"), ("example-motors", "william-li"), ("lei-jun", "cn-420100"))
PAGES = ("william-li", "nio", "cn-340100", "example-motors", "xpeng")
TIES = 100  # the top of each kind's ranking with evidence (every seed tie), and each kind's total
# Written by tiegraph itself: the ontology, the rules' output and the reference data (exchange rates).
DERIVED = ("https://tiegraph.org/inferred/", "https://tiegraph.org/ontology", "https://tiegraph.org/source/exchange-rates")


def answers(kg: Dataset, directory: Path | None) -> dict[str, Any]:
    """The fixed questions answered from `kg`, with its saved state kept in `directory`."""
    engine = engine_of(kg)
    search = SearchIndex.open(engine, directory)
    connections = Connections(kg, directory)
    pages: dict[str, object] = {}
    for entity in PAGES:
        try:
            pages[entity] = describe(engine, entity)
        except NotFound:
            pages[entity] = None
    paths: dict[str, object] = {}
    for source, target in PATHS:
        try:
            paths[f"{source}→{target}"] = connections.paths(source, target)
        except NotFound:
            paths[f"{source}→{target}"] = None
    exported = io.BytesIO()
    export_graph(kg, exported, ExportRequest(), cache=directory)
    return {
        "search": {text: [(hit.iri, hit.score) for hit in search.search(text)] for text in SEARCHES},
        "ties": {kind: connections.ties(kind, limit=TIES) for kind in sorted(tie_kinds())},
        "paths": paths,
        "pages": pages,
        "export": hashlib.sha256(exported.getvalue()).hexdigest(),
    }


def answers_on_disk(store: Path) -> tuple[dict[str, Any], Intent | None]:
    """Open `store` as every command does (catching up after a crash) and answer; with the write
    intent still pending after opening, which must be none."""
    settings = load_settings({"TIEGRAPH_STORE": str(store)}, settings_file=None)
    kg = open_dataset(settings)
    try:
        return answers(kg, index_directory(settings)), pending_intent(engine_of(kg))
    finally:
        kg.close()


def stated_quads(store: Path) -> bytes:
    """The store's stated graphs as sorted N-Quads: what a rebuild starts from, and whose digest
    tells which state a write left the store in."""
    if not store.exists():
        return b""
    raw = ox.Store.read_only(str(store))
    quads = [q for q in raw if isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.startswith(DERIVED)]
    lines = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).splitlines(keepends=True)
    return b"".join(sorted(lines))


def rebuilt_answers(stated: bytes) -> dict[str, Any]:
    """The answers of a memory store loaded from `stated` (from `stated_quads`) alone."""
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": "memory"}, settings_file=None))
    if stated:
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / "stated.nq"
            path.write_bytes(stated)
            load_files(kg, [path])
    return answers(kg, None)
