"""kill -9 at random instants during every kind of write; the store opened afterwards must hold
one of the states a complete write could leave (all of the write or none of it) and derived
state that agrees with a store rebuilt from scratch out of its stated graphs.

Each case first runs its write to the end once per variant, which measures how long a write
takes (kills fall uniformly within that time) and which stated states are allowed. Then
`TIEGRAPH_CRASH_KILLS` kills per case (20 by default; `make crash-test` runs 200). The bulk
load writes a generated graph beside the seeds and gets a quarter of them (at least 5), to keep
`make test` within CI's half hour; the other cases write the seeds or one small file (two
versions, in turn) into a copy of the seeded store.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from tests.cli_runner import TIEGRAPH, environment, tiegraph
from tests.conftest import DATA, SEED_FILES
from tests.derived_state import answers_on_disk, rebuilt_answers, stated_quads
from tests.server import PROCESS_IDS, running_service
from graph import NotFound, engine_of, load_files, load_settings, open_dataset
from graph.build import write_generated
from graph.load import drop_graph
from graph.store import record_intent

KILLS = int(os.environ.get("TIEGRAPH_CRASH_KILLS", "20"))
SEED = int(os.environ.get("TIEGRAPH_CRASH_SEED", "20261206"))
TOKEN = "crash-token"
GRAPH = "https://tiegraph.org/source/crash-test"
VARIANTS = (DATA / "crash_write.ttl", DATA / "crash_write_b.ttl")
AUTH = {"authorization": f"Bearer {TOKEN}"}
GENERATED_FIRMS = 3300  # 108 k quads: with the seeds, over the bulk limit and 20 MB (a load written while checked)


@dataclass
class Reference:
    """Answers rebuilt from scratch, kept by the digest of the stated graphs they came from."""

    answers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def state(self, store: Path) -> tuple[str, bytes]:
        stated = stated_quads(store)
        return hashlib.sha256(stated).hexdigest(), stated

    def check(self, store: Path, allowed: set[str], what: str) -> None:
        """Open `store` (recovering), then compare its state and answers with the rebuilt ones."""
        got, pending = answers_on_disk(store)
        assert pending is None, f"{what}: a write intent is still pending after opening the store"
        state, stated = self.state(store)
        assert state in allowed, f"{what}: the stated graphs are in none of the states a whole write leaves"
        if state not in self.answers:
            self.answers[state] = rebuilt_answers(stated)
        expected = self.answers[state]
        for part in expected:
            assert got[part] == expected[part], f"{what}: the {part} answers differ from a store rebuilt from scratch"


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("crash-seed") / "store"
    assert tiegraph(store, "load", *map(str, SEED_FILES), timeout=300).returncode == 0
    return store


@pytest.fixture(scope="module")
def reference() -> Reference:
    return Reference()


def _killed_after(delay: float, pid: int) -> None:
    time.sleep(delay)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # the write finished first: a crash after it is a case too


def _command(store: Path, args: list[str], kill_at: float | None) -> float:
    """Run `tiegraph ARGS`, killed after `kill_at` seconds (None: to the end); its duration."""
    started = time.monotonic()
    process = subprocess.Popen([TIEGRAPH, *args], env=environment(store), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill_at is not None:
        _killed_after(kill_at, process.pid)
    _, err = process.communicate(timeout=300)
    assert kill_at is not None or process.returncode == 0, err.decode()
    return time.monotonic() - started


def _request(store: Path, send: Callable[[str], httpx.Response], kill_at: float | None) -> float:
    """Start the service on `store`, send one write and kill the service `kill_at` seconds after
    the request went out (None: let it answer); the write's duration."""
    with running_service(store, token=TOKEN) as base:
        if kill_at is None:
            started = time.monotonic()
            response = send(base)
            assert response.status_code < 300, response.text
            return time.monotonic() - started
        outcome: list[object] = []
        sender = threading.Thread(target=lambda: outcome.append(_answer_or_error(send, base)))
        started = time.monotonic()
        sender.start()
        _killed_after(kill_at, PROCESS_IDS[base])
        sender.join(timeout=60)
        return time.monotonic() - started


def _answer_or_error(send: Callable[[str], httpx.Response], base: str) -> object:
    try:
        return send(base)
    except httpx.TransportError as error:  # the service died mid-request
        return error


def _put(variant: Path) -> Callable[[str], httpx.Response]:
    headers = {**AUTH, "content-type": "text/turtle"}
    return lambda base: httpx.put(f"{base}/store", params={"graph": GRAPH}, content=variant.read_bytes(), headers=headers, timeout=60)


def _post(variant: Path) -> Callable[[str], httpx.Response]:
    headers = {**AUTH, "content-type": "text/turtle"}
    return lambda base: httpx.post(f"{base}/store", params={"graph": GRAPH}, content=variant.read_bytes(), headers=headers, timeout=60)


def _update(variant: Path) -> Callable[[str], httpx.Response]:
    lines = variant.read_text(encoding="utf-8").splitlines()
    facts = "\n".join(line for line in lines if not line.startswith(("#", "@prefix"))).replace("<>", f"<{GRAPH}>")
    prefixes = "".join(line.replace("@prefix", "PREFIX").rstrip(" .") + "\n" for line in lines if line.startswith("@prefix"))
    text = f"{prefixes}DROP SILENT GRAPH <{GRAPH}> ;\nINSERT DATA {{ GRAPH <{GRAPH}> {{ {facts} }} }}"
    return lambda base: httpx.post(f"{base}/sparql", content=text.encode(), headers={**AUTH, "content-type": "application/sparql-update"}, timeout=60)


def _interrupted_write(store: Path, variant: Path, roll_back: bool) -> None:
    """Leave `store` as a write killed after its data and before its derived state would."""
    engine = ox.Store(str(store))
    graph = ox.NamedNode(GRAPH)
    record_intent(engine, [graph], roll_back)
    engine.remove_graph(graph)
    engine.extend(_as_loaded(variant))
    del engine


@cache
def _as_loaded(variant: Path) -> tuple[ox.Quad, ...]:
    """The quads a load of `variant` into the seed graph writes (described as a source)."""
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": "memory"}, settings_file=None))
    load_files(kg, SEED_FILES)
    load_files(kg, [variant], graph=GRAPH)
    return tuple(engine_of(kg).quads_for_pattern(None, None, None, ox.NamedNode(GRAPH)))


@dataclass(frozen=True)
class Case:
    """A write to kill: `prepare` readies the store for write number i, `write` runs it."""

    name: str
    fresh_store: bool
    prepare: Callable[[Path, int], None]
    write: Callable[[Path, int, float | None], float]
    share: float = 1.0  # of KILLS: the bulk load costs eight times a small write per kill

    @property
    def kills(self) -> int:
        return max(5, round(KILLS * self.share))


def _nothing(store: Path, i: int) -> None:
    return None


def _delete_graph(store: Path, i: int) -> None:
    """POST adds to what a graph holds: start each from a store without the graph."""
    kg = open_dataset(load_settings({"TIEGRAPH_STORE": str(store)}, settings_file=None))
    try:
        drop_graph(kg, GRAPH)
    except NotFound:
        pass  # the last write was killed before it began
    finally:
        kg.close()


def _generated(store: Path) -> str:
    """A generated graph beside the test's store: large enough that loading it with the seeds into
    a fresh store takes the bulk path, not transactional and rolled back when interrupted."""
    path = store.parent / "generated.nq"
    if not path.exists():
        write_generated(path, firms=GENERATED_FIRMS, seed=0)
    return str(path)


CASES = [
    Case("load into a fresh store", True, _nothing, lambda s, i, k: _command(s, ["load", *map(str, SEED_FILES)], k)),
    Case("bulk load into a fresh store", True, _nothing, lambda s, i, k: _command(s, ["load", _generated(s), *map(str, SEED_FILES)], k), 0.25),
    Case("load into a seeded store", False, _nothing, lambda s, i, k: _command(s, ["load", "--graph", GRAPH, str(VARIANTS[i % 2])], k)),
    Case("PUT /store", False, _nothing, lambda s, i, k: _request(s, _put(VARIANTS[i % 2]), k)),
    Case("POST /store", False, _delete_graph, lambda s, i, k: _request(s, _post(VARIANTS[i % 2]), k)),
    Case("SPARQL update", False, _nothing, lambda s, i, k: _request(s, _update(VARIANTS[i % 2]), k)),
    Case(
        "catching up after a crash",
        False,
        lambda s, i: _interrupted_write(s, VARIANTS[i % 2], roll_back=i % 4 >= 2),
        lambda s, i, k: _command(s, ["stats"], k),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_kill_at_random_instants(case: Case, seeded_store: Path, reference: Reference, tmp_path: Path) -> None:
    store = tmp_path / "store"
    rng = random.Random(f"{SEED} {case.name}")

    def reset() -> None:
        shutil.rmtree(store, ignore_errors=True)
        if not case.fresh_store:
            shutil.copytree(seeded_store, store)

    reset()
    allowed = {reference.state(store)[0]}
    longest = 0.0
    for i in range(len(VARIANTS)):  # each written to the end: how long a write takes, where it leaves the store
        case.prepare(store, i)
        longest = max(longest, case.write(store, i, None))
        allowed.add(reference.state(store)[0])
        if case.fresh_store:
            reset()
    for kill in range(case.kills):
        if case.fresh_store:
            reset()
        case.prepare(store, kill)
        kill_at = rng.uniform(0, longest)
        case.write(store, kill, kill_at)
        reference.check(store, allowed, f"{case.name}, killed {kill_at:.3f} s in (kill {kill + 1} of {case.kills})")
