"""Our SPARQL-compiled shapes agree with pySHACL, and refuse SHACL they do not implement."""

from __future__ import annotations

import warnings
from pathlib import Path

import pyshacl
import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import SH

from graph import ValidationFailed, load_files, validate_files
from graph.model import load_ontology, ONTOLOGY_FILE, SHAPES_FILE, shorten
from graph import UnsupportedShape
from graph.load import compile_shapes
from tests.conftest import DATA, SEED_FILES

SHAPES = "https://tiegraph.org/shapes#"
COMPONENT_NAMES = {
    "MinCountConstraintComponent": "sh:minCount",
    "MaxCountConstraintComponent": "sh:maxCount",
    "QualifiedMinCountConstraintComponent": "sh:qualifiedMinCount",
    "DatatypeConstraintComponent": "sh:datatype",
    "OrConstraintComponent": "sh:or",
    "ClassConstraintComponent": "sh:class",
    "NodeKindConstraintComponent": "sh:nodeKind",
    "PatternConstraintComponent": "sh:pattern",
    "InConstraintComponent": "sh:in",
    "MinInclusiveConstraintComponent": "sh:minInclusive",
}


def pyshacl_violations(files: list[Path], with_shapes: bool = False) -> set[tuple[str, ...]]:
    """(focus, component, path) of every violation pySHACL finds in ontology + files; with
    `with_shapes`, each with the node shape whose property failed."""
    data = Graph()
    for path in files:
        ds = Dataset()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # rdflib 7.6 warns on its own TriG parsing
            ds.parse(path, format="trig" if path.suffix == ".trig" else "turtle")
        for s, p, o, _ in ds.quads((None, None, None, None)):
            data.add((s, p, o))
    data.parse(ONTOLOGY_FILE)
    shapes = Graph().parse(SHAPES_FILE)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    found = set()
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        component = str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[1]
        violation = (shorten(report.value(result, SH.focusNode)), COMPONENT_NAMES[component], shorten(report.value(result, SH.resultPath)))
        node_shape = shapes.value(predicate=SH.property, object=report.value(result, SH.sourceShape))
        found.add((*violation, str(node_shape)) if with_shapes else violation)
    return found


def our_violations(kg: Dataset, files: list[Path]) -> set[tuple[str, str, str]]:
    try:
        validate_files(kg, files)
    except ValidationFailed as refused:
        return {(p.focus, p.constraint.split(" ")[0], p.constraint.split(" on ")[1].split(" in ")[0]) for p in refused.problems}
    return set()


def test_each_violation_names_the_shapes_that_target_its_node(empty_kg: Dataset) -> None:
    files = [*SEED_FILES, DATA / "shape_violation.ttl"]
    with pytest.raises(ValidationFailed) as refused:
        validate_files(empty_kg, files)
    ours = {
        (p.focus, p.constraint.split(" ")[0], p.constraint.split(" on ")[1].split(" in ")[0], shape.strip("<> "))
        for p in refused.value.problems
        for shape in p.constraint.split(" in ", 1)[1].split(", ")
    }
    expected = pyshacl_violations(files, with_shapes=True)
    assert {v[3] for v in expected if v[0] == "tgid:unnamed-test-company"} == {f"{SHAPES}{name}Shape" for name in ("Company", "Firm", "Organisation")}
    assert ours == expected


def test_seed_graph_passes_both_validators(empty_kg: Dataset) -> None:
    assert pyshacl_violations(SEED_FILES) == set()
    assert our_violations(empty_kg, SEED_FILES) == set()


@pytest.mark.parametrize("fixture", [pytest.param("shape_violation.ttl", id="incentive")])
def test_violations_match_pyshacl(empty_kg: Dataset, fixture: str) -> None:
    files = [*SEED_FILES, DATA / fixture]
    expected = pyshacl_violations(files)
    assert expected, "the fixture must break at least one shape"
    # pySHACL reports each failing shape once per value; we report each constraint per focus node.
    assert our_violations(empty_kg, files) == expected


def test_violations_against_stored_data_match_pyshacl(empty_kg: Dataset) -> None:
    load_files(empty_kg, SEED_FILES)
    assert our_violations(empty_kg, [DATA / "shape_violation.ttl"]) == pyshacl_violations([*SEED_FILES, DATA / "shape_violation.ttl"])


def test_unsupported_shacl_is_refused_not_skipped() -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix tg: <https://tiegraph.org/ontology#> .
        <urn:s> sh:targetClass tg:Company ; sh:property [ sh:path tg:founder ; sh:node <urn:other> ] .
        """,
        format="turtle",
    )
    with pytest.raises(UnsupportedShape, match="sh:node"):
        compile_shapes(shapes, load_ontology())
