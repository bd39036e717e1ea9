"""Loading is atomic, idempotent and explains every refusal; the same tests run on both stores."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from graph import ParseFailed, ValidationFailed, engine_of, load_files, load_settings, open_dataset, run_query, validate_files
from graph.model import ONTOLOGY_GRAPH

from tests.cli_runner import tiegraph
from tests.conftest import DATA, SEED_FILES


def snapshot(kg: Dataset) -> set[str]:
    """Every quad of the store as N-Quads lines, to compare before and after."""
    return set(engine_of(kg).dump(format=ox.RdfFormat.N_QUADS).decode().splitlines())


@pytest.fixture
def seeded(empty_kg: Dataset) -> Dataset:
    load_files(empty_kg, SEED_FILES)
    return empty_kg


def test_loading_twice_duplicates_nothing(seeded: Dataset) -> None:
    before = snapshot(seeded)
    load_files(seeded, SEED_FILES)
    assert snapshot(seeded) == before


def test_every_fact_sits_in_a_described_source_graph(seeded: Dataset) -> None:
    undescribed = run_query(
        seeded,
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY_GRAPH}>) "
        "FILTER NOT EXISTS { ?g a/rdfs:subClassOf* tg:SourceDocument } }",
    )
    assert list(undescribed) == []
    default_graph = run_query(seeded, "ASK { GRAPH ?g { ?s ?p ?o } FILTER(!BOUND(?g)) }")
    assert not bool(default_graph)
    assert len(list(engine_of(seeded).quads_for_pattern(None, None, None, ox.DefaultGraph()))) == 0


def test_a_file_of_triples_describes_the_graph_it_goes_to_as_its_source(seeded: Dataset) -> None:
    """`<>` in a file of triples names its graph: source:file/NAME, or the --graph IRI."""
    report = load_files(seeded, [DATA / "extra_firm.ttl"])
    graph = "https://tiegraph.org/source/file/extra_firm"
    assert graph in report.graphs
    rows = run_query(seeded, f"SELECT ?title WHERE {{ GRAPH <{graph}> {{ tgid:example-robotics tg:headquarteredIn tgid:cn-420100 }} <{graph}> a tg:SourceDocument ; dcterms:title ?title }}")
    assert [row["title"].value for row in rows] == ["Test notes: Example Robotics"]


def test_a_named_graph_can_be_given(seeded: Dataset) -> None:
    load_files(seeded, [DATA / "extra_firm.ttl"], graph="https://example.org/my-notes")
    assert bool(run_query(seeded, "ASK { GRAPH <https://example.org/my-notes> { tgid:example-robotics a tg:Company . <https://example.org/my-notes> dcterms:identifier \"extra-firm\" } }"))


@pytest.mark.parametrize("graph", [None, "https://example.org/my-notes"])
def test_facts_without_a_described_source_are_refused_with_how_to_describe_one(seeded: Dataset, tmp_path: Path, graph: str | None) -> None:
    bare = tmp_path / "notes.ttl"
    bare.write_text("\n".join(line for line in (DATA / "extra_firm.ttl").read_text(encoding="utf-8").split("\n\n") if "<> a" not in line), encoding="utf-8")
    before = snapshot(seeded)
    with pytest.raises(ValidationFailed) as refused:
        load_files(seeded, [bare], graph=graph)
    target = graph or "https://tiegraph.org/source/file/notes"
    message = str(refused.value)
    assert f"graph <{target}> holds facts but does not say which source states them" in message
    assert "<> a tg:NewsArticle" in message and "tg:ReferenceDataset" in message and "tiegraph add SHEET" in message
    assert snapshot(seeded) == before


def test_syntax_error_names_file_and_line_and_changes_nothing(seeded: Dataset) -> None:
    before = snapshot(seeded)
    with pytest.raises(ParseFailed) as refused:
        load_files(seeded, [DATA / "extra_firm.ttl", DATA / "bad_syntax.ttl"])
    message = str(refused.value)
    assert "bad_syntax.ttl" in message and "line 7" in message and "nothing was written" in message
    assert snapshot(seeded) == before


def test_shape_violations_are_all_reported_and_change_nothing(seeded: Dataset) -> None:
    before = snapshot(seeded)
    with pytest.raises(ValidationFailed) as refused:
        load_files(seeded, [DATA / "extra_firm.ttl", DATA / "shape_violation.ttl"])
    found = {(p.focus, p.constraint.split(" on ")[0]) for p in refused.value.problems}
    assert found == {
        ("tgid:bad-incentive", 'sh:qualifiedMinCount 1 sh:languageIn (en)'),
        ("tgid:bad-incentive", "sh:datatype xsd:decimal"),
        ("tgid:bad-incentive", "sh:minInclusive 0"),
        ("tgid:bad-incentive", "sh:pattern ^[A-Z]{3}$"),
        ("tgid:unnamed-test-company", 'sh:qualifiedMinCount 1 sh:languageIn (en)'),
    }
    assert all("shape_violation.ttl" in p.source for p in refused.value.problems)
    assert snapshot(seeded) == before


def test_undefined_term_is_refused_with_a_suggestion(seeded: Dataset) -> None:
    before = snapshot(seeded)
    with pytest.raises(ValidationFailed) as refused:
        load_files(seeded, [DATA / "undefined_term.ttl"])
    [problem] = refused.value.problems
    assert problem.focus == "tg:foundedBy"
    assert problem.source.endswith("undefined_term.ttl line 14")
    assert "not defined" in problem.message and "tg:founded" in problem.message
    assert snapshot(seeded) == before


def test_links_to_existing_entities_are_validated_against_the_store(empty_kg: Dataset) -> None:
    # Without the seeds, tgid:nio is not known to be an organisation, so the link is refused.
    with pytest.raises(ValidationFailed) as refused:
        validate_files(empty_kg, [DATA / "extra_firm.ttl"])
    assert any(p.constraint.startswith("sh:class") for p in refused.value.problems)
    load_files(empty_kg, SEED_FILES)
    assert validate_files(empty_kg, [DATA / "extra_firm.ttl"]).quads > 0


def test_seed_files_load_one_at_a_time(empty_kg: Dataset) -> None:
    for path in SEED_FILES:
        load_files(empty_kg, [path])
    assert bool(run_query(empty_kg, "ASK { tgid:cn-340100 tg:capitalOf tgid:cn-340000 . tgid:cn-340000 a tg:Province }"))


def test_missing_file_is_refused(empty_kg: Dataset, tmp_path: Path) -> None:
    with pytest.raises(ParseFailed, match="no such file"):
        load_files(empty_kg, [tmp_path / "absent.ttl"])


def test_the_report_counts_exactly_the_quads_of_the_files(seeded: Dataset) -> None:
    # The staging store also holds the ontology (and, for a fresh store, the rule graphs): none counts.
    path = SEED_FILES[0]
    parsed = ox.Store()
    parsed.load(path=str(path), format=ox.RdfFormat.TRIG)
    assert load_files(seeded, [path]).quads == len(parsed)
    assert validate_files(seeded, [path]).quads == len(parsed)


def test_closing_a_dataset_lets_another_open_its_store(tmp_path: Path) -> None:
    settings = load_settings({"TIEGRAPH_STORE": str(tmp_path / "store")}, settings_file=None)
    kg = open_dataset(settings)
    engine_of(kg).query("ASK { ?s ?p ?o }")  # the engine is made and kept by the dataset
    kg.close()
    again = open_dataset(settings)  # the directory's lock is free again
    again.close()


def test_a_store_in_a_directory_not_made_yet_is_created_and_one_that_cannot_be_is_refused_with_why(tmp_path: Path) -> None:
    loaded = tiegraph(tmp_path / "new" / "deeper" / "store", "load", str(SEED_FILES[0]))
    assert loaded.returncode == 0, loaded.stderr
    (tmp_path / "a-file").write_text("not a directory")
    refused = tiegraph(tmp_path / "a-file" / "store", "stats")
    assert refused.returncode == 1
    assert "cannot create the store directory" in refused.stderr and "TIEGRAPH_STORE" in refused.stderr
    assert "Another tiegraph process" not in refused.stderr
