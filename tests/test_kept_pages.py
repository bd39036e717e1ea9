"""Entity pages are kept as finished documents (graph/entities/page_store.py, api/kept_pages.py):
after writes, every kept page a client gets must be byte for byte what the page's builder makes
from scratch at that moment.

A generated graph with the seeds, served by `tiegraph serve` with a token, 1,000 sampled entities
read, then writes that change what
their pages show: new articles touching existing places and governments, a source graph's title
changed, classes added to entities that many pages show as neighbours. Each page asked for
plainly (and so answered from the kept pages) must equal the same page built afresh, which a
query string (`?offset=0&limit=50`) forces: as JSON, and for one in ten also as Turtle and JSON-LD.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.build import generated_article, write_generated
from graph import engine_of, load_settings, open_dataset
from graph.entities import MEDIA_TYPES as RDF_MEDIA_TYPES, PAGES_FILE, PageStore
from graph.store import store_revision
from tests.cli_runner import tiegraph
from tests.conftest import SEED_FILES, described
from tests.server import running_service

FIRMS = 150
SAMPLE = 1_000
TOKEN = "kept-pages-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
TG = "https://tiegraph.org/ontology#"
ID = "https://tiegraph.org/id/"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("kept-pages")
    data = directory / "generated.nq"
    write_generated(data, firms=FIRMS, seed=0)
    loaded = tiegraph(directory / "store", "load", str(data), *map(str, SEED_FILES), timeout=600)
    assert loaded.returncode == 0, loaded.stderr
    return directory / "store"


@pytest.fixture(scope="module")
def service(store: Path) -> Iterator[str]:
    with running_service(store, token=TOKEN) as base:
        yield base


def _sample(client: httpx.Client) -> list[str]:
    query = f'SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?s), "{ID}")) }}'
    rows = client.get("/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    ids = sorted(row["s"]["value"][len(ID) :] for row in rows)
    assert len(ids) >= SAMPLE, f"the generated graph has only {len(ids)} entities"
    return random.Random(7).sample(ids, SAMPLE)


def _kept(store: Path) -> int:
    with sqlite3.connect(f"file:{store.parent / f'{store.name}-index' / PAGES_FILE}?mode=ro", uri=True) as pages:
        return pages.execute("SELECT COUNT(*) FROM pages").fetchone()[0]


def _write(client: httpx.Client, step: int, ids: list[str]) -> None:
    """Writes that change what sampled pages show, each accepted."""
    graph, triples = generated_article(800_000 + step, FIRMS)
    body = "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
    answers = [client.put("/store", params={"graph": graph}, content=body, headers={**AUTH, "content-type": "application/n-triples"})]
    retitled = body.replace(f'"Benchmark article {800_000 + step}"', f'"Benchmark article {800_000 + step}, corrected"')
    answers.append(client.put("/store", params={"graph": graph}, content=retitled, headers={**AUTH, "content-type": "application/n-triples"}))
    firms = [i for i in ids if i.startswith("synthetic-firm-")][step * 3 : step * 3 + 3]
    classes = " ".join(f"<{ID}{firm}> a <{TG}Firm> ." for firm in firms)
    notes = f"https://tiegraph.org/source/kept-pages-{step}"
    update = f"INSERT DATA {{ GRAPH <{notes}> {{ {classes} {described(notes)} }} }}"
    answers.append(client.post("/sparql", data={"update": update}, headers=AUTH))
    assert all(a.status_code < 300 for a in answers), [a.text for a in answers if a.status_code >= 300]


def _formats(entity_id: str) -> list[dict[str, str]]:
    """The Accept headers a page is read with: JSON for all, the RDF formats for one in ten."""
    return [{}, *(({"accept": media_type} for media_type in RDF_MEDIA_TYPES) if sum(map(ord, entity_id)) % 10 == 0 else ())]


def test_kept_pages_equal_pages_built_afresh_after_writes(store: Path, service: str) -> None:
    with httpx.Client(base_url=service, timeout=120) as client:
        ids = _sample(client)
        for entity_id in ids:
            for headers in _formats(entity_id):
                assert client.get(f"/entities/{entity_id}", headers=headers).status_code == 200
        assert _kept(store) >= sum(len(_formats(i)) for i in ids), "every page read, in every format, should be kept"
        for step in range(3):
            _write(client, step, ids)
        client.get(f"/entities/{ids[0]}")  # the first look-up after the writes follows them
        kept_after_writes = _kept(store)
        for entity_id in ids:
            for headers in _formats(entity_id):
                kept = client.get(f"/entities/{entity_id}", headers=headers)
                fresh = client.get(f"/entities/{entity_id}", params={"offset": 0, "limit": 50}, headers=headers)
                assert kept.status_code == fresh.status_code == 200
                assert kept.content == fresh.content, f"/entities/{entity_id} {headers}: the kept page differs from one built afresh"
                assert kept.headers["content-type"] == fresh.headers["content-type"]
        assert 0 < kept_after_writes < _kept(store), "writes should drop only the pages they touch, which are then kept again"


def test_a_page_file_of_an_earlier_version_is_started_afresh(tmp_path: Path) -> None:
    """Pages are derived: a file whose tables an earlier tiegraph made is emptied, not misread."""
    with sqlite3.connect(tmp_path / PAGES_FILE) as earlier:
        earlier.execute("CREATE TABLE pages (id TEXT PRIMARY KEY, body BLOB NOT NULL) WITHOUT ROWID")
        earlier.execute("INSERT INTO pages VALUES ('lei-jun', x'7b7d')")
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": "memory"}, settings_file=None))
    pages = PageStore(engine_of(kg), tmp_path)
    assert pages.page("lei-jun") is None
    revision = store_revision(engine_of(kg))
    pages.keep("lei-jun", revision, b"{}", "text/turtle")
    assert pages.page("lei-jun", "text/turtle") == b"{}" and pages.page("lei-jun") is None
