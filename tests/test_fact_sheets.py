"""Fact sheets (graph/sheets/): an article's facts in YAML, by names, checked as strictly as TriG
and added as one atomic write of the article's source graph, through `tiegraph check` / `add`
and `POST /facts`.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import jsonschema_rs
import pytest
import yaml

from tests.cli_runner import tiegraph
from tests.conftest import DATA, ROOT, SEED_FILES
from tests.server import running_service

GEELY = DATA / "sheets" / "geely-hangzhou-bay.yaml"
TOKEN = "sheets-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
SOURCE = "https://tiegraph.org/source/geely-hangzhou-bay"
ID = "https://tiegraph.org/id/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

# Mistakes people make, each as (what, the text of the Geely sheet changed, into what, what the
# message must say). Every message names the file, the line and column (of the changed line, or
# of the block that lacks something), and the fix.
MISTAKES = [
    ("unknown relation", "[Li Shufu, born in,", "[Li Shufu, birth place,", "unknown relation 'birth place'"),
    ("misspelt relation", "[Li Shufu, born in,", "[Li Shufu, bron in,", "did you mean born in?"),
    ("misspelt name", "[Geely, founder, Li Shufu]", "[Geely, founder, Li Shufoo]", "'Li Shufoo' is neither in this sheet nor in the graph"),
    ("ambiguous place", '"Taizhou, Zhejiang", ¶1]', "Taizhou, ¶1]", 'write "Taizhou, Jiangsu" or "Taizhou, Zhejiang"'),
    ("place not where it is said to be", '"Taizhou, Zhejiang", ¶1]', '"Wuhan, Zhejiang", ¶1]', "does not lie in"),
    ("a date that is not a date", "    date: 2021", "    date: last spring", "date takes a date written 2021, 2021-04 or 2021-04-02"),
    ("an amount with its currency in it", "    amount: 2000000000", "    amount: 2 billion yuan", "write 2000000000 and put the currency in its own field (currency: CNY)"),
    ("a currency by its name", "    currency: CNY", "    currency: yuan", "'yuan' is CNY"),
    ("a missing source", "source:", "origin:", "the sheet has no source: block"),
    ("a class that cannot take the relation", "[Geely, founder, Li Shufu]", "[Li Shufu, founder, Geely]", "'founder' is said of an Organisation; li-shufu is a Person"),
    ("a relation pointing at the wrong class", "[Geely, founder, Li Shufu]", "[Geely, founder, Ningbo]", "'founder' is pointing at a Person"),
    ("an unknown class", "    a: company", "    a: compnay", "unknown class 'compnay'; did you mean Company?"),
    ("an unknown source field", "  language: en", "  lang: en", "unknown source field 'lang'"),
    ("a language that is not a code", "  language: en", "  language: English", "language takes a language code such as en or zh"),
    ("an issue date that is not a date", "  issued: 2021", "  issued: recently", "issued takes a date"),
    ("a fact row of two parts", "[Geely, founder, Li Shufu]", "[Geely, Li Shufu]", "a fact is [subject, relation, object, where stated]"),
    ("an event without a label", "    label: Hangzhou Bay New District land and investment for Geely, 2021\n", "", "an event needs a label"),
    ("an incentive without its grantor (found by the shapes)", "    grantor: Hangzhou Bay New District\n", "", "tg:grantor needs at least 1 value"),
    ("an entity without a name", "  - name: Geely", "  - nmae: Geely", "this entity has no name:"),
    ("a key given twice", "    zh: 吉利", "    zh: 吉利\n    zh: 吉利汽车", "'zh' is given twice"),
    ("a place in the source that is none", "    at: ¶2, chars 51-140", "    at: second paragraph", "at: says where the source states the fact"),
    ("a character range that ends before it starts", "    at: ¶2, chars 51-140", "    at: chars 140-51", "its start before its end"),
    ("broken YAML", "  - [Geely, founder, Li Shufu]", "  - [Geely, founder, Li Shufu", "not YAML"),
]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("sheets") / "store"
    assert tiegraph(store, "load", *map(str, SEED_FILES)).returncode == 0
    return store


@pytest.fixture
def store(seeded: Path, tmp_path: Path) -> Path:
    """A copy of the seeded store for a test that writes."""
    shutil.copytree(seeded, tmp_path / "store")
    return tmp_path / "store"


@pytest.fixture(scope="module")
def service(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("sheets-service") / "store"
    shutil.copytree(seeded, store)
    with running_service(store, token=TOKEN) as base:
        yield base


def _sheet(tmp_path: Path, old: str, new: str) -> Path:
    text = GEELY.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "geely-hangzhou-bay.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _graphs(store: Path) -> str:
    return tiegraph(store, "query", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g", "--format", "json").stdout


def test_the_geely_sheet_goes_in_with_one_command_once_taizhou_is_named(store: Path, tmp_path: Path) -> None:
    before = _graphs(store)
    ambiguous = tiegraph(store, "add", str(_sheet(tmp_path, '"Taizhou, Zhejiang", ¶1]', "Taizhou, ¶1]")))
    assert ambiguous.returncode == 1
    assert "Taizhou" in ambiguous.stderr and "台州市 (Taizhou, Zhejiang)" in ambiguous.stderr and "泰州市 (Taizhou, Jiangsu)" in ambiguous.stderr
    assert _graphs(store) == before, "a refused sheet must write nothing"
    for spelling in ('"Taizhou, Zhejiang", ¶1]', "台州市, ¶1]"):
        added = tiegraph(store, "add", str(_sheet(tmp_path, '"Taizhou, Zhejiang", ¶1]', spelling)))
        assert added.returncode == 0, added.stderr
    ties = json.loads(tiegraph(store, "ties", "founder-hometown", "--entity", "geely", "--format", "json").stdout)
    tie = next(t for t in ties["ties"] if t["key"]["founder"]["id"] == "li-shufu" and t["key"]["firm"]["id"] == "geely")
    evidence = {(row["subject"].rsplit("/", 1)[-1], row["predicate_label"]): {s["iri"] for s in row["sources"]} for row in tie["evidence"]}
    incentive = "hangzhou-bay-new-district-land-and-investment-for-geely-2021"
    assert evidence[(incentive, "recipient")] == {SOURCE}
    assert evidence[("li-shufu", "born in")] == {SOURCE}


def test_where_the_source_states_a_fact_is_shown_in_ties_paths_and_entity_pages(store: Path) -> None:
    """The sheet's `at:` (¶1 for the birthplace; ¶2, chars 51-140 for every field of the
    incentive) comes back with each fact's source wherever the fact is evidence."""
    assert tiegraph(store, "add", str(GEELY)).returncode == 0
    born = {"paragraphs": [1], "start": None, "end": None}
    incentive = {"paragraphs": [2], "start": 51, "end": 140}
    with running_service(store) as base:
        ties = httpx.get(f"{base}/ties/founder-hometown", params={"entity": "Li Shufu"}).json()["ties"][0]["evidence"]
        placed = {(row["subject"].rsplit("/", 1)[-1], row["predicate_label"]): row["sources"][0]["at"] for row in ties}
        assert placed[("li-shufu", "born in")] == born
        assert placed[("hangzhou-bay-new-district-land-and-investment-for-geely-2021", "recipient")] == incentive
        assert placed[("geely", "founder")] is None  # the sheet does not say where
        paths = httpx.get(f"{base}/paths", params={"from": "Li Shufu", "to": "Hangzhou Bay New District"}).json()["paths"]
        hops = [fact for path in paths for hop in path["hops"] for fact in hop["facts"]]
        assert any(f["predicate_label"] == "grantor" and f["sources"][0]["at"] == incentive for f in hops)
        page = httpx.get(f"{base}/entities/li-shufu").json()
        [edge] = [e for e in page["outgoing"]["edges"] if e["predicate_label"] == "born in"]
        assert [s["at"] for s in edge["sources"]] == [born]
        amount = httpx.get(f"{base}/entities/hangzhou-bay-new-district-land-and-investment-for-geely-2021").json()["attributes"]
        assert [s["at"] for a in amount if a["predicate_label"] == "amount" for s in a["sources"]] == [incentive]
        assert not any("#stated-" in e["neighbour"]["iri"] for e in page["incoming"]["edges"]), "a placed fact is no edge"
    text = tiegraph(store, "path", "Li Shufu", "台州市").stdout
    assert "¶1" in text


def test_a_kept_entity_page_follows_a_fact_moved_in_its_source(store: Path) -> None:
    """Moving a fact to another paragraph changes only where it is placed, not the fact: the
    page kept for its subject must still be rebuilt."""
    def born_at(base: str) -> list[object]:
        page = httpx.get(f"{base}/entities/li-shufu").json()
        return [s["at"]["paragraphs"] for e in page["outgoing"]["edges"] if e["predicate_label"] == "born in" for s in e["sources"]]

    moved = GEELY.read_text(encoding="utf-8").replace('"Taizhou, Zhejiang", ¶1]', '"Taizhou, Zhejiang", ¶3]')
    with running_service(store, token=TOKEN) as base:
        assert httpx.post(f"{base}/facts", content=GEELY.read_bytes(), headers={**AUTH, "content-type": "application/yaml"}).status_code == 200
        assert born_at(base) == [[1]] and born_at(base) == [[1]]  # the second answer is the kept page
        assert httpx.post(f"{base}/facts", content=moved.encode(), headers={**AUTH, "content-type": "application/yaml"}).status_code == 200
        assert born_at(base) == [[3]]


def test_adding_a_sheet_again_changes_nothing_and_a_changed_sheet_replaces_its_graph_only(store: Path, tmp_path: Path) -> None:
    assert tiegraph(store, "add", str(GEELY)).returncode == 0
    once = _graphs(store)
    assert tiegraph(store, "add", str(GEELY)).returncode == 0
    assert _graphs(store) == once
    changed = _sheet(tmp_path, "    amount: 2000000000\n", "")
    assert tiegraph(store, "add", str(changed)).returncode == 0
    counts = {row["g"]["value"]: int(row["n"]["value"]) for row in json.loads(_graphs(store))["results"]["bindings"]}
    before = {row["g"]["value"]: int(row["n"]["value"]) for row in json.loads(once)["results"]["bindings"]}
    assert counts[SOURCE] == before[SOURCE] - 8  # the amount, and the 7 quads placing it at ¶2, chars 51-140
    assert {g: n for g, n in counts.items() if g != SOURCE and "inferred" not in g} == {g: n for g, n in before.items() if g != SOURCE and "inferred" not in g}


def test_check_shows_the_triples_the_sheet_would_write(seeded: Path) -> None:
    checked = tiegraph(seeded, "check", str(GEELY), "--format", "json")
    assert checked.returncode == 0, checked.stderr
    rows = json.loads(checked.stdout)["rows"]
    assert ["<https://tiegraph.org/id/li-shufu>", "<https://tiegraph.org/ontology#bornIn>", "<https://tiegraph.org/id/cn-331000>", f"<{SOURCE}>"] in rows
    assert json.loads(checked.stdout)["written"] is False


@pytest.mark.parametrize(("what", "old", "new", "said"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_placed_and_explained_on_the_command_line(seeded: Path, tmp_path: Path, what: str, old: str, new: str, said: str) -> None:
    sheet = _sheet(tmp_path, old, new)
    marker = new.splitlines()[-1] if new.strip() else "- event:"  # what was removed: its block
    line = next(number for number, text in enumerate(sheet.read_text(encoding="utf-8").splitlines(), 1) if marker in text)
    checked = tiegraph(seeded, "check", str(sheet))
    assert checked.returncode == 1, f"{what}: accepted"
    assert said in checked.stderr, checked.stderr
    placed = [row for row in checked.stderr.splitlines() if said in row]
    assert any(f"{sheet}:" in row for row in placed), f"{what}: the message names no place: {checked.stderr}"
    if what not in ("a missing source", "broken YAML"):
        assert any(f"{sheet}:{line}:" in row for row in placed), f"{what}: expected line {line}: {checked.stderr}"


@pytest.mark.parametrize(("what", "old", "new", "said"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_refused_by_post_facts_and_writes_nothing(service: str, what: str, old: str, new: str, said: str) -> None:
    text = GEELY.read_text(encoding="utf-8").replace(old, new, 1)
    count = {"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}
    before = httpx.get(f"{service}/sparql", params=count, headers={"accept": "application/sparql-results+json"}).json()
    answer = httpx.post(f"{service}/facts", content=text.encode(), headers={**AUTH, "content-type": "application/yaml"}, timeout=60)
    assert answer.status_code in (400, 422), answer.text
    error = answer.json()["error"]
    assert said in error["message"] and "body:" in error["message"], error
    assert httpx.get(f"{service}/sparql", params=count, headers={"accept": "application/sparql-results+json"}).json() == before


def test_post_facts_takes_yaml_or_json_with_the_token(service: str) -> None:
    text = GEELY.read_text(encoding="utf-8")
    assert httpx.post(f"{service}/facts", content=text.encode(), headers={"content-type": "application/yaml"}).status_code == 401
    checked = httpx.post(f"{service}/facts", params={"check": "true"}, content=text.encode(), headers={"content-type": "application/yaml"}, timeout=60)
    assert checked.status_code == 200 and checked.json()["written"] is False  # checking needs no token
    new = checked.json()["new"]
    assert new == [f"{ID}{name}" for name in ("geely", "hangzhou-bay-new-district", "hangzhou-bay-new-district-land-and-investment-for-geely-2021", "li-shufu")]
    rows = checked.json()["rows"]  # what would be written, quad by quad
    assert len(rows) == checked.json()["quads"] and [f"<{ID}li-shufu>", f"<{RDFS}label>", '"Li Shufu"@en', f"<{SOURCE}>"] in rows
    as_json = json.dumps(yaml.safe_load(text), ensure_ascii=False)  # the same sheet written as JSON
    added = httpx.post(f"{service}/facts", content=as_json.encode(), headers={**AUTH, "content-type": "application/json"}, timeout=60)
    assert added.status_code == 200, added.text
    assert added.json() == {"graphs": [SOURCE], "quads": checked.json()["quads"], "written": True, "new": new}
    page = httpx.get(f"{service}/entities/li-shufu")
    assert page.status_code == 200 and "李书福" in page.text


def test_the_json_schema_is_served_kept_in_docs_and_fits_the_sheets(service: str) -> None:
    served = httpx.get(f"{service}/facts/schema.json")
    assert served.status_code == 200 and served.headers["content-type"].startswith("application/schema+json")
    kept = json.loads((ROOT / "docs" / "fact-sheet.schema.json").read_text(encoding="utf-8"))
    assert served.json() == kept, "docs/fact-sheet.schema.json is stale: write it again from GET /facts/schema.json"
    validator = jsonschema_rs.validator_for(kept)
    for sheet in [GEELY, *sorted((ROOT / "seeds").glob("*.yaml"))]:
        as_json = json.loads(json.dumps(yaml.safe_load(sheet.read_text(encoding="utf-8")), default=str))
        assert not [str(e) for e in validator.iter_errors(as_json)], sheet
    misspelt = json.loads(json.dumps(yaml.safe_load(GEELY.read_text(encoding="utf-8").replace("    zh: 吉利", "    zhh: 吉利")), default=str))
    assert any("'zhh' was unexpected" in str(e) for e in validator.iter_errors(misspelt))


def _batch(tmp_path: Path, bad_row: int | None) -> list[str]:
    """A 100-row CSV of firms and their seats, a mapping and a source; row `bad_row` names a city
    that does not exist."""
    cities = ["Hefei", "Wuhan", "Ningbo", "Guangzhou", "合肥市", "Taizhou, Zhejiang"]
    with (tmp_path / "rows.csv").open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([["firm", "city"], *([f"Cell Maker {n}", "Springfeld" if n == bad_row else cities[n % len(cities)]] for n in range(1, 101))])
    (tmp_path / "map.yaml").write_text(
        'entities:\n  - name: "{firm}"\n    a: company\nfacts:\n  - ["{firm}", headquartered in, "{city}"]\n', encoding="utf-8"
    )
    (tmp_path / "source.yaml").write_text("source:\n  id: cell-makers-register\n  title: Register of cell makers\n  language: en\n  issued: 2024\n", encoding="utf-8")
    return ["add", "--rows", str(tmp_path / "rows.csv"), "--mapping", str(tmp_path / "map.yaml"), "--source", str(tmp_path / "source.yaml")]


def test_a_csv_batch_with_one_bad_row_writes_nothing_and_fixed_writes_every_row(store: Path, tmp_path: Path) -> None:
    before = _graphs(store)
    refused = tiegraph(store, *_batch(tmp_path, bad_row=57))
    assert refused.returncode == 1
    problems = [line for line in refused.stderr.splitlines() if line.startswith("  - ")]
    assert len(problems) == 1 and f"{tmp_path / 'rows.csv'}:58:2:" in problems[0] and "'Springfeld'" in problems[0], refused.stderr
    assert _graphs(store) == before
    added = tiegraph(store, *_batch(tmp_path, bad_row=None))
    assert added.returncode == 0, added.stderr
    seats = tiegraph(store, "query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://tiegraph.org/source/cell-makers-register> { ?f <https://tiegraph.org/ontology#headquarteredIn> ?c } }", "--format", "json")
    assert json.loads(seats.stdout)["results"]["bindings"][0]["n"]["value"] == "100"
