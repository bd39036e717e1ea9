"""The incentive ledger through HTTP (a real uvicorn), the CLI and Python: filters, roll-up,
totals, conversion and CSV, on the seed graph plus two test sheets (Geely's zone incentive and a
made-up corporate family with an incentive at each level and a cycle of parents)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest

from graph import load_settings, open_dataset, run_query, engine_of
from graph.ledger import FLAT_COLUMNS, LedgerQuery, convert, ledger_rows
from tests.cli_runner import tiegraph
from tests.conftest import DATA, SEED_FILES
from tests.server import running_service

SHEETS = [DATA / "sheets" / "geely-hangzhou-bay.yaml", DATA / "sheets" / "corporate-chain.yaml"]
ID = "https://tiegraph.org/id/"
GROUP = [
    "example-grant-to-the-group-2020", "example-investment-in-the-china-subsidiary-2021", "example-rescue-of-the-hefei-unit-2022",
    "example-courting-of-the-loop-company-2022", "example-investment-in-the-battery-firm-2021", "example-grant-to-the-software-firm-2022",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ledger") / "store"
    assert tiegraph(path, "load", *map(str, SEED_FILES)).returncode == 0
    for sheet in SHEETS:
        added = tiegraph(path, "add", str(sheet))
        assert added.returncode == 0, added.stderr
    return path


@pytest.fixture(scope="module")
def service(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    served = tmp_path_factory.mktemp("ledger-service") / "store"
    shutil.copytree(store, served)  # the CLI tests open `store` while this one serves
    with running_service(served) as base:
        yield base


def ask(service: str, **params: object) -> dict:  # type: ignore[type-arg]
    response = httpx.get(f"{service}/incentives", params=params, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def ids(page: dict) -> list[str]:  # type: ignore[type-arg]
    return [row["incentive"]["id"] for row in page["rows"]]


def sparql(service: str, query: str) -> set[str]:
    prefixes = "PREFIX tg: <https://tiegraph.org/ontology#> PREFIX tgid: <https://tiegraph.org/id/> "
    response = httpx.get(f"{service}/sparql", params={"query": prefixes + query}, headers={"accept": "application/sparql-results+json"}, timeout=60)
    return {row["i"]["value"][len(ID) :] for row in response.json()["results"]["bindings"]}


def test_what_hefei_gave_nio_with_its_source_matches_sparql(service: str) -> None:
    page = ask(service, recipient="NIO")
    expected = sparql(service, "SELECT ?i WHERE { ?i a tg:Incentive ; tg:recipient tgid:nio }")
    assert set(ids(page)) == expected and "hefei-rescue-financing-nio-2020" in expected
    rescue = next(row for row in page["rows"] if row["incentive"]["id"] == "hefei-rescue-financing-nio-2020")
    assert [g["id"] for g in rescue["grantors"]] == ["hefei-municipal-government"] and rescue["grantors"][0]["level"] == "prefecture"
    assert [s["iri"] for s in rescue["sources"]] == ["https://tiegraph.org/source/d45ea5260ee2b7ad"]
    assert rescue["sources"][0]["title"] and rescue["sources"][0]["issued"] == "2021-04"


def test_a_province_includes_its_cities_and_zones_and_matches_sparql(service: str) -> None:
    page = ask(service, place="Hubei")
    expected = sparql(service, """SELECT DISTINCT ?i WHERE { ?i a tg:Incentive ; tg:grantor ?g .
        { ?g tg:jurisdiction|tg:basedIn ?p } UNION { ?g a tg:DevelopmentZone BIND(?g AS ?p) }
        ?p tg:locatedIn+ tgid:cn-420000 }""")
    assert set(ids(page)) == expected == {"wuhan-courting-task-force-xiaomi-2021", "example-courting-of-the-loop-company-2022"}
    xiaomi = next(row for row in page["rows"] if row["recipient"]["id"] == "xiaomi")
    assert xiaomi["grantors"][0]["id"] == "wuhan-economic-development-zone" and xiaomi["grantors"][0]["level"] == "development zone"
    assert xiaomi["date"] == "2021-04-02"  # reported on, for want of a date of its own


def test_roll_up_lists_every_level_with_its_chain_and_totals_add_up(service: str) -> None:
    page = ask(service, recipient="Example Motors Group")
    assert sorted(ids(page)) == sorted(GROUP)
    chains = {row["incentive"]["id"]: [link["id"] for link in row["chain"]] for row in page["rows"]}
    assert chains["example-rescue-of-the-hefei-unit-2022"] == ["example-motors-hefei", "example-motors-china", "example-motors-group"]
    assert chains["example-grant-to-the-group-2020"] == ["example-motors-group"]
    assert chains["example-courting-of-the-loop-company-2022"] == ["example-motors-loop", "example-motors-hefei", "example-motors-china", "example-motors-group"]
    shares = {row["incentive"]["id"]: [link.get("share") for link in row["chain"][:-1]] for row in page["rows"]}
    assert shares["example-investment-in-the-battery-firm-2021"] == [60.0, None]  # a 60 % holding of the China subsidiary
    assert shares["example-grant-to-the-software-firm-2022"] == [None, None]  # held, share not stated: taken as control
    assert "example-grant-to-the-minority-holding-2022" not in ids(page)  # 30 %: not rolled up
    totals = page["totals"]
    assert totals["by_currency"] == {"CNY": 450_000_000.0, "EUR": 1_000_000.0, "USD": 20_000_000.0}
    parts = [row["converted"]["amount"] for row in page["rows"] if row["converted"]]
    assert totals["converted"]["amount"] == pytest.approx(sum(parts)) and totals["converted"]["unconverted"] == 1
    assert sum(totals["converted"]["by_level"].values()) == pytest.approx(sum(parts))
    assert sum(totals["converted"]["by_instrument"].values()) == pytest.approx(sum(parts))
    alone = ask(service, recipient="Example Motors Group", rollup="false")
    assert ids(alone) == ["example-grant-to-the-group-2020"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param({"level": "development zone"}, {"wuhan-courting-task-force-xiaomi-2021", "hangzhou-bay-new-district-land-and-investment-for-geely-2021", "example-courting-of-the-loop-company-2022"}, id="level"),
        pytest.param({"level": "provincial"}, {"guangdong-strategic-investment-xpeng-2021", "example-investment-in-the-china-subsidiary-2021"}, id="level-provincial"),
        pytest.param(
            {"grantor": "Hefei city government"},
            {"hefei-rescue-financing-nio-2020", "hefei-nio-industrial-park-agreement-2021", "example-grant-to-the-group-2020", "example-rescue-of-the-hefei-unit-2022",
             "example-investment-in-the-battery-firm-2021", "example-grant-to-the-software-firm-2022", "example-grant-to-the-minority-holding-2022"},
            id="grantor",
        ),
        pytest.param(
            {"instrument": "equity investment"},
            {"guangdong-strategic-investment-xpeng-2021", "hangzhou-bay-new-district-land-and-investment-for-geely-2021", "hefei-rescue-financing-nio-2020",
             "example-grant-to-the-group-2020", "example-investment-in-the-china-subsidiary-2021", "example-rescue-of-the-hefei-unit-2022"},
            id="instrument-and-narrower",
        ),
        pytest.param({"instrument": "courting"}, {"wuhan-courting-task-force-xiaomi-2021", "example-courting-of-the-loop-company-2022"}, id="instrument-courting"),
        pytest.param(
            {"year_from": 2022},
            {"example-rescue-of-the-hefei-unit-2022", "example-courting-of-the-loop-company-2022", "example-grant-to-the-software-firm-2022", "example-grant-to-the-minority-holding-2022"},
            id="year-from",
        ),
        pytest.param({"year_to": 2020}, {"hefei-rescue-financing-nio-2020", "example-grant-to-the-group-2020"}, id="year-to"),
        pytest.param({"amount_min": 40_000_000, "amount_max": 100_000_000}, {"guangdong-strategic-investment-xpeng-2021", "example-rescue-of-the-hefei-unit-2022"}, id="amount-range-in-usd"),
        pytest.param({"currency": "USD"}, {"example-investment-in-the-china-subsidiary-2021"}, id="currency"),
        pytest.param({"stage": "disbursed"}, {"example-investment-in-the-battery-firm-2021", "hefei-rescue-financing-nio-2020"}, id="stage"),
        pytest.param({"place": "Zhejiang"}, {"hangzhou-bay-new-district-land-and-investment-for-geely-2021"}, id="place"),
    ],
)
def test_each_filter(service: str, params: dict, expected: set[str]) -> None:  # type: ignore[type-arg]
    assert set(ids(ask(service, **params))) == expected


def test_sorting_and_paging(service: str) -> None:
    by_amount = ask(service, sort="-amount")
    amounts = [row["converted"]["amount"] for row in by_amount["rows"] if row["converted"]]
    assert amounts == sorted(amounts, reverse=True) and by_amount["rows"][-1]["converted"] is None  # unconverted last
    dates = [row["date"] for row in ask(service, sort="date")["rows"] if row["date"]]
    assert dates == sorted(dates)
    whole = ids(ask(service, sort="date"))
    pages: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = ask(service, sort="date", offset=offset, limit=3)
        pages, offset = pages + ids(page), page["next_offset"]
    assert pages == whole and len(whole) > 6 and ask(service, limit=3)["next_offset"] == 3


def test_conversion_cites_its_rate_and_can_be_to_another_currency(service: str) -> None:
    row = next(r for r in ask(service, convert_to="EUR")["rows"] if r["incentive"]["id"] == "guangdong-strategic-investment-xpeng-2021")
    expected = convert(Decimal(500_000_000), "CNY", "EUR", "2021-03")
    assert row["converted"]["currency"] == "EUR" and row["converted"]["amount"] == pytest.approx(float(expected.amount))
    assert row["converted"]["rate_basis"] == expected.basis and "European Central Bank" in row["converted"]["rate_source"]


def test_csv_has_a_header_and_one_row_per_incentive(service: str) -> None:
    response = httpx.get(f"{service}/incentives", headers={"accept": "text/csv"}, timeout=60)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert tuple(rows[0].keys()) == FLAT_COLUMNS
    assert len(rows) == ask(service)["total"] == len({row["incentive_id"] for row in rows})
    assert httpx.get(f"{service}/incentives", params={"format": "csv", "place": "Hubei"}).text.count("\r\n") == 3  # header and two rows


def test_bad_filters_are_400_with_what_is_accepted(service: str) -> None:
    for params, said in (({"level": "city"}, "level is one of"), ({"sort": "size"}, "sort is one of"), ({"format": "xml"}, "json or csv"), ({"convert_to": "XYZ"}, None)):
        response = httpx.get(f"{service}/incentives", params=params, timeout=60)
        if said is None:  # an unknown currency converts nothing, says why per row
            assert response.status_code == 200 and all(r["converted"] is None for r in response.json()["rows"])
            continue
        assert response.status_code == 400 and said in response.json()["error"]["message"]
    assert httpx.get(f"{service}/incentives", params={"recipient": "No Such Firm Anywhere"}).status_code == 404


def test_the_cli_and_python_give_the_same_rows(store: Path) -> None:
    printed = json.loads(tiegraph(store, "incentives", "--recipient", "NIO", "--format", "json").stdout)
    assert set(ids(printed)) == {"hefei-rescue-financing-nio-2020", "hefei-nio-industrial-park-agreement-2021"}
    text = tiegraph(store, "incentives", "--place", "Hubei").stdout
    assert "Wuhan Economic Development Zone (development zone) → Xiaomi" in text
    written = tiegraph(store, "incentives", "--format", "csv", "-o", "-").stdout
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": str(store)}))
    try:
        rows = ledger_rows(engine_of(kg), LedgerQuery(sort="date"))
        assert len(rows) == len(list(csv.DictReader(io.StringIO(written)))) == len({r["incentive_id"] for r in rows})
        assert len(list(run_query(kg, "SELECT ?i WHERE { ?i a tg:Incentive }"))) == len(rows)
    finally:
        kg.close()


def test_a_firms_page_and_its_government_capital_tie_link_to_its_ledger(service: str) -> None:
    page = httpx.get(f"{service}/entities/xpeng", timeout=60).json()
    assert page["ledger"] == "/incentives?recipient=xpeng"
    assert httpx.get(f"{service}/entities/lei-jun", timeout=60).json()["ledger"] is None  # a person receives no incentives
    ties = httpx.get(f"{service}/ties/government-capital", params={"entity": "XPeng"}, timeout=60).json()["ties"]
    [tie] = [t for t in ties if t["key"]["firm"]["id"] == "xpeng"]
    assert tie["ledger"] == "/incentives?recipient=xpeng&grantor=guangdong-state-owned-investors"
    followed = httpx.get(f"{service}{tie['ledger']}", timeout=60).json()
    assert ids(followed) == ["guangdong-strategic-investment-xpeng-2021"]
    assert [link["id"] for link in tie["summary"]["link"]] == ids(followed)  # the tie names its incentive


def test_a_zones_capital_counts_in_government_capital_ties(service: str) -> None:
    ties = httpx.get(f"{service}/ties/government-capital", params={"entity": "Geely"}, timeout=60).json()["ties"]
    [tie] = ties
    assert tie["key"]["grantor"]["id"] == "hangzhou-bay-new-district" and tie["score"] > 0


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (make test installs libreoffice-calc-nogui)")
def test_the_csv_opens_in_libreoffice_with_the_same_rows(service: str, tmp_path: Path) -> None:
    """LibreOffice's converter reads the download as UTF-8 CSV and writes a workbook with as many
    rows; the workbook's cells are read back from its XML (an .xlsx is a zip)."""
    text = httpx.get(f"{service}/incentives", params={"format": "csv"}, timeout=60).content
    (tmp_path / "incentives.csv").write_bytes(text)
    converted = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path), str(tmp_path / "incentives.csv")],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert converted.returncode == 0 and (tmp_path / "incentives.xlsx").is_file(), converted.stderr
    with zipfile.ZipFile(tmp_path / "incentives.xlsx") as book:
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
        shared = [item.findtext(".//{*}t") for item in ElementTree.fromstring(book.read("xl/sharedStrings.xml"))]
    rows = sheet.findall(".//{*}sheetData/{*}row")
    assert len(rows) == len(list(csv.reader(io.StringIO(text.decode("utf-8"))))) == ask(service)["total"] + 1
    strings = {shared[int(cell.findtext("{*}v"))] for row in rows for cell in row.findall("{*}c") if cell.get("t") == "s"}
    assert "incentive_id" in strings and "Guangdong state-owned investors' strategic investment in XPeng, 2021" in strings
