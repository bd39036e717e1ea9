"""The explorer's scripts and styles: bundled from the npm packages in `web/` (its lockfile) by
esbuild into `web/dist/` (`make assets`), and served by us at /assets, never from a CDN."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

WEB = Path(__file__).parent / "web"
DIST = WEB / "dist"
BUNDLES = ("explorer.js", "explorer-style.css", "graph.js")


def built() -> bool:
    """Whether the bundles exist; pages without them still read, with a note saying how to build."""
    return all((DIST / name).is_file() for name in BUNDLES)


def mount_assets(app: FastAPI) -> None:
    app.mount("/assets", StaticFiles(directory=DIST, check_dir=False), name="assets")
