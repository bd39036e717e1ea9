"""After every small write the rules run only where it reaches (graph/load/scoped_rules.py); what
they leave must equal a full run of every rule over the same stated graphs.

Random writes on the seed graph, through the public API: new graphs of facilities placed in
cities, founders, cities moved to another province or made its capital; graphs replaced,
dropped and edited by SPARQL update.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from graph import engine_of, load_files, load_settings, open_dataset
from graph.load import rules, run_rules
from graph.store import is_inferred
from tests.conftest import SEED_FILES
from tests.random_writes import random_writes

STEPS = 30
TG = "https://tiegraph.org/ontology#"
ID = "https://tiegraph.org/id/"


def _of_class(engine: ox.Store, cls: str) -> list[str]:
    return sorted(q.subject.value for q in engine.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(TG + cls)))


def _full_run(engine: ox.Store) -> dict[str, set[ox.Triple]]:
    """Every rule graph as a full run over a copy of the stated graphs makes it."""
    copy = ox.Store()
    copy.extend(q for q in engine.quads_for_pattern(None, None, None) if isinstance(q.graph_name, ox.NamedNode) and not is_inferred(q.graph_name.value))
    run_rules(copy)
    return _rule_graphs(copy)


def _rule_graphs(engine: ox.Store) -> dict[str, set[ox.Triple]]:
    return {rule.name: {q.triple for q in engine.quads_for_pattern(None, None, None, rule.graph)} for rule in rules()}


def _facts(rng: random.Random, step: int, cities: list[str], provinces: list[str], firms: list[str], people: list[str]) -> str:
    """Turtle for one random small write."""
    kind = rng.choice(["facility", "facility", "founder", "moved", "capital"])
    if kind == "facility":
        return (
            f"<{ID}site-{step}> a <{TG}Headquarters> ; <http://www.w3.org/2000/01/rdf-schema#label> \"Site {step}\"@en ;"
            f" <{TG}facilityOf> <{rng.choice(firms)}> ; <{TG}locatedIn> <{rng.choice(cities)}> ."
        )
    if kind == "founder":
        return f"<{rng.choice(firms)}> <{TG}founder> <{rng.choice(people)}> ."
    predicate = "locatedIn" if kind == "moved" else "capitalOf"
    return f"<{rng.choice(cities)}> <{TG}{predicate}> <{rng.choice(provinces)}> ."


@pytest.fixture
def seeded() -> Dataset:
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": "memory"}, settings_file=None))
    load_files(kg, SEED_FILES)
    return kg


def test_scoped_rules_equal_a_full_run_after_random_writes(seeded: Dataset, tmp_path: Path) -> None:
    engine = engine_of(seeded)
    rng = random.Random(20261206)
    cities, provinces = _of_class(engine, "PrefectureLevelCity"), _of_class(engine, "Province")
    firms, people = _of_class(engine, "Company"), _of_class(engine, "Person")
    applied = 0

    def facts(step: int) -> str:
        return _facts(rng, step, cities, provinces, firms, people)

    for step, action, graph in random_writes(seeded, rng, tmp_path, facts, STEPS, "scoped"):
        applied += 1
        assert _rule_graphs(engine) == _full_run(engine), f"step {step} ({action} {graph}): the scoped rules differ from a full run"
    assert applied >= STEPS // 2, "most random writes should be valid"
