"""Places: names resolve to the one gazetteer IRI, seeds link to it, ties climb the hierarchy, exports map it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Dataset

from graph import AmbiguousName, NotFound, load_files, resolve_place, run_query
from graph.connections import Connections

from tests.cli_runner import tiegraph
from tests.conftest import ROOT, SEED_FILES, described

ID = "https://tiegraph.org/id/"
GAZETTEER = ROOT / "seeds" / "gazetteer.trig"


def test_xiantao_is_a_county_level_city_of_hubei(seed_kg: Dataset) -> None:
    xiantao = resolve_place(seed_kg, "Xiantao")
    assert xiantao == f"{ID}cn-429004" == resolve_place(seed_kg, "仙桃市") == resolve_place(seed_kg, "xiantao shi")
    assert run_query(seed_kg, f"ASK {{ <{xiantao}> a tg:CountyLevelCity ; tg:divisionCode \"429004\" ; tg:locatedIn tgid:cn-420000 . tgid:cn-420000 rdfs:label \"Hubei\"@en }}")


@pytest.mark.parametrize(
    ("names", "code"),
    [
        pytest.param(["合肥", "Hefei", "hefei shi", "合肥市", "HEFEI CITY", "Héféi"], "340100", id="hefei"),
        pytest.param(["wuhan", "Wǔhàn", "武汉", "武汉市", "Wuhan City", "wu han"], "420100", id="wuhan"),
        pytest.param(["Hubei", "湖北省", "hubei sheng", "Hubei Province", "Húběi"], "420000", id="hubei"),
        pytest.param(["Inner Mongolia", "内蒙古", "内蒙古自治区", "Neimenggu"], "150000", id="exonym"),
        pytest.param(["Shaanxi", "Shǎnxī", "陕西"], "610000", id="tones-tell-shaanxi"),
        pytest.param(["Shanxi", "Shānxī", "山西省"], "140000", id="from-shanxi"),
        pytest.param(["Xi'an", "xian", "西安市"], "610100", id="apostrophe"),
        pytest.param(["Jilin Province", "吉林省"], "220000", id="kind-picks-province"),
        pytest.param(["Jilin City", "吉林市"], "220200", id="kind-picks-city"),
    ],
)
def test_every_form_of_a_name_resolves_to_one_iri(seed_kg: Dataset, names: list[str], code: str) -> None:
    assert {resolve_place(seed_kg, name) for name in names} == {f"{ID}cn-{code}"}


def test_an_ambiguous_name_is_refused_with_its_candidates(seed_kg: Dataset) -> None:
    with pytest.raises(AmbiguousName) as refused:
        resolve_place(seed_kg, "Chaoyang District")
    assert (f"{ID}cn-110105", "Chaoyang District, Beijing") in refused.value.candidates
    assert "Chaoyang District, Changchun" in str(refused.value)
    with pytest.raises(AmbiguousName, match="cn-220000.*cn-220200"):
        resolve_place(seed_kg, "jilin")
    with pytest.raises(NotFound, match="no place is named 'Atlantis'"):
        resolve_place(seed_kg, "Atlantis")


def test_seed_places_are_gazetteer_entities(seed_kg: Dataset) -> None:
    # Every city or province an article names is a division of the gazetteer, and no place is
    # described twice: no second entity carries Wuhan's English or Chinese name.
    unlinked = run_query(seed_kg, """SELECT DISTINCT ?p WHERE { GRAPH ?article { ?p a ?class } ?article a tg:NewsArticle
        VALUES ?class { tg:City tg:Province tg:ProvincialLevelDivision } FILTER NOT EXISTS { GRAPH tgsrc:gazetteer { ?p tg:divisionCode ?c } } }""")
    assert list(unlinked) == []
    for name in ('"Wuhan"@en', '"武汉"@zh', '"Xiantao"@en', '"Hefei"@en'):
        named = run_query(seed_kg, f"SELECT DISTINCT ?p WHERE {{ ?p rdfs:label|skos:altLabel {name} }}")
        assert len({row["p"] for row in named}) == 1, name
    # Zones sit inside their city in the same hierarchy, and so in its province.
    for zone in ("east-lake-high-tech-development-zone", "wuhan-economic-development-zone"):
        assert run_query(seed_kg, f"ASK {{ tgid:{zone} tg:locatedIn tgid:cn-420100 , tgid:cn-420000 , tgid:china }}")


def first_and_last_counties(kg: Dataset) -> list[tuple[str, str, str]]:
    """(first county, last county, province) for every provincial-level division: the two share only the province."""
    rows = run_query(kg, """SELECT ?province (MIN(?code) AS ?first) (MAX(?code) AS ?last) WHERE { GRAPH tgsrc:gazetteer {
        ?county a tg:CountyLevelDivision ; tg:divisionCode ?code } ?county tg:locatedIn ?province .
        ?province a tg:ProvincialLevelDivision } GROUP BY ?province""")
    return [(row["first"].value, row["last"].value, row["province"].value) for row in rows]


def test_a_founder_born_in_any_county_is_tied_to_its_province(empty_kg: Dataset, tmp_path: Path) -> None:
    load_files(empty_kg, [GAZETTEER])
    triples = []
    samples = first_and_last_counties(empty_kg)
    assert len(samples) == 31  # every provincial-level division with counties (not Taiwan, Hong Kong, Macao)
    for born, based, _ in samples:
        triples.append(f"""tgid:founder-{born} a tg:Person ; rdfs:label "Founder from {born}"@en ; tg:bornIn tgid:cn-{born} ; tg:founded tgid:firm-{born} .
    tgid:firm-{born} a tg:Company ; rdfs:label "Firm of {born}"@en ; tg:founder tgid:founder-{born} ; tg:headquarteredIn tgid:cn-{based} .""")
    facts = tmp_path / "founders.ttl"  # triples describing their own source as `<>`
    prefixes = "@prefix tg: <https://tiegraph.org/ontology#> . @prefix tgid: <https://tiegraph.org/id/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    facts.write_text(prefixes + described("") + "\n" + "\n".join(triples) + "\n", encoding="utf-8")
    load_files(empty_kg, [facts])
    ties = Connections(empty_kg).ties("founder-hometown", limit=100)["ties"]
    found = {tie["key"]["founder"]["id"]: [v["iri"] for v in tie["summary"]["region"]] for tie in ties}
    assert found == {f"founder-{born}": [province] for born, _, province in samples}
    strengths = {tie["key"]["founder"]["id"]: tie["summary"]["strength"] for tie in ties}
    assert strengths["founder-110101"] == ["city"] and strengths["founder-420102"] == ["province"]  # Beijing is a municipality


def test_every_city_of_the_seed_graph_has_coordinates_in_the_gexf_export(tmp_path: Path) -> None:
    store, path = tmp_path / "store", tmp_path / "seed.gexf"
    assert tiegraph(store, "load", *map(str, SEED_FILES)).returncode == 0
    assert tiegraph(store, "export", "gexf", "-o", str(path)).returncode == 0
    query = """SELECT DISTINCT ?c WHERE { GRAPH ?g { { ?c ?p ?o } UNION { ?s ?p ?c } } ?g a tg:NewsArticle . ?c a ?class
        VALUES ?class { tg:City tg:Municipality tg:PrefectureLevelCity tg:CountyLevelCity } }"""
    cities = {row["c"]["value"] for row in json.loads(tiegraph(store, "query", "--format", "json", query).stdout)["results"]["bindings"]}
    assert {f"{ID}cn-{code}" for code in ("420100", "340100", "440100", "429004", "110000", "360100", "430100")} == cities
    gexf, viz = "{http://gexf.net/1.3}", "{http://gexf.net/1.3/viz}"
    nodes = {node.get("id"): node for node in ET.parse(path).iter(f"{gexf}node")}
    positioned = {iri for iri in cities if iri in nodes and nodes[iri].find(f"{viz}position") is not None}
    assert positioned == cities


def test_cli_paths_take_any_form_of_a_place_name(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert tiegraph(store, "load", *map(str, SEED_FILES)).returncode == 0
    answer = json.loads(tiegraph(store, "path", "Lei Jun", "武汉市", "--format", "json", "--max-len", "2").stdout)
    assert answer["to"]["iri"] == f"{ID}cn-420100" and answer["paths"]
    refused = tiegraph(store, "path", "Lei Jun", "Chaoyang District")
    assert refused.returncode == 1 and "cn-110105 (Chaoyang District, Beijing)" in refused.stderr
