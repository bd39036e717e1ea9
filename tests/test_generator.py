"""The synthetic data generator: deterministic, seed-shaped, valid through the real loader."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import engine_of, load_files, load_settings, open_dataset
from graph.build import FIRMS_PER_SOURCE, write_generated

TG = "https://tiegraph.org/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def generated(firms: int, seed: int = 0, rdf_format: str = "nquads") -> tuple[bytes, int]:
    buffer = io.BytesIO()
    count = write_generated(buffer, firms, seed=seed, rdf_format=rdf_format)
    return buffer.getvalue(), count


def class_counts(data: bytes, rdf_format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> Counter[str]:
    counts: Counter[str] = Counter()
    for quad in ox.parse(data, format=rdf_format):
        if quad.predicate == RDF_TYPE and quad.object.value.startswith(TG):
            counts[quad.object.value.removeprefix(TG)] += 1
    return counts


def test_same_seed_gives_the_same_bytes() -> None:
    assert generated(120, seed=7) == generated(120, seed=7)
    assert generated(120, seed=7, rdf_format="trig") == generated(120, seed=7, rdf_format="trig")


def test_another_seed_gives_other_bytes() -> None:
    assert generated(120, seed=1)[0] != generated(120, seed=2)[0]


@pytest.mark.parametrize("firms", [50, 500])
def test_about_thirty_quads_per_firm(firms: int) -> None:
    data, count = generated(firms)
    assert data.count(b"\n") == count
    assert 25 <= count / firms <= 40


@pytest.mark.parametrize(("rdf_format", "parser"), [("nquads", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG)])
def test_reparses_with_pyoxigraph_to_the_counted_quads(rdf_format: str, parser: ox.RdfFormat) -> None:
    data, count = generated(60, rdf_format=rdf_format)
    quads = list(ox.parse(data, format=parser))
    assert len(quads) == count
    assert not any(isinstance(term, ox.BlankNode) for q in quads for term in (q.subject, q.object, q.graph_name))
    assert {q.graph_name for q in quads} == {q.graph_name for q in ox.parse(generated(60)[0], format=ox.RdfFormat.N_QUADS)}


def test_both_formats_hold_the_same_quads() -> None:
    nquads = set(ox.parse(generated(40)[0], format=ox.RdfFormat.N_QUADS))
    trig = set(ox.parse(generated(40, rdf_format="trig")[0], format=ox.RdfFormat.TRIG))
    assert nquads == trig


@pytest.mark.parametrize("suffix", ["nq", "trig"])
def test_loads_through_the_loader_without_a_problem(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"synthetic.{suffix}"
    count = write_generated(path, 200, seed=3, rdf_format="trig" if suffix == "trig" else "nquads")
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": "memory"}, settings_file=None))
    try:
        report = load_files(kg, [path])  # raises ValidationFailed on any problem
        stored = len(engine_of(kg))
    finally:
        kg.close()
    assert len(report.graphs) == 200 // FIRMS_PER_SOURCE + 1  # the articles and the background
    assert report.quads == count and stored > count  # the store adds the ontology and inferences


def test_class_counts_scale_with_firms() -> None:
    small, large = class_counts(generated(100)[0]), class_counts(generated(1000)[0])
    for cls in ("Company", "Person", "Headquarters", "Incentive"):
        assert small[cls] == 100 and large[cls] == 1000
    assert large["SourceDocument"] == 1000 // FIRMS_PER_SOURCE + 1
    for cls in ("MarketAnnouncement", "PrefectureLevelCity", "CountyLevelCity", "GovernmentBody", "University", "Province"):
        assert 0 < small[cls] < large[cls]


def test_file_and_stream_outputs_agree(tmp_path: Path) -> None:
    path = tmp_path / "out.nq"
    assert write_generated(str(path), 30) == generated(30)[1]
    assert path.read_bytes() == generated(30)[0]


@pytest.mark.parametrize(("firms", "rdf_format"), [(0, "nquads"), (10, "turtle")])
def test_refuses_bad_arguments(firms: int, rdf_format: str) -> None:
    with pytest.raises(ValueError):
        write_generated(io.BytesIO(), firms, rdf_format=rdf_format)
