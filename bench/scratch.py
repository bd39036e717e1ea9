"""Scratch files for a benchmark run, removed afterwards whatever happens."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch(workdir: str | Path, *names: str) -> Iterator[list[Path]]:
    """Paths `names` inside `workdir`, removed on exit, and `workdir` too if this made it."""
    root = Path(workdir).resolve()
    created = not root.exists()
    root.mkdir(parents=True, exist_ok=True)
    paths = [root / name for name in names]
    try:
        yield paths
    finally:
        for path in paths:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        if created:
            shutil.rmtree(root, ignore_errors=True)
