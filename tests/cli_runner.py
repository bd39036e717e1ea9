"""Run the real `tiegraph` console script in a subprocess with its own settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TIEGRAPH = str(Path(sys.executable).parent / "tiegraph")


def environment(store: str | Path, **settings: str) -> dict[str, str]:
    """This process's environment without TIEGRAPH_* leftovers, plus the store and settings given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIEGRAPH_")}
    env["TIEGRAPH_STORE"] = str(store)
    env.update({f"TIEGRAPH_{key.upper()}": value for key, value in settings.items()})
    return env


def tiegraph(store: str | Path, *args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`tiegraph ARGS…` against `store`, with output captured as text."""
    return subprocess.run(
        [TIEGRAPH, *args], input=stdin, capture_output=True, text=True, env=environment(store), timeout=timeout, check=False
    )
