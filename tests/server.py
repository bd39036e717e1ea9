"""Start the real service under uvicorn on 127.0.0.1 for a test, and stop it by its process id."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.cli_runner import TIEGRAPH, environment

START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_service(store: str | Path, **settings: str) -> Iterator[str]:
    """`tiegraph serve` on a free loopback port; yields its base URL, then stops it."""
    port = free_port()
    process = subprocess.Popen(
        [TIEGRAPH, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=environment(store, **settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base, process)
        yield base
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def _wait_until_healthy(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"tiegraph serve exited early: {process.stderr.read() if process.stderr else ''}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"tiegraph serve did not become healthy within {START_TIMEOUT} s")
