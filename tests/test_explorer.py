"""The explorer in a real browser (Debian's chromium, driven by Playwright) against a real uvicorn
on 127.0.0.1 serving the seed graph: what a user does on each page, checked against the JSON API
and the exports read independently. Any console error or request to another host fails a test."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest

from tests.browser import browser, needs_browser, watched_page
from tests.conftest import DATA
from tests.server import seeded_service

pytestmark = needs_browser
GEXF = "{http://gexf.net/1.3}"
ID = "https://tiegraph.org/id/"
GEELY = DATA / "sheets" / "geely-hangzhou-bay.yaml"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seeded_service(tmp_path_factory.mktemp("explorer"), token="explorer-token") as base:
        yield base


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with browser() as launched:
        yield launched


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def gexf_colours(service: str, *around: str) -> dict[str, str]:
    """Each node of the service's GEXF export around these entities with its colour (#rrggbb),
    read with ElementTree."""
    response = httpx.get(f"{service}/export/graph.gexf", params=[("around", a) for a in around], timeout=60)
    assert response.status_code == 200, response.text
    colours = {}
    for node in ElementTree.fromstring(response.content).iter(f"{GEXF}node"):
        colour = node.find("{http://gexf.net/1.3/viz}color")
        colours[node.get("id")] = "#{:02x}{:02x}{:02x}".format(*(int(colour.get(c)) for c in "rgb"))  # type: ignore[union-attr]
    return colours  # type: ignore[return-value]


def neighbours(service: str, *around: str) -> set[str]:
    response = httpx.get(f"{service}/neighbourhood", params=[("around", a) for a in around], timeout=60)
    assert response.status_code == 200, response.text
    return {node["iri"] for node in response.json()["nodes"]}


def quads_in_sources(service: str) -> int:
    """The facts of every source document's graph, counted by SPARQL."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://tiegraph.org/source/')) }"
    answer = httpx.get(f"{service}/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"}, timeout=60)
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_searching_leijun_from_home_opens_lei_jun(service: str, chromium: object, shots: Path) -> None:
    with watched_page(chromium, service) as watched:
        page = watched.page
        page.goto(f"{service}/")  # type: ignore[attr-defined]
        assert "Sources" in page.inner_text("main")  # type: ignore[attr-defined]
        assert "Chinese local governments court Xiaomi" in page.inner_text("main")  # type: ignore[attr-defined]
        assert "tiegraph ontology" not in page.inner_text("section[aria-labelledby=sources]")  # type: ignore[attr-defined]  # a vocabulary, not a source
        stated = re.search(r"([\d,]+) facts, each stated by a source", page.inner_text("main"))  # type: ignore[attr-defined]
        assert stated and int(stated[1].replace(",", "")) == quads_in_sources(service)
        page.fill("#home-search", "leijun")  # type: ignore[attr-defined]
        option = page.locator("#home-search-options [role=option]").first  # type: ignore[attr-defined]
        option.wait_for()
        assert option.inner_text().startswith("Lei Jun") and "雷军" in option.inner_text()
        assert page.get_attribute("#home-search", "aria-expanded") == "true"  # type: ignore[attr-defined]
        watched.screenshot("home", shots)
        page.press("#home-search", "Enter")  # type: ignore[attr-defined]
        page.wait_for_url(f"{service}/entities/lei-jun")  # type: ignore[attr-defined]
        assert page.inner_text("h1") == "Lei Jun" and "雷军" in page.inner_text("dl.names")  # type: ignore[attr-defined]
        watched.assert_clean()


def test_xiaomi_neighbours_are_drawn_and_wuhan_expands(service: str, chromium: object, shots: Path) -> None:
    with watched_page(chromium, service) as watched:
        page = watched.page
        page.goto(f"{service}/entities/xiaomi")  # type: ignore[attr-defined]
        page.wait_for_selector("[data-graph][data-drawn]")  # type: ignore[attr-defined]
        drawn = set(page.evaluate("() => window.tiegraph.graph.nodes()"))  # type: ignore[attr-defined]
        assert drawn == neighbours(service, "xiaomi") and {f"{ID}cn-420100", f"{ID}lei-jun", f"{ID}wuhan-courting-task-force-xiaomi-2021"} <= drawn
        # Coloured as the GEXF export colours the same nodes.
        colours = page.evaluate("() => Object.fromEntries(window.tiegraph.graph.mapNodes((n, a) => [n, a.color]))")  # type: ignore[attr-defined]
        exported = gexf_colours(service, "xiaomi")
        assert {n: colours[n] for n in exported.keys() & drawn} == {n: exported[n] for n in exported.keys() & drawn} and len(exported.keys() & drawn) >= 15
        assert page.get_attribute("[data-graph]", "aria-label")  # type: ignore[attr-defined]  # a text alternative
        # Facts grouped by relation, each with its source.
        assert "Boost for 'Motor City' as Xiaomi sets up" in page.inner_text("#facts ~ table, section:has(#facts)")  # type: ignore[attr-defined]
        watched.screenshot("entity", shots)
        page.select_option("[data-expand]", label="Wuhan")  # type: ignore[attr-defined]
        page.wait_for_function(f"() => (window.tiegraph.expanded || []).includes('{ID}cn-420100')")  # type: ignore[attr-defined]
        grown = set(page.evaluate("() => window.tiegraph.graph.nodes()"))  # type: ignore[attr-defined]
        assert grown == neighbours(service, "xiaomi") | neighbours(service, "cn-420100") and len(grown) > len(drawn)
        gexf_link = page.get_attribute("[data-download=gexf]", "href")  # type: ignore[attr-defined]
        assert gexf_link and "around=cn-420100" in gexf_link and "around=xiaomi" in gexf_link
        with page.expect_download() as download:  # type: ignore[attr-defined]
            page.click("[data-download=graphml]")  # type: ignore[attr-defined]
        graphml = Path(download.value.path()).read_bytes()
        assert graphml.startswith(b"<?xml") and b"cn-420100" in graphml
        timing = page.evaluate("() => performance.getEntriesByName('tiegraph:neighbourhood-drawn')[0].startTime")  # type: ignore[attr-defined]
        assert timing > 0
        watched.assert_clean()


def test_paths_from_lei_jun_to_wuhan_show_each_hops_source(service: str, chromium: object, shots: Path) -> None:
    expected = httpx.get(f"{service}/paths", params={"from": "Lei Jun", "to": "Wuhan", "k": 3}, timeout=60).json()
    first_source = expected["paths"][0]["hops"][0]["facts"][0]["sources"][0]["title"]
    with watched_page(chromium, service) as watched:
        page = watched.page
        page.goto(f"{service}/explore/paths")  # type: ignore[attr-defined]
        page.fill("input[name=from]", "Lei Jun")  # type: ignore[attr-defined]
        page.fill("input[name=to]", "Wuhan")  # type: ignore[attr-defined]
        page.click("button:has-text('Find paths')")  # type: ignore[attr-defined]
        page.wait_for_selector("[data-graph][data-drawn]")  # type: ignore[attr-defined]
        paths = page.locator("ol.paths > li")  # type: ignore[attr-defined]
        assert paths.count() == len(expected["paths"])
        assert first_source in paths.first.locator("ol.hops > li").first.locator("cite").first.inner_text()
        drawn = set(page.evaluate("() => window.tiegraph.graph.nodes()"))  # type: ignore[attr-defined]
        assert drawn == {n["iri"] for p in expected["paths"] for n in p["nodes"]}
        watched.screenshot("paths", shots)
        # Filtered: only studied-at and based-in facts, dated ones in 2021 or undated.
        filtered = httpx.get(f"{service}/paths", params={"from": "Lei Jun", "to": "Wuhan", "k": 3, "via": ["tg:studiedAt", "tg:basedIn"], "since": "2021"}, timeout=60).json()
        page.select_option("select[name=via]", label=["studied at", "based in"])  # type: ignore[attr-defined]
        page.locator("input[name=since]").evaluate("(slider) => { slider.value = '2021'; slider.dispatchEvent(new Event('input')); }")  # type: ignore[attr-defined]
        assert page.inner_text("[data-shows=since]") == "2021"  # type: ignore[attr-defined]
        page.click("button:has-text('Find paths')")  # type: ignore[attr-defined]
        page.wait_for_url(re.compile(r".*since=2021.*"))  # type: ignore[attr-defined]
        assert "until=" not in page.url  # type: ignore[attr-defined]  # a window end left at the span's edge is not sent
        assert page.locator("ol.paths > li").count() == len(filtered["paths"]) >= 1  # type: ignore[attr-defined]
        assert all(f["predicate_label"] in ("studied at", "based in") for p in filtered["paths"] for h in p["hops"] for f in h["facts"])
        watched.assert_clean()


def test_the_ledger_filtered_to_hefei_downloads_its_csv(service: str, chromium: object, shots: Path) -> None:
    expected = httpx.get(f"{service}/incentives", params={"place": "Hefei"}, timeout=60).json()
    with watched_page(chromium, service) as watched:
        page = watched.page
        page.goto(f"{service}/explore/incentives")  # type: ignore[attr-defined]
        page.fill("input[name=place]", "Hefei")  # type: ignore[attr-defined]
        page.click("button:has-text('Filter')")  # type: ignore[attr-defined]
        page.wait_for_url(re.compile(r".*place=Hefei.*"))  # type: ignore[attr-defined]
        rows = page.locator("table.ledger tbody tr")  # type: ignore[attr-defined]
        assert rows.count() == expected["total"] == 2
        assert "rescue financing" in page.inner_text("table.ledger")  # type: ignore[attr-defined]
        watched.screenshot("ledger", shots)
        with page.expect_download() as download:  # type: ignore[attr-defined]
            page.click("a[data-csv]")  # type: ignore[attr-defined]
        text = Path(download.value.path()).read_text(encoding="utf-8")
        listed = list(csv.DictReader(io.StringIO(text)))
        assert sorted(row["incentive_id"] for row in listed) == sorted(row["incentive"]["id"] for row in expected["rows"])
        watched.assert_clean()


def test_a_query_runs_in_yasgui_and_its_rows_show_as_a_table_and_a_graph(service: str, chromium: object) -> None:
    tie_titles = [kind["title"] for kind in httpx.get(f"{service}/ties", timeout=60).json()]
    with watched_page(chromium, service) as watched:
        page = watched.page
        page.goto(f"{service}/query")  # type: ignore[attr-defined]
        page.wait_for_selector(".yasqe")  # type: ignore[attr-defined]
        tabs = page.locator(".tabsList .tab").all_inner_texts()  # type: ignore[attr-defined]
        assert all(any(title in tab for tab in tabs) for title in tie_titles)  # the tie queries, ready
        page.click(".yasqe_queryButton")  # type: ignore[attr-defined]
        page.wait_for_selector(".yasr .dataTable tbody tr")  # type: ignore[attr-defined]
        # The starting query lists every incentive with its grantor, recipient and source graph.
        assert page.locator(".yasr .dataTable tbody tr").count() == 4  # type: ignore[attr-defined]
        assert "hefei-rescue-financing-nio-2020" in page.inner_text(".yasr .dataTable")  # type: ignore[attr-defined]
        page.click(".yasr .select_graph")  # type: ignore[attr-defined]
        page.wait_for_selector(".yasr [data-drawn]")  # type: ignore[attr-defined]
        nodes = set(page.evaluate("() => window.tiegraphResultGraph.nodes()"))  # type: ignore[attr-defined]
        assert f"{ID}hefei-rescue-financing-nio-2020" in nodes and f"{ID}nio" in nodes
        watched.assert_clean()


def test_a_story_map_is_saved_from_xiaomis_view_and_reopened_with_its_sources(service: str, chromium: object) -> None:
    with watched_page(chromium, service) as watched:
        page = watched.page
        page.goto(f"{service}/entities/xiaomi")  # type: ignore[attr-defined]
        page.wait_for_selector("[data-graph][data-drawn]")  # type: ignore[attr-defined]
        page.click("[data-story-maker] summary")  # type: ignore[attr-defined]
        page.fill("[data-story-title]", "Xiaomi comes to Wuhan")  # type: ignore[attr-defined]
        page.fill("[data-story-caption]", "Wuhan's zone set up a task force to court Xiaomi.")  # type: ignore[attr-defined]
        options = page.locator("[data-story-highlight] option").all_inner_texts()  # type: ignore[attr-defined]
        courting = next(o for o in options if "task force to court Xiaomi" in o and "recipient" in o)
        page.select_option("[data-story-highlight]", label=courting)  # type: ignore[attr-defined]
        page.click("[data-story-add]")  # type: ignore[attr-defined]
        nodes_first = page.evaluate("() => window.tiegraph.graph.order")  # type: ignore[attr-defined]
        page.select_option("[data-expand]", label="Wuhan")  # type: ignore[attr-defined]
        page.wait_for_function(f"() => (window.tiegraph.expanded || []).includes('{ID}cn-420100')")  # type: ignore[attr-defined]
        page.fill("[data-story-caption]", "Wuhan, and what else lies there.")  # type: ignore[attr-defined]
        page.click("[data-story-add]")  # type: ignore[attr-defined]
        page.fill("[data-story-token]", "wrong-token")  # type: ignore[attr-defined]
        page.click("[data-story-save]")  # type: ignore[attr-defined]
        page.wait_for_selector("[data-story-saved].error")  # type: ignore[attr-defined]  # refused without the token
        page.fill("[data-story-token]", "explorer-token")  # type: ignore[attr-defined]
        page.click("[data-story-save]")  # type: ignore[attr-defined]
        page.click("[data-story-link]")  # type: ignore[attr-defined]
        page.wait_for_selector("[data-story-graph][data-drawn]")  # type: ignore[attr-defined]
        story_url = page.url  # type: ignore[attr-defined]
        assert page.inner_text("h1") == "Xiaomi comes to Wuhan" and page.inner_text("[data-step-number]") == "Step 1 of 2"  # type: ignore[attr-defined]
        assert "task force to court Xiaomi" in page.inner_text("[data-caption]")  # type: ignore[attr-defined]
        assert page.evaluate("() => window.tiegraphStory.graph.order") == nodes_first  # type: ignore[attr-defined]
        page.click("[data-relations] button")  # type: ignore[attr-defined]  # the highlighted relation's facts and sources
        page.wait_for_selector("[data-evidence] cite")  # type: ignore[attr-defined]
        assert "Chinese local governments court Xiaomi" in page.inner_text("[data-evidence]") or "Motor City" in page.inner_text("[data-evidence]")  # type: ignore[attr-defined]
        page.click("[data-step='1']")  # type: ignore[attr-defined]
        assert page.inner_text("[data-step-number]") == "Step 2 of 2" and "Wuhan, and what else" in page.inner_text("[data-caption]")  # type: ignore[attr-defined]
        assert page.evaluate("() => window.tiegraphStory.graph.order") > nodes_first  # type: ignore[attr-defined]
        page.goto(f"{story_url}?embed=1")  # type: ignore[attr-defined]  # as an iframe shows it
        page.wait_for_selector("[data-story-graph][data-drawn]")  # type: ignore[attr-defined]
        assert page.locator("header.top").count() == 0 and page.inner_text("h1") == "Xiaomi comes to Wuhan"  # type: ignore[attr-defined]
        watched.assert_clean(expected=("status of 401",))  # the save refused above
    story_id = story_url.rsplit("/", 1)[1]
    as_json = httpx.get(f"{service}/stories/{story_id}", timeout=30).json()
    assert [len(step["nodes"]) for step in as_json["steps"]][0] == nodes_first
    assert httpx.get(f"{service}/stories/no-such-story", timeout=30).status_code == 404


def test_the_geely_sheet_shows_the_taizhou_ambiguity_then_the_fixed_one_is_added(service: str, chromium: object) -> None:
    fixed = GEELY.read_text(encoding="utf-8")
    ambiguous = fixed.replace('"Taizhou, Zhejiang", ¶1]', "Taizhou, ¶1]")
    assert ambiguous != fixed
    with watched_page(chromium, service) as watched:
        page = watched.page
        page.goto(f"{service}/add")  # type: ignore[attr-defined]
        page.fill("#sheet", ambiguous)  # type: ignore[attr-defined]
        page.click("[data-action=check]")  # type: ignore[attr-defined]  # checking needs no token
        problem = page.locator("[data-outcome=error]")  # type: ignore[attr-defined]
        problem.wait_for()
        assert "'Taizhou' is ambiguous" in problem.inner_text() and "Taizhou, Zhejiang" in problem.inner_text()
        page.fill("#sheet", fixed)  # type: ignore[attr-defined]
        page.click("[data-action=check]")  # type: ignore[attr-defined]
        page.locator("[data-outcome=ok]").wait_for()  # type: ignore[attr-defined]
        page.wait_for_selector("[data-preview-graph][data-drawn]")  # type: ignore[attr-defined]
        drawn = set(page.evaluate("() => window.tiegraphPreview.nodes()"))  # type: ignore[attr-defined]
        assert {f"{ID}li-shufu", f"{ID}geely"} <= drawn
        assert httpx.get(f"{service}/entities/li-shufu", timeout=30).status_code == 404  # checking wrote nothing
        page.click("[data-action=add]")  # type: ignore[attr-defined]
        assert "needs the service's token" in page.inner_text("[data-outcome=error]")  # type: ignore[attr-defined]
        page.fill("[data-token]", "explorer-token")  # type: ignore[attr-defined]
        page.click("[data-action=add]")  # type: ignore[attr-defined]
        page.wait_for_selector("[data-outcome=ok]:has-text('Added')")  # type: ignore[attr-defined]
        page.click("[data-outcome=ok] a:has-text('li-shufu')")  # type: ignore[attr-defined]
        page.wait_for_url(f"{service}/entities/li-shufu")  # type: ignore[attr-defined]
        assert "李书福" in page.inner_text("dl.names")  # type: ignore[attr-defined]
        watched.assert_clean(expected=("status of 422",))  # the ambiguous sheet's answer, asked for above


@pytest.mark.parametrize("path", ["/", "/entities/xiaomi", "/explore/paths?from=Lei+Jun&to=Wuhan", "/explore/incentives?place=Hefei", "/explore/ties/founder-hometown", "/query", "/add"])
def test_pages_fit_a_phone_and_are_reached_by_keyboard(service: str, chromium: object, path: str) -> None:
    with watched_page(chromium, service, width=390, height=844) as watched:
        page = watched.page
        page.goto(f"{service}{path}")  # type: ignore[attr-defined]
        page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways at 390 px"  # type: ignore[attr-defined]
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Skip to content"  # type: ignore[attr-defined]
        watched.assert_clean()


def test_a_browser_asking_for_an_entity_gets_its_page_and_programs_still_get_json(service: str) -> None:
    page = httpx.get(f"{service}/entities/nio", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, timeout=30)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<h1>NIO</h1>" in page.text and "Founder-hometown ties" in page.text and "Hefei city government" in page.text
    # An entity's IRI opened in a browser: 303 to its description, which is the page.
    followed = httpx.get(f"{service}/id/nio", headers={"Accept": "text/html"}, follow_redirects=True, timeout=30)
    assert followed.history[0].status_code == 303 and followed.headers["content-type"].startswith("text/html") and "<h1>NIO</h1>" in followed.text
    for accept in (None, "*/*", "application/json"):
        answer = httpx.get(f"{service}/entities/nio", headers={"Accept": accept} if accept else {}, timeout=30)
        assert answer.headers["content-type"].startswith("application/json") and answer.json()["id"] == "nio"
