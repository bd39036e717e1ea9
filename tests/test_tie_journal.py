"""After a small write the tie table is brought forward through the store's journal of changed
triples (graph/store/journal.py, graph/connections/ties.py), not recomputed; what it then holds
must equal a table computed from scratch on the same store.

Random writes on the seed graph, through the public API: new firms with founders and seats,
founders' birthplaces, studies, incentives with amounts, facilities, cities moved to another
province; graphs replaced, dropped, added to and deleted from by SPARQL update.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from graph import engine_of, load_files, load_settings, open_dataset
from graph.connections import Connections, TieTable
from graph.store import store_revision
from tests.conftest import SEED_FILES
from tests.random_writes import random_writes

STEPS = 40
TG = "https://tiegraph.org/ontology#"
ID = "https://tiegraph.org/id/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
FOUNDER, BORN_IN, SEAT = (ox.NamedNode(f"{TG}{name}") for name in ("founder", "bornIn", "headquarteredIn"))


def _of_class(engine: ox.Store, cls: str) -> list[str]:
    return sorted({q.subject.value for q in engine.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(TG + cls))})


class Facts:
    """Random small writes about the seed graph's entities."""

    def __init__(self, engine: ox.Store, rng: random.Random) -> None:
        self.rng = rng
        self.cities = _of_class(engine, "PrefectureLevelCity")
        self.provinces = _of_class(engine, "Province")
        self.firms = _of_class(engine, "Company")
        self.people = _of_class(engine, "Person")
        self.engine = engine
        self.universities = _of_class(engine, "University")
        self.governments = _of_class(engine, "GovernmentBody")
        occupied = engine.query(f"SELECT DISTINCT ?c {{ ?f a <{TG}Company> ; (<{TG}basedIn>|<{TG}headquarteredIn>|<{TG}hasFacility>/<{TG}locatedIn>) ?c }}", use_default_graph_as_union=True)
        self.sites = sorted({row["c"].value for row in occupied} & set(self.cities)) * 20 + self.cities  # firms gather

    def founders(self) -> list[str]:
        return sorted({q.object.value for q in self.engine.quads_for_pattern(None, FOUNDER, None)})

    def __call__(self, step: int) -> str:
        pick = self.rng.choice
        kind = pick(["firm", "hometown", "seat", "incentive", "studied", "facility", "founder", "moved"])
        if kind == "hometown":
            unborn = [p for p in self.founders() if not any(self.engine.quads_for_pattern(ox.NamedNode(p), BORN_IN, None))]
            if unborn:  # a known founder's birthplace, where their firm has its seat: a new tie
                person = pick(unborn)
                firms = [q.subject for q in self.engine.quads_for_pattern(None, FOUNDER, ox.NamedNode(person))]
                seats = [q.object.value for firm in firms for q in self.engine.quads_for_pattern(firm, SEAT, None)]
                return f"<{person}> <{TG}bornIn> <{pick(seats or self.cities)}> ."
            kind = "firm"
        if kind == "seat":
            return f"<{pick(self.firms)}> <{TG}headquarteredIn> <{pick(self.sites)}> ."
        if kind == "firm":  # founded by someone new, whose birthplace a later write may give
            return (
                f'<{ID}firm-{step}> a <{TG}Company> ; <{LABEL}> "Firm {step}"@en ; <{TG}headquarteredIn> <{pick(self.sites)}> ;'
                f' <{TG}founder> <{ID}person-{step}> . <{ID}person-{step}> a <{TG}Person> ; <{LABEL}> "Person {step}"@en .'
            )
        if kind == "incentive":
            return (
                f'<{ID}incentive-{step}> a <{TG}Incentive> ; <{LABEL}> "Incentive {step}"@en ;'
                f" <{TG}kind> <{ID}incentive-kind-equity-investment> ; <{TG}grantor> <{pick(self.governments)}> ;"
                f' <{TG}recipient> <{pick(self.firms)}> ; <{TG}place> <{pick(self.cities)}> ; <{TG}amount> {self.rng.randint(1, 9)}000000.0 ;'
                f' <{TG}currency> "CNY" .'
            )
        if kind == "studied":
            return f"<{pick(self.founders())}> <{TG}studiedAt> <{pick(self.universities)}> ."
        if kind == "facility":
            return (
                f'<{ID}site-{step}> a <{TG}Headquarters> ; <{LABEL}> "Site {step}"@en ;'
                f" <{TG}facilityOf> <{pick(self.firms)}> ; <{TG}locatedIn> <{pick(self.sites)}> ."
            )
        if kind == "founder":
            return f"<{pick(self.firms)}> <{TG}founder> <{pick(self.people)}> ."
        return f"<{pick(self.cities)}> <{TG}locatedIn> <{pick(self.provinces)}> ."


def _shape(table: TieTable) -> tuple[dict[str, list[object]], dict[str, dict[str, list[object]]]]:
    """The table's ranked ties and its entity index, as plain values."""
    def key(tie: object) -> tuple[object, ...]:
        return tuple(sorted(tie.key.items())), tie.score  # type: ignore[attr-defined]

    ranked = {kind: [(key(t), t.rows) for t in ties] for kind, ties in table.ties.items()}
    index = {node: {kind: [key(t) for t in ties] for kind, ties in kinds.items() if ties} for node, kinds in table.by_entity.items()}
    return ranked, {node: kinds for node, kinds in index.items() if kinds}


@pytest.fixture
def seeded() -> Dataset:
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": "memory"}, settings_file=None))
    load_files(kg, SEED_FILES)
    return kg


def test_the_tie_table_brought_forward_equals_one_computed_afresh(seeded: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = engine_of(seeded)
    rng = random.Random(20261207)
    facts = Facts(engine, rng)
    connections = Connections(seeded)
    connections.tie_table()
    recomputed = []
    compute = TieTable.compute
    monkeypatch.setattr(TieTable, "compute", classmethod(lambda cls, *args: recomputed.append(1) or compute(*args)))
    applied = 0
    for step, action, graph in random_writes(seeded, rng, tmp_path, facts, STEPS, "tie", deletes=True):
        applied += 1
        followed = connections.tie_table()
        assert followed.revision == store_revision(engine)
        assert _shape(followed) == _shape(compute(engine, followed.revision)), f"step {step} ({action} {graph}): the table differs"
    assert applied >= STEPS // 2, "most random writes should be valid"
    assert len(recomputed) <= applied // 4, f"{len(recomputed)} of {applied} writes recomputed the table: the journal was not followed"
