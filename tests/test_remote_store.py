"""Every feature on a remote SPARQL store: a real Oxigraph server on 127.0.0.1 (or, with
TIEGRAPH_TEST_REMOTE=virtuoso, Debian's Virtuoso), compared with the same seeds in memory.

Each server runs in its own temporary directory on a free port, is given START_TIMEOUT to come
up, and is stopped by its process id.
"""

from __future__ import annotations

import configparser
import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Dataset

from graph import LoadReport, Settings, SettingsError, engine_of, load_files, load_settings, open_dataset
from graph.connections import Connections
from graph.entities import describe
from graph.export import ExportRequest, export_graph
from graph.query import collect_stats
from graph.store import update_url
from tests.cli_runner import tiegraph
from tests.conftest import DATA, SEED_FILES
from tests.server import free_port, running_service

ENGINE = os.environ.get("TIEGRAPH_TEST_REMOTE", "oxigraph")
START_TIMEOUT = 60.0
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
TOKEN = "remote-secret"
EXTRA = "https://tiegraph.org/source/remote-extra"


# ---------------------------------------------------------------------- servers
@contextmanager
def _process(command: list[str], ready: str, log: Path, cwd: Path | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """Run `command` until the URL `ready` answers a query; stop it by its pid afterwards."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=cwd)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited early: {log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.post(ready, data={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not answer within {START_TIMEOUT} s")
            time.sleep(0.2)
        yield process
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextmanager
def oxigraph_server(directory: Path, union: bool = True) -> Iterator[str]:
    """`oxigraph serve` (never with --timeout-s, which answered 500 under concurrency); its query URL."""
    port = free_port()
    command = [str(OXIGRAPH), "serve", "--location", str(directory / "oxigraph"), "--bind", f"127.0.0.1:{port}"]
    url = f"http://127.0.0.1:{port}/query"
    with _process(command + (["--union-default-graph"] if union else []), url, directory / "oxigraph.log"):
        yield url


@contextmanager
def virtuoso_server(directory: Path) -> Iterator[str]:
    """Debian's Virtuoso on two free loopback ports, its database in `directory`; its /sparql URL.
    SPARQL_UPDATE is granted to the anonymous SPARQL user, which is fine on 127.0.0.1 only."""
    sql_port, http_port = free_port(), free_port()
    database = directory / "virtuoso"
    database.mkdir()
    ini = configparser.ConfigParser(strict=False, interpolation=None, comment_prefixes=(";", "#"), inline_comment_prefixes=(";",))
    ini.optionxform = str  # type: ignore[assignment, method-assign]  # Virtuoso's keys are case-sensitive
    ini.read(VIRTUOSO_INI)
    for section, name in (("Database", "virtuoso"), ("TempDatabase", "virtuoso-temp")):
        for key, suffix in (("DatabaseFile", "db"), ("TransactionFile", "trx"), ("ErrorLogFile", "log"), ("LockFile", "lck"), ("xa_persistent_file", "pxa")):
            if key in ini[section] or section == "Database":
                ini[section][key] = str(database / f"{name}.{suffix}")
    ini["Parameters"]["ServerPort"] = f"127.0.0.1:{sql_port}"
    ini["HTTPServer"]["ServerPort"] = f"127.0.0.1:{http_port}"
    ini["SPARQL"]["ResultSetMaxRows"] = "1000000"
    with (database / "virtuoso.ini").open("w") as written:
        ini.write(written)
    command = [shutil.which("virtuoso-t") or "virtuoso-t", "+foreground", "+configfile", str(database / "virtuoso.ini")]
    url = f"http://127.0.0.1:{http_port}/sparql"
    with _process(command, url, directory / "virtuoso-out.log", cwd=database):
        grant = 'grant SPARQL_UPDATE to "SPARQL";'
        subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={grant}"], check=True, capture_output=True, timeout=60)
        yield url


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The query URL of a running remote store, loaded with the seeds by `tiegraph load`."""
    directory = tmp_path_factory.mktemp("remote")
    server = virtuoso_server(directory) if ENGINE == "virtuoso" else oxigraph_server(directory)
    with server as url:
        loaded = tiegraph(url, "load", *map(str, SEED_FILES))
        assert loaded.returncode == 0, loaded.stderr
        assert loaded.stdout.startswith(f"loaded {SEED_REPORT.quads} quads into {len(SEED_REPORT.graphs)} graphs")
        yield url


@pytest.fixture(scope="module")
def remote_kg(endpoint: str) -> Iterator[Dataset]:
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": endpoint}, settings_file=None))
    yield kg
    kg.close()


@pytest.fixture(scope="module")
def memory_kg() -> Iterator[Dataset]:
    """The same seeds in an embedded memory store: what every answer is compared with."""
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": "memory"}, settings_file=None))
    load_files(kg, SEED_FILES)
    yield kg
    kg.close()


def _seed_report() -> LoadReport:
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": "memory"}, settings_file=None))
    try:
        return load_files(kg, SEED_FILES)
    finally:
        kg.close()


SEED_REPORT = _seed_report()


@pytest.fixture(scope="module")
def service(endpoint: str) -> Iterator[str]:
    with running_service(endpoint, token=TOKEN, query_timeout="20") as base:
        yield base


def _quads(endpoint: str) -> list[str]:
    dumped = tiegraph(endpoint, "dump", "--format", "nquads")
    assert dumped.returncode == 0, dumped.stderr
    return sorted(line for line in dumped.stdout.splitlines() if "_:" not in line)


# ---------------------------------------------------------------------- reading
def test_the_remote_store_holds_what_an_embedded_one_would(remote_kg: Dataset, memory_kg: Dataset) -> None:
    assert collect_stats(remote_kg) == collect_stats(memory_kg)


def test_cli_query_runs_on_the_remote_store(endpoint: str) -> None:
    answered = tiegraph(endpoint, "query", "--format", "csv", "SELECT ?place WHERE { tgid:lei-jun tg:bornIn ?place }")
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.split() == ["place", "https://tiegraph.org/id/cn-429004"]


def test_entity_look_up_matches_the_embedded_store(remote_kg: Dataset, memory_kg: Dataset) -> None:
    for entity in ("lei-jun", "cn-420100", "xiaomi"):
        assert describe(engine_of(remote_kg), entity) == describe(engine_of(memory_kg), entity)


def test_paths_are_found_by_neighbour_queries(remote_kg: Dataset, memory_kg: Dataset) -> None:
    remote, embedded = Connections(remote_kg), Connections(memory_kg)
    found = remote.paths("Lei Jun", "Wuhan")
    assert found == embedded.paths("Lei Jun", "Wuhan")
    assert [n["id"] for n in found["paths"][0]["nodes"]][::len(found["paths"][0]["nodes"]) - 1] == ["lei-jun", "cn-420100"]
    assert remote.paths("xpeng", "cn-440100", via=["tg:basedIn", "tg:locatedIn"], k=3) == embedded.paths("xpeng", "cn-440100", via=["tg:basedIn", "tg:locatedIn"], k=3)
    assert remote.paths("lei-jun", "cn-420100", since="2021", undated=False) == embedded.paths("lei-jun", "cn-420100", since="2021", undated=False)


def test_ties_match_the_embedded_store(remote_kg: Dataset, memory_kg: Dataset) -> None:
    def unordered_rows(page: dict) -> dict:  # a tie query has no ORDER BY: engines list rows differently
        return {**page, "ties": [{**tie, "rows": sorted(tie["rows"], key=json.dumps)} for tie in page["ties"]]}

    for kind in ("founder-hometown", "co-location"):
        assert unordered_rows(Connections(remote_kg).ties(kind)) == unordered_rows(Connections(memory_kg).ties(kind))


def test_gexf_export_is_the_embedded_one(remote_kg: Dataset, memory_kg: Dataset, tmp_path: Path) -> None:
    outputs = []
    for kg in (remote_kg, memory_kg):
        path = tmp_path / f"{len(outputs)}.gexf"
        with path.open("wb") as out:
            export_graph(kg, out, ExportRequest())
        lines = sorted(path.read_bytes().splitlines())  # attributes come in the store's triple order
        # Virtuoso keeps numbers by value, not as written ("1e10" for "10000000000.0"): compare the drawing only.
        outputs.append([line for line in lines if b"<node " in line or b"<edge " in line] if ENGINE == "virtuoso" else lines)
    assert outputs[0] == outputs[1] and any(b'<node id="https://tiegraph.org/id/lei-jun"' in line for line in outputs[0])


# ---------------------------------------------------------------------- the service
def test_sparql_is_forwarded_in_the_negotiated_format(service: str) -> None:
    query = {"query": "SELECT ?place WHERE { tgid:lei-jun tg:bornIn ?place }"}
    as_json = httpx.get(f"{service}/sparql", params=query, timeout=30)
    assert as_json.status_code == 200 and as_json.headers["content-type"].startswith("application/sparql-results+json")
    assert as_json.json()["results"]["bindings"][0]["place"]["value"] == "https://tiegraph.org/id/cn-429004"
    as_csv = httpx.get(f"{service}/sparql", params=query, headers={"Accept": "text/csv"}, timeout=30)
    assert list(csv.reader(io.StringIO(as_csv.text))) == [["place"], ["https://tiegraph.org/id/cn-429004"]]
    graph = httpx.post(f"{service}/sparql", content="CONSTRUCT WHERE { tgid:lei-jun tg:bornIn ?p }", headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"}, timeout=30)
    assert graph.headers["content-type"].startswith("application/n-triples")
    assert [str(q.triple) for q in ox.parse(graph.content, ox.RdfFormat.N_TRIPLES)] == ["<https://tiegraph.org/id/lei-jun> <https://tiegraph.org/ontology#bornIn> <https://tiegraph.org/id/cn-429004>"]
    assert httpx.get(f"{service}/sparql", params=query, headers={"Accept": "text/turtle"}, timeout=30).status_code == 406


def test_bad_queries_are_refused_before_the_store_sees_them(service: str) -> None:
    syntax = httpx.get(f"{service}/sparql", params={"query": "SELECT ?x WHERE { ?x ?p }"}, timeout=30)
    assert syntax.status_code == 400 and "line 1, column" in syntax.json()["error"]["message"]
    service_call = httpx.get(f"{service}/sparql", params={"query": "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }"}, timeout=30)
    assert service_call.status_code == 400 and service_call.json()["error"]["type"] == "RemoteAccessRefused"


def test_look_up_search_paths_and_ties_over_http(service: str) -> None:
    entity = httpx.get(f"{service}/entities/lei-jun", timeout=30).json()
    assert entity["labels"] == {"en": ["Lei Jun"], "zh": ["雷军"]}
    found = httpx.get(f"{service}/search", params={"q": "leijun"}, timeout=30).json()
    assert found["results"][0]["id"] == "lei-jun"
    paths = httpx.get(f"{service}/paths", params={"from": "lei-jun", "to": "cn-420100"}, timeout=30).json()
    assert len(paths["paths"]) == 5 and paths["paths"][0]["length"] == 2
    ties = httpx.get(f"{service}/ties/founder-hometown", timeout=30).json()
    assert ties["total"] == 2
    gexf = httpx.get(f"{service}/export/graph.gexf", timeout=60)
    assert gexf.status_code == 200 and b"https://tiegraph.org/id/cn-420100" in gexf.content


def test_writes_over_http_are_judged_then_committed(service: str, endpoint: str) -> None:
    before = _quads(endpoint)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    turtle = {**auth, "Content-Type": "text/turtle"}
    refused = httpx.put(f"{service}/store", params={"graph": EXTRA}, content=(DATA / "shape_violation.ttl").read_bytes(), headers=turtle, timeout=60)
    assert refused.status_code == 422
    update = "PREFIX tg: <https://tiegraph.org/ontology#> INSERT DATA { GRAPH <%s> { <https://tiegraph.org/id/lei-jun> tg:foundedBy <https://tiegraph.org/id/x> } }" % EXTRA
    assert httpx.post(f"{service}/sparql", content=update, headers={**auth, "Content-Type": "application/sparql-update"}, timeout=60).status_code == 422
    assert _quads(endpoint) == before
    created = httpx.put(f"{service}/store", params={"graph": EXTRA}, content=(DATA / "extra_firm.ttl").read_bytes(), headers=turtle, timeout=60)
    assert created.status_code == 201
    assert httpx.get(f"{service}/search", params={"q": "Example Robotics"}, timeout=30).json()["results"][0]["id"] == "example-robotics"
    label = 'INSERT DATA { GRAPH <%s> { <https://tiegraph.org/id/example-robotics> <http://www.w3.org/2004/02/skos/core#altLabel> "ExRob"@en } }' % EXTRA
    assert httpx.post(f"{service}/sparql", content=label, headers={**auth, "Content-Type": "application/sparql-update"}, timeout=60).status_code == 204
    assert httpx.get(f"{service}/search", params={"q": "exrob"}, timeout=30).json()["results"][0]["id"] == "example-robotics"
    assert httpx.delete(f"{service}/store", params={"graph": EXTRA}, headers=auth, timeout=60).status_code == 204
    assert _quads(endpoint) == before


# ---------------------------------------------------------------------- loading
def test_a_refused_load_changes_nothing(endpoint: str) -> None:
    before = _quads(endpoint)
    for bad in ("shape_violation.ttl", "undefined_term.ttl", "bad_syntax.ttl"):
        refused = tiegraph(endpoint, "load", str(DATA / "extra_firm.ttl"), str(DATA / bad))
        assert refused.returncode == 1 and "nothing was written" in refused.stderr
    assert _quads(endpoint) == before


def test_a_load_refused_in_a_later_batch_is_undone(endpoint: str, remote_kg: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("graph.load.remote_loading.BATCH_QUADS", 2_000)  # many batches: seeds replaced, a new graph made
    before = _quads(endpoint)
    with pytest.raises(Exception, match="nothing was written"):
        load_files(remote_kg, [*SEED_FILES, DATA / "extra_firm.ttl", DATA / "shape_violation.ttl"])
    assert _quads(endpoint) == before
    report = load_files(remote_kg, SEED_FILES)
    assert report.quads == SEED_REPORT.quads and _quads(endpoint) == before


def test_validate_reads_without_writing(endpoint: str) -> None:
    checked = tiegraph(endpoint, "validate", str(DATA / "extra_firm.ttl"))
    assert checked.returncode == 0 and checked.stdout.startswith("valid: 8 quads")
    assert tiegraph(endpoint, "query", "--format", "csv", "ASK { tgid:example-robotics ?p ?o }").stdout.strip() == "false"


# ---------------------------------------------------------------------- settings and limits
@pytest.mark.parametrize(
    ("store", "given", "derived"),
    [
        pytest.param("http://h:7878/query", None, "http://h:7878/update", id="oxigraph"),
        pytest.param("http://h:8890/sparql", None, "http://h:8890/sparql", id="virtuoso"),
        pytest.param("https://h/ds/query", "https://h/ds/update2", "https://h/ds/update2", id="given"),
        pytest.param("http://h/endpoint", None, None, id="unknown"),
    ],
)
def test_update_url_is_given_or_derived(store: str, given: str | None, derived: str | None) -> None:
    environ = {"TIEGRAPH_STORE": store, **({"TIEGRAPH_UPDATE_URL": given} if given else {})}
    assert update_url(load_settings(environ, settings_file=None)) == derived


@pytest.mark.skipif(ENGINE != "oxigraph", reason="Virtuoso's default graph is always the union")
def test_a_store_without_union_default_graph_is_refused_and_timeouts_stop_queries(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path, union=False) as url:
        # The union can also be asked for in the URL (an Oxigraph server option), which has no
        # update twin: loading needs TIEGRAPH_UPDATE_URL.
        union_url = f"{url}?union-default-graph"
        no_update = tiegraph(union_url, "load", str(SEED_FILES[0]))
        assert no_update.returncode == 1 and "TIEGRAPH_UPDATE_URL" in no_update.stderr
        settings = load_settings({"TIEGRAPH_STORE": union_url, "TIEGRAPH_UPDATE_URL": url.replace("/query", "/update")}, settings_file=None)
        kg = open_dataset(settings)
        load_files(kg, SEED_FILES)
        kg.close()
        with pytest.raises(SettingsError, match="--union-default-graph"):
            open_dataset(load_settings({"TIEGRAPH_STORE": url}, settings_file=None))
        with running_service(union_url, update_url=url.replace("/query", "/update"), query_timeout="1") as base:
            endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
            started = time.monotonic()
            stopped = httpx.get(f"{base}/sparql", params={"query": endless}, timeout=30)
            assert stopped.status_code == 503 and time.monotonic() - started < 10
            assert httpx.get(f"{base}/health", timeout=10).status_code == 200


def test_an_unreachable_store_is_a_clear_error(tmp_path: Path) -> None:
    failed = tiegraph(f"http://127.0.0.1:{free_port()}/query", "stats")
    assert failed.returncode == 1 and "cannot connect to the SPARQL store" in failed.stderr


def test_settings_name_the_remote_options() -> None:
    settings = load_settings({"TIEGRAPH_STORE": "https://h/sparql", "TIEGRAPH_REMOTE_USER": "u", "TIEGRAPH_REMOTE_PASSWORD": "p"}, settings_file=None)
    assert isinstance(settings, Settings) and settings.is_remote and settings.remote_user == "u" and settings.remote_timeout == 300
    assert json.loads(json.dumps(settings.model_dump()))["remote_password"] == "p"
