"""The `tiegraph` command line, run as a user would run it."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from tests.cli_runner import tiegraph
from tests.conftest import DATA, SEED_FILES

COMMANDS = ["load", "validate", "query", "stats", "dump", "serve", "generate"]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """An on-disk store with the seed graph loaded through the CLI."""
    path = tmp_path / "store"
    result = tiegraph(path, "load", *map(str, SEED_FILES))
    assert result.returncode == 0, result.stderr
    assert "loaded" in result.stdout
    return path


@pytest.mark.parametrize("command", [pytest.param(c, id=c) for c in COMMANDS])
def test_every_command_has_help(tmp_path: Path, command: str) -> None:
    result = tiegraph(tmp_path / "unused", command, "--help")
    assert result.returncode == 0
    assert "Usage: tiegraph " + command in result.stdout


def test_query_json_from_argument(store: Path) -> None:
    result = tiegraph(store, "query", "--format", "json", 'SELECT ?place WHERE { tgid:lei-jun tg:bornIn ?place }')
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert {b["place"]["value"] for b in bindings} == {"https://tiegraph.org/id/cn-429004"}


def test_query_from_stdin_as_csv(store: Path) -> None:
    result = tiegraph(store, "query", "--format", "csv", stdin='SELECT ?label WHERE { tgid:cn-420100 rdfs:label ?label } ORDER BY ?label')
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["label"] and ["武汉"] in rows and ["Wuhan"] in rows


def test_query_from_file_as_table(store: Path, tmp_path: Path) -> None:
    query_file = tmp_path / "q.rq"
    query_file.write_text('SELECT ?firm WHERE { ?firm tg:basedIn tgid:cn-440100 }', encoding="utf-8")
    result = tiegraph(store, "query", "--file", str(query_file), "--format", "table")
    assert "tgid:xpeng" in result.stdout and "row" in result.stdout


def test_construct_as_turtle_reparses(store: Path) -> None:
    result = tiegraph(store, "query", "--format", "turtle", "CONSTRUCT { tgid:xiaomi ?p ?o } WHERE { tgid:xiaomi ?p ?o }")
    g = Graph().parse(data=result.stdout, format="turtle")
    assert len(g) > 3


def test_stats_json(store: Path) -> None:
    stats = json.loads(tiegraph(store, "stats", "--format", "json").stdout)
    assert stats["classes"]["https://tiegraph.org/ontology#Person"] == 2
    assert "https://tiegraph.org/source/d45ea5260ee2b7ad" in stats["sources"]


def test_dump_reparses_with_rdflib_and_pyoxigraph(store: Path) -> None:
    trig = tiegraph(store, "dump", "--format", "trig", "-o", "-").stdout
    nquads = tiegraph(store, "dump", "--format", "nquads").stdout
    parsed = Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib 7.6 warns on its own N-Quads parsing
        parsed.parse(data=nquads, format="nquads")
    assert sum(1 for _ in parsed.quads((None, None, None, None))) == len(nquads.splitlines())
    assert {str(g.identifier) for g in parsed.graphs()} >= {"https://tiegraph.org/ontology", "https://tiegraph.org/source/d45ea5260ee2b7ad"}
    assert len(list(ox.parse(trig.encode(), format=ox.RdfFormat.TRIG))) == len(nquads.splitlines())


@pytest.mark.skipif(shutil.which("rapper") is None, reason="Debian's raptor2-utils is not installed; .ci/run installs it")
def test_dump_reparses_with_rapper(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "dump.trig"
    assert tiegraph(store, "dump", "-o", str(out)).returncode == 0
    counted = subprocess.run(["rapper", "-i", "trig", "-c", str(out)], capture_output=True, text=True, check=False)
    assert counted.returncode == 0, counted.stderr
    lines = tiegraph(store, "dump", "--format", "nquads").stdout.splitlines()
    assert f"returned {len(lines)} triples" in counted.stderr


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        pytest.param("bad_syntax.ttl", "line 7", id="syntax"),
        pytest.param("shape_violation.ttl", "sh:pattern", id="shape"),
        pytest.param("undefined_term.ttl", "tg:foundedBy is not defined", id="undefined-term"),
    ],
)
def test_bad_file_is_one_clear_error_and_changes_nothing(store: Path, fixture: str, expected: str) -> None:
    before = tiegraph(store, "dump", "--format", "nquads").stdout
    result = tiegraph(store, "load", str(DATA / fixture))
    assert result.returncode == 1
    assert expected in result.stderr and fixture in result.stderr
    assert "Traceback" not in result.stderr
    assert tiegraph(store, "dump", "--format", "nquads").stdout == before


def test_validate_writes_nothing(store: Path) -> None:
    result = tiegraph(store, "validate", str(DATA / "extra_firm.ttl"))
    assert result.returncode == 0 and result.stdout.startswith("valid:")
    ask = tiegraph(store, "query", "--format", "json", "ASK { tgid:example-robotics ?p ?o }")
    assert json.loads(ask.stdout)["boolean"] is False


def test_malformed_query_is_one_line_with_position(store: Path) -> None:
    result = tiegraph(store, "query", "SELECT ?x WHERE { ?x ?y }")
    assert result.returncode == 1
    assert "line 1, column 26" in result.stderr and "Traceback" not in result.stderr


def test_bad_setting_is_named(tmp_path: Path) -> None:
    result = tiegraph("memory", "stats")
    assert result.returncode == 0
    from tests.cli_runner import TIEGRAPH, environment

    env = environment(tmp_path / "s", query_timeout="soon")
    bad = subprocess.run([TIEGRAPH, "stats"], capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 1 and "TIEGRAPH_QUERY_TIMEOUT='soon'" in bad.stderr


def test_generated_graph_loads(tmp_path: Path) -> None:
    generated = tmp_path / "generated.nq"
    made = tiegraph(tmp_path / "store", "generate", "--firms", "40", "--seed", "7", "-o", str(generated))
    assert made.returncode == 0 and "generated" in made.stderr
    loaded = tiegraph(tmp_path / "store", "load", str(generated))
    assert loaded.returncode == 0, loaded.stderr
    stats = json.loads(tiegraph(tmp_path / "store", "stats", "--format", "json").stdout)
    assert stats["classes"]["https://tiegraph.org/ontology#Company"] >= 40


def test_large_invalid_load_written_while_validating_is_undone(store: Path, tmp_path: Path) -> None:
    # Over the transaction limit, a load of new graphs is written while it is validated.
    generated = tmp_path / "large.nq"
    assert tiegraph(tmp_path / "unused", "generate", "--firms", "3500", "-o", str(generated)).returncode == 0
    with generated.open("a", encoding="utf-8") as nquads:
        nquads.write('<https://tiegraph.org/id/synthetic-incentive-1> <https://tiegraph.org/ontology#amount> "lots" <https://tiegraph.org/source/synthetic-0> .\n')
    before = tiegraph(store, "dump", "--format", "nquads").stdout
    result = tiegraph(store, "load", "--progress", str(generated))
    assert result.returncode == 1 and "synthetic-incentive-1" in result.stderr and "sh:datatype xsd:decimal" in result.stderr
    assert tiegraph(store, "dump", "--format", "nquads").stdout == before


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated file over the size at which a fresh store is written while it is checked."""
    path = tmp_path_factory.mktemp("large") / "large.nq"
    assert tiegraph("memory", "generate", "--firms", "4000", "-o", str(path)).returncode == 0
    return path


def test_fresh_store_load_written_while_checked_matches_a_checked_load(large_file: Path, tmp_path: Path) -> None:
    fresh = tiegraph(tmp_path / "fresh", "load", "--progress", str(large_file))
    assert fresh.returncode == 0, fresh.stderr
    assert "write" in fresh.stderr  # the progress bar
    seeded = tmp_path / "seeded"
    assert tiegraph(seeded, "load", *map(str, SEED_FILES)).returncode == 0
    assert tiegraph(seeded, "load", str(large_file)).returncode == 0  # not fresh: checked, then written
    dump = lambda store: {line for line in tiegraph(store, "dump", "--format", "nquads").stdout.splitlines() if "synthetic" in line}  # noqa: E731
    assert dump(tmp_path / "fresh") == dump(seeded)


def test_fresh_store_invalid_large_load_leaves_it_empty(large_file: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.nq"
    broken.write_bytes(large_file.read_bytes() + b'<https://tiegraph.org/id/synthetic-firm-1> <https://tiegraph.org/ontology#founder> <https://tiegraph.org/id/synthetic-city-1> <https://tiegraph.org/source/synthetic-0> .\n')
    result = tiegraph(tmp_path / "store", "load", str(broken))
    assert result.returncode == 1 and "sh:class" in result.stderr
    assert tiegraph(tmp_path / "store", "dump", "--format", "nquads").stdout == ""
