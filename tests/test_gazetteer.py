"""The gazetteer graph: loads fast and valid, counts as its source table, one place per code, built reproducibly."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from rdflib import Dataset

from graph import load_files, load_settings, open_dataset, run_query
from graph.build import read_divisions, read_package, render, TABLE
from graph.errors import InputError

from tests.conftest import ROOT

GAZETTEER = ROOT / "seeds" / "gazetteer.trig"
# Counted in cpca 0.5.5's resources/adcodes.csv: 34 codes PP0000; 344 codes PPCC00, less the
# 10 that only group others (4 municipal 市辖区, Chongqing's 县, 5 直辖县级行政区划); 3133 other
# codes, less 282 市辖区 rows. The build test below counts them again when cpca is installed.
SOURCE_COUNTS = {"ProvincialLevelDivision": 34, "PrefectureLevelDivision": 334, "CountyLevelDivision": 2851}
WITHOUT_COORDINATES = {"130421", "139001", "139002", "320812", "330204", "410211"}  # blank in the table


@pytest.fixture(scope="module")
def gazetteer_kg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dataset]:
    """The gazetteer alone, loaded once into an on-disk store."""
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": str(tmp_path_factory.mktemp("gazetteer") / "store")}))
    load_files(kg, [GAZETTEER])
    yield kg
    kg.close()


def count(kg: Dataset, where: str) -> int:
    return int(next(iter(run_query(kg, f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH tgsrc:gazetteer {{ {where} }} }}")))["n"].value)


def test_the_gazetteer_loads_in_seconds_and_conforms_to_the_shapes(empty_kg: Dataset) -> None:
    started = time.perf_counter()
    report = load_files(empty_kg, [GAZETTEER])  # validates first: a violation would raise
    assert time.perf_counter() - started < 20 and report.quads > 30_000


@pytest.mark.parametrize("level", list(SOURCE_COUNTS))
def test_counts_per_level_match_the_source_table(gazetteer_kg: Dataset, level: str) -> None:
    assert count(gazetteer_kg, f"?d a tg:{level}") == SOURCE_COUNTS[level]
    comment = str(next(iter(run_query(gazetteer_kg, "SELECT ?c WHERE { tgsrc:gazetteer rdfs:comment ?c }")))["c"])
    assert "34 provincial-level, 334 prefecture-level and 2851 county-level divisions" in comment


def test_the_graph_names_its_package_version_and_licence(gazetteer_kg: Dataset) -> None:
    rows = list(run_query(gazetteer_kg, """SELECT ?version ?licence WHERE { tgsrc:gazetteer a tg:ReferenceDataset ;
        dcterms:license ?licence ; dcterms:source ?package . ?package schema:version ?version ; dcterms:license ?licence }"""))
    assert [(r["version"].value, r["licence"].value) for r in rows] == [("0.5.5", "https://spdx.org/licenses/MIT.html")]


def test_every_division_has_one_code_one_parent_names_and_a_province(gazetteer_kg: Dataset) -> None:
    total = sum(SOURCE_COUNTS.values())
    assert count(gazetteer_kg, "?d tg:divisionCode ?code FILTER(?d = IRI(CONCAT('https://tiegraph.org/id/cn-', ?code)))") == total
    assert count(gazetteer_kg, "?d tg:divisionCode ?c ; tg:locatedIn ?p") == total
    for language in ("en", "zh", "zh-Latn-pinyin"):
        assert count(gazetteer_kg, f'?d tg:divisionCode ?c ; rdfs:label ?l FILTER(LCASE(lang(?l)) = "{language.lower()}")') == total
    # Every county- and prefecture-level division lies, through the closure rule, in a provincial one.
    reaching = "?d tg:divisionCode ?c . FILTER EXISTS { GRAPH ?any { ?d tg:locatedIn ?p } ?p a tg:ProvincialLevelDivision }"
    assert count(gazetteer_kg, reaching) == total - SOURCE_COUNTS["ProvincialLevelDivision"]


def test_coordinates_wherever_the_table_has_them(gazetteer_kg: Dataset) -> None:
    missing = run_query(gazetteer_kg, "SELECT ?c WHERE { ?d tg:divisionCode ?c FILTER NOT EXISTS { ?d tg:longitude ?x ; tg:latitude ?y } }")
    assert {row["c"].value for row in missing} == WITHOUT_COORDINATES
    wuhan = next(iter(run_query(gazetteer_kg, "SELECT ?x ?y WHERE { tgid:cn-420100 tg:longitude ?x ; tg:latitude ?y }")))
    assert (float(wuhan["x"].value), float(wuhan["y"].value)) == (114.305469, 30.593175)


def test_capitals_agree_with_the_seed_articles(seed_kg: Dataset) -> None:
    stated = "GRAPH ?article { ?city tg:capitalOf ?province } ?article a tg:NewsArticle"
    pairs = {(r["city"].value, r["province"].value) for r in run_query(seed_kg, f"SELECT ?city ?province WHERE {{ {stated} }}")}
    assert {(c.rsplit("/", 1)[1], p.rsplit("/", 1)[1]) for c, p in pairs} == {("cn-420100", "cn-420000"), ("cn-360100", "cn-360000"), ("cn-430100", "cn-430000")}
    for city, province in pairs:
        assert run_query(seed_kg, f"ASK {{ GRAPH tgsrc:gazetteer {{ <{city}> tg:capitalOf <{province}> }} }}")
    assert count(seed_kg, "?d tg:capitalOf ?p") == 27  # 23 provinces, 5 autonomous regions, less Taiwan (no prefectures listed)


SAMPLE_TABLE = """adcode,name,longitude,latitude
420000000000,湖北省,114.341745,30.546557
420100000000,武汉市,114.305469,30.593175
420101000000,市辖区,,
420111000000,洪山区,114.343796,30.500247
422800000000,恩施土家族苗族自治州,109.488172,30.272156
422828000000,鹤峰县,110.033662,29.890171
429000000000,省直辖县级行政区划,,
429004000000,仙桃市,113.423583,30.361438
"""


def test_divisions_skip_grouping_rows_and_find_parents_kinds_and_names() -> None:
    divisions = {d.code: d for d in read_divisions(csv.DictReader(io.StringIO(SAMPLE_TABLE)), ["土家族", "苗族"])}
    assert set(divisions) == {"420000", "420100", "420111", "422800", "422828", "429004"}
    xiantao, enshi, hongshan = divisions["429004"], divisions["422800"], divisions["420111"]
    assert (xiantao.parent, xiantao.classes, xiantao.english, xiantao.pinyin) == ("420000", ("CountyLevelCity", "CountyLevelDivision"), "Xiantao", "Xiāntáo")
    assert (enshi.short_name, enshi.english, enshi.classes) == ("恩施", "Enshi Autonomous Prefecture", ("PrefectureLevelDivision",))
    assert (hongshan.parent, hongshan.english, divisions["420100"].capital_of) == ("420100", "Hongshan District", "420000")


def test_a_malformed_code_is_refused_with_its_row() -> None:
    with pytest.raises(InputError, match=r"row 3 .* adcode '4201' "):
        read_divisions(csv.DictReader(io.StringIO("adcode,name,longitude,latitude\n420000000000,湖北省,1.0,2.0\n4201,武汉市,,\n")), [])


def installed(package: str) -> bool:
    try:
        metadata.distribution(package)
    except metadata.PackageNotFoundError:
        return False
    return True


@pytest.mark.skipif(not installed("cpca"), reason="the gazetteer's source package is not installed (make gazetteer installs it)")
def test_the_committed_gazetteer_is_what_the_build_makes_from_the_package() -> None:
    origin, divisions = read_package()
    assert render(origin, divisions) == GAZETTEER.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(Path(str(metadata.distribution("cpca").locate_file(TABLE))).read_text(encoding="utf-8"))))
    grouping = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
    codes = [r["adcode"][:6] for r in rows if r["name"] not in grouping]
    assert sum(c.endswith("0000") for c in codes) == SOURCE_COUNTS["ProvincialLevelDivision"]
    assert sum(c.endswith("00") and not c.endswith("0000") for c in codes) == SOURCE_COUNTS["PrefectureLevelDivision"]
    assert sum(not c.endswith("00") for c in codes) == SOURCE_COUNTS["CountyLevelDivision"]
