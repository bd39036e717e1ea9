"""Search on the seed graph: every way of writing a name, ranking, type filter, typos, and writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset

from graph import InputError, Settings, engine_of, load_files, open_dataset
from graph.search import distance, INDEX_FILE, SearchIndex
from graph.store import store_revision

from tests.cli_runner import tiegraph
from tests.conftest import DATA, SEED_FILES
from tests.server import running_service, seeded_service

ID = "https://tiegraph.org/id/"


@pytest.fixture(scope="module")
def index(seed_kg: Dataset) -> SearchIndex:
    return SearchIndex.build(engine_of(seed_kg))


def found(index: SearchIndex, text: str, *types: str, limit: int = 10) -> list[str]:
    return [hit.iri[len(ID) :] for hit in index.search(text, types, limit)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("lei jun", id="english"),
        pytest.param("Lei", id="first-word"),
        pytest.param("雷军", id="chinese"),
        pytest.param("leijun", id="run-together"),
        pytest.param("LEI JUN", id="capitals"),
        pytest.param("Léi Jūn", id="tone-marks"),
    ],
)
def test_every_way_of_writing_lei_jun_finds_him_first(index: SearchIndex, text: str) -> None:
    assert found(index, text)[0] == "lei-jun"


def test_a_whole_name_beats_a_longer_one(index: SearchIndex) -> None:
    ranked = found(index, "wuhan")
    assert ranked[0] == "cn-420100" and ranked.index("cn-420100") < ranked.index("wuhan-university")
    [best, *_] = index.search("wuhan")
    assert best.score == 1.0 and best.kind == "label"


@pytest.mark.parametrize("text", ["wuhan", "Wǔhàn", "武汉", "武汉市", "WUHAN", "Wu Han"])
def test_every_form_of_a_place_name_finds_the_gazetteer_place_first(index: SearchIndex, text: str) -> None:
    assert found(index, text)[0] == "cn-420100"


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        pytest.param("wei lai", "nio", "pinyin", id="pinyin-of-a-chinese-only-name"),
        pytest.param("weilai", "nio", "pinyin", id="pinyin-run-together"),
        pytest.param("Motor City", "cn-420100", "alias", id="nickname"),
        pytest.param("optics valley", "east-lake-high-tech-development-zone", "alias", id="altLabel"),
        pytest.param("光谷", "east-lake-high-tech-development-zone", "alias", id="chinese-altLabel"),
        pytest.param("Li Bin", "william-li", "alias", id="alias-before-pinyin"),
        pytest.param("武汉", "cn-420100", "label", id="chinese-city"),
    ],
)
def test_aliases_and_pinyin(index: SearchIndex, text: str, expected: str, kind: str) -> None:
    [best, *_] = index.search(text)
    assert (best.iri, best.kind) == (f"{ID}{expected}", kind)


def test_part_of_a_chinese_name(index: SearchIndex) -> None:
    assert found(index, "大学") == ["wuhan-university"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("wuhna", "cn-420100", id="swapped"),
        pytest.param("kingsft", "kingsoft", id="missing"),
        pytest.param("xiaomii", "xiaomi", id="extra"),
        pytest.param("guangzhoo", "cn-440100", id="wrong"),
        pytest.param("lie jun", "lei-jun", id="swapped-in-a-short-word"),
    ],
)
def test_one_typo_is_forgiven(index: SearchIndex, text: str, expected: str) -> None:
    [best, *_] = index.search(text)
    assert best.iri == f"{ID}{expected}" and best.score <= 0.5


def test_typos_rank_below_exact_matches_and_short_words_need_a_swap(index: SearchIndex) -> None:
    assert distance("wuhna", "wuhan") == 1 and distance("lei", "fei") == 1
    assert "cn-340100" not in found(index, "lei")  # one letter off, but not a swap: not a typo of `lei`
    assert found(index, "zzzzqqq") == []


def test_type_filter_includes_subclasses(index: SearchIndex) -> None:
    assert found(index, "wuhan", "University") == ["wuhan-university"]
    assert found(index, "wuhan", "tg:City")[0] == "cn-420100"
    places = found(index, "wuhan", "https://tiegraph.org/ontology#Place")
    assert places[0] == "cn-420100" and "wuhan-economic-development-zone" in places and "wuhan-university" not in places
    with pytest.raises(InputError, match="not a class"):
        index.search("wuhan", ["Town"])


def test_limit_and_empty_queries(index: SearchIndex) -> None:
    assert len(index.search("wuhan", limit=2)) == 2
    with pytest.raises(InputError, match="no letters"):
        index.search(" —!? ")


def test_the_index_follows_writes(empty_kg: Dataset, tmp_path: Path) -> None:
    load_files(empty_kg, SEED_FILES)
    index = SearchIndex.build(engine_of(empty_kg))
    assert found(index, "example robotics") == []
    load_files(empty_kg, [DATA / "extra_firm.ttl"])
    assert found(index, "example robotics")[0] == "example-robotics"
    assert found(index, "shi li ji qi ren")[0] == "example-robotics"  # pinyin of 示例机器人
    renamed = tmp_path / "renamed.ttl"
    renamed.write_text((DATA / "extra_firm.ttl").read_text().replace("Example Robotics", "Sample Automata"))
    load_files(empty_kg, [renamed], graph="https://tiegraph.org/source/file/extra_firm")
    assert "example-robotics" not in found(index, "example robotics")
    assert found(index, "sample automata")[0] == "example-robotics"
    assert found(index, "lei jun")[0] == "lei-jun"  # entities of unchanged graphs are untouched


def test_a_saved_index_is_reopened_and_brought_up_to_date(settings_for: Callable[[str], Settings], tmp_path: Path) -> None:
    kg = open_dataset(settings_for("disk"))
    load_files(kg, SEED_FILES)
    directory = tmp_path / "index"
    first = SearchIndex.open(engine_of(kg), directory)
    saved = directory / INDEX_FILE
    assert saved.is_file() and found(first, "雷军")[0] == "lei-jun"
    load_files(kg, [DATA / "extra_firm.ttl"])  # written while no index is open
    stamp = saved.stat().st_mtime_ns
    reopened = SearchIndex.open(engine_of(kg), directory)
    assert reopened.revision == store_revision(engine_of(kg)) and saved.stat().st_mtime_ns != stamp
    assert found(reopened, "example robotics")[0] == "example-robotics"
    assert SearchIndex.open(engine_of(kg), directory).revision == reopened.revision  # unchanged: loaded as saved
    saved.write_bytes(b"not a pickle")
    assert found(SearchIndex.open(engine_of(kg), directory), "lei jun")[0] == "lei-jun"  # unreadable: rebuilt
    kg.close()


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seeded_service(tmp_path_factory.mktemp("search")) as base:
        yield base


def test_http_search_result_fields(service: str) -> None:
    response = httpx.get(f"{service}/search", params={"q": "雷军", "limit": 3})
    assert response.status_code == 200
    [best, *_] = response.json()["results"]
    assert best["id"] == "lei-jun" and best["iri"] == f"{ID}lei-jun" and best["label"] == "Lei Jun"
    assert best["labels"] == {"en": ["Lei Jun"], "zh": ["雷军"]} and best["score"] == 1.0
    assert best["types"] == [{"iri": "https://tiegraph.org/ontology#Person", "label": "Person"}]
    assert best["matched"] == {"name": "雷军", "kind": "label"}


def test_http_search_type_filter_and_errors(service: str) -> None:
    response = httpx.get(f"{service}/search", params=[("q", "wuhan"), ("type", "University"), ("type", "Province")])
    assert [r["id"] for r in response.json()["results"]] == ["wuhan-university"]
    bad = httpx.get(f"{service}/search", params={"q": "wuhan", "type": "Town"})
    assert bad.status_code == 400 and bad.json()["error"]["type"] == "InputError"
    missing = httpx.get(f"{service}/search")
    assert missing.status_code == 400 and set(missing.json()["error"]) == {"status", "type", "message"}


def test_http_writes_are_searchable_at_once(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert tiegraph(store, "load", *map(str, SEED_FILES)).returncode == 0
    with running_service(store, token="search-secret") as base:
        assert httpx.get(f"{base}/search", params={"q": "example robotics"}).json()["results"] == []
        written = httpx.put(
            f"{base}/store",
            params={"graph": "https://tiegraph.org/source/search-notes"},
            content=(DATA / "extra_firm.ttl").read_bytes(),
            headers={"Content-Type": "text/turtle", "Authorization": "Bearer search-secret"},
        )
        assert written.status_code == 201, written.text
        [best, *_] = httpx.get(f"{base}/search", params={"q": "示例机器人"}).json()["results"]
        assert best["id"] == "example-robotics" and best["labels"]["en"] == ["Example Robotics"]
        assert httpx.get(f"{base}/entities/example-robotics").json()["outgoing"]["edges"][0]["neighbour"]["id"] == "cn-420100"
