"""The ledger table follows writes through the store's journal instead of reading every incentive
again, answers as a table built afresh would, and a later process starts from the copy saved
beside an on-disk store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset

from graph import engine_of, load_files, load_settings, open_dataset
from graph.ledger import LedgerQuery, ledger
from graph.ledger import LedgerTable, ledger_table
from graph.load import drop_graph
from graph.store import keep_beside
from tests.conftest import ROOT
from tests.kept_state import fixtures_for

ID = "https://tiegraph.org/id/"
NOTES = "https://tiegraph.org/source/zone-incentive-notes"
PREFIXES = """@prefix tg: <https://tiegraph.org/ontology#> . @prefix tgid: <https://tiegraph.org/id/> .
@prefix tgsrc: <https://tiegraph.org/source/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix dcterms: <http://purl.org/dc/terms/> .
"""


def notes(directory: Path, city: str, amount: int) -> Path:
    """A source graph stating a test zone in `city` (a gazetteer id) that grants Xiaomi `amount` yuan."""
    path = directory / f"notes-{len(list(directory.glob('notes-*')))}.trig"
    path.write_text(
        PREFIXES + "GRAPH tgsrc:zone-incentive-notes {\n"
        'tgsrc:zone-incentive-notes a tg:SourceDocument ; rdfs:label "Notes on a zone"@en ; dcterms:title "Notes on a zone"@en ;'
        ' dcterms:identifier "zone-incentive-notes" ; tg:titleSupplied true .\n'
        f'tgid:ledger-test-zone a tg:DevelopmentZone ; rdfs:label "Ledger Test Zone"@en ; tg:locatedIn tgid:{city} .\n'
        'tgid:ledger-test-grant a tg:Incentive ; rdfs:label "Ledger test grant"@en ; tg:kind tgid:incentive-kind-cash-grant ;'
        f' tg:grantor tgid:ledger-test-zone ; tg:recipient tgid:xiaomi ; tg:date "2022-05-10"^^xsd:date ; tg:amount {amount}.0 ; tg:currency "CNY" .\n'
        "}\n",
        encoding="utf-8",
    )
    return path


seeded, store, fresh_process, kg, builds = fixtures_for("graph.ledger.table._KEPT", LedgerTable)


def incentives(kg: Dataset, **query: object) -> list[str]:
    return [row["incentive"]["id"] for row in ledger(engine_of(kg), LedgerQuery(limit=1000, **query))["rows"]]  # type: ignore[index]


def contents(table: LedgerTable) -> tuple[object, ...]:
    return table.revision, table.entries, table.grantors, table.uses


def test_writes_bring_the_table_forward_to_what_a_build_reads(kg: Dataset, tmp_path: Path, builds: list[str]) -> None:
    engine = engine_of(kg)
    assert "hefei-rescue-financing-nio-2020" in incentives(kg, recipient="NIO") and len(builds) == 1
    # A new zone in Wuhan grants Xiaomi: Hubei's ledger lists it, from the grantor's place up.
    load_files(kg, [notes(tmp_path, "cn-420100", 5_000_000)])
    assert "ledger-test-grant" in incentives(kg, place="Hubei")
    assert "ledger-test-grant" not in incentives(kg, place="Anhui")
    assert len(builds) == 1, "a write the journal describes must not read every incentive again"
    assert contents(ledger_table(engine)) == contents(LedgerTable.build(engine))
    # The same source again, the zone now in Hefei and the amount changed: both follow.
    load_files(kg, [notes(tmp_path, "cn-340100", 7_000_000)])
    builds.clear()
    assert "ledger-test-grant" in incentives(kg, place="Anhui", level="development zone")
    assert "ledger-test-grant" not in incentives(kg, place="Hubei")
    assert incentives(kg, recipient="Xiaomi", amount_min=900_000, currency="CNY") == ["ledger-test-grant"]
    assert builds == []
    assert contents(ledger_table(engine)) == contents(LedgerTable.build(engine))
    # The source dropped: its incentive and its grantor leave the table.
    drop_graph(kg, NOTES)
    assert "ledger-test-grant" not in incentives(kg, recipient="Xiaomi")
    table = ledger_table(engine)
    assert f"{ID}ledger-test-zone" not in table.grantors
    assert contents(table) == contents(LedgerTable.build(engine))


def test_a_table_the_journal_cannot_reach_is_built_again(kg: Dataset, tmp_path: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    incentives(kg)
    monkeypatch.setattr("graph.store.kept.changes_between", lambda *_: None)
    load_files(kg, [notes(tmp_path, "cn-420100", 5_000_000)])
    assert "ledger-test-grant" in incentives(kg, place="Wuhan")
    assert len(builds) == 2 and builds[1] != builds[0]


def test_a_later_process_brings_the_saved_table_forward(store: Path, tmp_path: Path) -> None:
    settings = load_settings({"TIEGRAPH_STORE": str(store)}, settings_file=None)
    kg = open_dataset(settings)
    keep_beside(engine_of(kg), store.parent / "store-index")
    incentives(kg)
    kg.close()  # closing saves what is waiting to be saved
    assert (store.parent / "store-index" / "ledger-table.pickle").exists()
    kg = open_dataset(settings)  # a write by a process that keeps no table
    load_files(kg, [notes(tmp_path, "cn-420100", 5_000_000)])
    kg.close()
    # A new process: it must list the new incentive without reading every incentive again.
    script = f"""
from pathlib import Path
from graph import engine_of, load_settings, open_dataset
from graph.ledger import LedgerQuery, ledger
from graph.ledger import LedgerTable
from graph.store import keep_beside
def refuse(*_): raise SystemExit("LedgerTable.build was called")
LedgerTable.build = classmethod(refuse)
kg = open_dataset(load_settings({{"TIEGRAPH_STORE": {str(store)!r}}}, settings_file=None))
keep_beside(engine_of(kg), Path({str(store.parent / "store-index")!r}))
print(" ".join(row["incentive"]["id"] for row in ledger(engine_of(kg), LedgerQuery(place="Hubei"))["rows"]))
kg.close()
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "ledger-test-grant" in done.stdout.split()
