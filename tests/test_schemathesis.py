"""Schemathesis, with every check, against the real service on a throw-away store: what
/openapi.json promises is what the service answers, with the token and without it.

tests/schemathesis/schemathesis.toml bounds the run and says where a 400 is a right answer to
data the schema allows (inputs with a grammar of their own); a fixed seed keeps CI repeatable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.server import seeded_service

HERE = Path(__file__).parent / "schemathesis"
SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))
SEED = "20261206"
TOKEN = "schemathesis-token"


@pytest.mark.parametrize("with_token", [True, False], ids=["token", "no-token"])
def test_the_service_answers_as_its_openapi_description_says(tmp_path: Path, with_token: bool) -> None:
    settings = {"token": TOKEN} if with_token else {}
    with seeded_service(tmp_path, **settings) as base:
        described = httpx.get(f"{base}/openapi.json", timeout=10).json()
        operations = sum(len(methods) for methods in described["paths"].values())
        header = ["-H", f"Authorization: Bearer {TOKEN}"] if with_token else []
        run = subprocess.run(
            [SCHEMATHESIS, "--config-file", str(HERE / "schemathesis.toml"), "run", f"{base}/openapi.json",
             "--checks", "all", "--seed", SEED, "--no-color", *header],
            env={**os.environ, "SCHEMATHESIS_HOOKS": str(HERE / "hooks.py")},
            cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
        )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert f"Tested: {operations}" in run.stdout, run.stdout[-3000:]  # every operation was reached
