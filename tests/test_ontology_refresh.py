"""After an upgrade changes ontology/tiegraph.ttl, the store's copy of the ontology is rewritten
by the next command that opens it, not left old until the next write of data."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import engine_of, load_files, load_settings, open_dataset, refresh_ontology
from graph.model import ONTOLOGY_FILE
from graph.store import Engine, store_revision
from tests.cli_runner import tiegraph
from tests.conftest import SEED_FILES

ONTOLOGY = ox.NamedNode("https://tiegraph.org/ontology")
OLD_WORDING = ox.Quad(ox.NamedNode("https://tiegraph.org/ontology#Company"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"), ox.Literal("wording of an older release", language="en"), ONTOLOGY)


def holds(engine: Engine, quad: ox.Quad) -> bool:
    return any(True for _ in engine.quads_for_pattern(quad.subject, quad.predicate, quad.object, quad.graph_name))


@pytest.fixture
def upgraded_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store last written by a release whose ontology said one thing more than today's file."""
    older = tmp_path / "older-tiegraph.ttl"
    older.write_text(ONTOLOGY_FILE.read_text(encoding="utf-8") + '\ntg:Company rdfs:comment "wording of an older release"@en .\n', encoding="utf-8")
    store = tmp_path / "store"
    with monkeypatch.context() as patched:
        patched.setattr("graph.load.staging.ONTOLOGY_FILE", older)
        kg = open_dataset(load_settings({"TIEGRAPH_STORE": str(store)}, settings_file=None))
        load_files(kg, SEED_FILES)
        assert holds(engine_of(kg), OLD_WORDING)
        kg.close()
    return store


def test_an_older_ontology_is_rewritten_once(upgraded_store: Path) -> None:
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": str(upgraded_store)}, settings_file=None))
    engine = engine_of(kg)
    before = store_revision(engine)
    assert refresh_ontology(kg) is True
    assert not holds(engine, OLD_WORDING) and store_revision(engine) != before
    expected = ox.Store()
    expected.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY)
    assert set(engine.quads_for_pattern(None, None, None, ONTOLOGY)) == set(expected)
    assert refresh_ontology(kg) is False and not holds(engine, OLD_WORDING)
    kg.close()


def test_the_next_command_rewrites_it_and_says_so(upgraded_store: Path) -> None:
    stats = tiegraph(upgraded_store, "stats")
    assert stats.returncode == 0, stats.stderr
    assert "the store's copy of the ontology was older than tiegraph.ttl: rewritten" in stats.stderr
    again = tiegraph(upgraded_store, "stats")
    assert again.returncode == 0 and "ontology" not in again.stderr
    asked = tiegraph(upgraded_store, "query", "ASK { GRAPH <https://tiegraph.org/ontology> { ?c <http://www.w3.org/2000/01/rdf-schema#comment> \"wording of an older release\"@en } }")
    assert asked.returncode == 0 and '"boolean":false' in asked.stdout.replace(" ", ""), asked.stdout
