"""tiegraph installed as a package (`pip install .` into a fresh virtual environment,
outside the checkout) loads the seeds and serves them exactly as the checkout does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.cli_runner import environment, tiegraph
from tests.conftest import ROOT, SEED_FILES
from tests.server import running_service

QUESTIONS = ["/entities/lei-jun", "/paths?from=Lei%20Jun&to=Wuhan", "/ties/founder-hometown", "/search?q=wuhan"]


def _run(*command: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with `pip install` of the checkout (not editable); returns its bin directory."""
    where = tmp_path_factory.mktemp("install")
    _run(sys.executable, "-m", "venv", where / "venv")
    _run(where / "venv" / "bin" / "python", "-m", "pip", "install", "--quiet", ROOT)
    return where / "venv" / "bin"


def test_an_installed_tiegraph_answers_as_the_checkout(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "seeds", work / "seeds")
    env = {key: value for key, value in environment("unused").items() if key != "TIEGRAPH_STORE"}
    where = _run(installed / "python", "-c", "import graph, ontology; print(graph.__file__, ontology.__file__)", cwd=work, env=env)
    assert str(ROOT) not in where and str(installed.parent) in where, where
    _run(installed / "tiegraph", "load", *sorted(str(p.relative_to(work)) for p in (work / "seeds").glob("*.trig")), cwd=work, env=env)
    assert (work / "data").is_dir(), "the default store is data/ in the working directory"

    checkout_store = tmp_path / "checkout-store"
    assert tiegraph(checkout_store, "load", *map(str, SEED_FILES)).returncode == 0
    with running_service(work / "data", executable=str(installed / "tiegraph"), cwd=work) as fresh, running_service(checkout_store) as checkout:
        for question in QUESTIONS:
            answers = [httpx.get(f"{base}{question}", timeout=60) for base in (fresh, checkout)]
            assert [a.status_code for a in answers] == [200, 200], question
            assert answers[0].json() == answers[1].json(), question
