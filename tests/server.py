"""Start the real service under uvicorn on 127.0.0.1 for a test, and stop it by its process id."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

from tests.cli_runner import TIEGRAPH, environment
from tests.conftest import SEED_FILES

START_TIMEOUT = 30.0
PROCESS_IDS: dict[str, int] = {}  # base URL → process id of the service answering there


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_service(
    store: str | Path, serve_options: tuple[str, ...] = (), executable: str = TIEGRAPH, cwd: Path | None = None, **settings: str
) -> Iterator[str]:
    """`tiegraph serve [serve_options]` on a free loopback port; yields its base URL, then stops it.

    `executable` and `cwd` run another installation of tiegraph (see tests/test_install.py)."""
    port = free_port()
    # The log goes to a file: an unread pipe fills up and then blocks the server.
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        [executable, "serve", "--host", "127.0.0.1", "--port", str(port), *serve_options],
        env=environment(store, **settings),
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    PROCESS_IDS[base] = process.pid
    try:
        _wait_until_healthy(base, process, log)
        yield base
    finally:
        PROCESS_IDS.pop(base, None)
        _stop(process)
        log.close()


def _stop(process: subprocess.Popen[str]) -> None:
    """SIGTERM by process id, SIGKILL if it lingers; a process already gone is fine."""
    try:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _wait_until_healthy(base: str, process: subprocess.Popen[str], log: IO[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"tiegraph serve exited early: {log.read()}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"tiegraph serve did not become healthy within {START_TIMEOUT} s")


def cpu_seconds_of_children(base: str) -> dict[int, float]:
    """CPU time used so far by each child process of the service at `base` (Linux /proc)."""
    parent = PROCESS_IDS[base]
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue  # ended meanwhile
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == parent:
                found[int(entry)] = (int(fields[11]) + int(fields[12])) / ticks
    return found


@contextmanager
def seeded_service(directory: Path, serve_options: tuple[str, ...] = (), **settings: str) -> Iterator[str]:
    """The seed graph loaded with `tiegraph load` into `directory/store`, then served as above."""
    store = directory / "store"
    loaded = subprocess.run([TIEGRAPH, "load", *map(str, SEED_FILES)], env=environment(store), capture_output=True, text=True, timeout=300, check=False)
    if loaded.returncode != 0:
        raise RuntimeError(f"loading the seeds failed: {loaded.stderr}")
    with running_service(store, serve_options, **settings) as base:
        yield base
