"""`tiegraph serve --workers N`: several server processes, where the store allows it.

An embedded on-disk store has one writer, so many processes can only share it read-only: each
worker opens it read-only, while the supervising process keeps it open for writing, unused, so
that no `tiegraph load` can change the files under the workers' feet. A memory store lives in
one process and cannot be shared. A remote SPARQL store is shared by whatever connects to it.
"""

from __future__ import annotations

import os

from fastapi import FastAPI
from rdflib import Dataset

from graph import Settings, engine_of, load_settings
from graph.connections import Connections, index_directory
from graph.errors import SettingsError
from graph.ledger import ledger_table
from graph.search import SearchIndex
from graph.store import open_dataset, open_read_only

def check_workers(settings: Settings, workers: int) -> None:
    """Refuse a worker count the store cannot serve, saying what would work instead."""
    if workers == 1:
        return
    if settings.is_memory:
        raise SettingsError(
            f"--workers {workers}: a memory store lives in one process; use --workers 1, or set "
            "TIEGRAPH_STORE to a store directory or a SPARQL endpoint"
        )
    if not settings.is_remote and settings.token:
        raise SettingsError(
            f"--workers {workers}: writes to an embedded store need a single process, and "
            "TIEGRAPH_TOKEN enables writes; use --workers 1, or unset TIEGRAPH_TOKEN to serve "
            "the store read-only from several processes"
        )


def prepare_indexes(settings: Settings, kg: Dataset) -> None:
    """Bring the saved search index, path projection, tie table and ledger table up to date once,
    before the workers start: each then opens the saved copies instead of all building them at once."""
    directory = index_directory(settings)
    if directory is None:
        return  # nothing is kept for a remote store; each worker holds its own search index
    SearchIndex.open(engine_of(kg), directory)
    connections = Connections.open(settings, kg)
    connections.adjacency()
    connections.tie_table()
    ledger_table(engine_of(kg))  # the command that serves has named the directory (keep_beside)


def settings_environment(settings: Settings) -> dict[str, str]:
    """`settings` as TIEGRAPH_* variables, so spawned workers see exactly what the parent read
    (from its environment and settings file alike)."""
    values = settings.model_dump(exclude_none=True)
    values["service_allow"] = ",".join(settings.service_allow)
    return {f"TIEGRAPH_{name.upper()}": str(value) for name, value in values.items()}


def worker_app() -> FastAPI:
    """The app of one worker process (a uvicorn factory): settings from the environment the
    supervisor set, the store read-only when embedded."""
    from api.app import create_app

    settings = load_settings(os.environ, settings_file=None)
    kg = open_dataset(settings) if settings.is_remote else open_read_only(settings)
    return create_app(settings, kg, owns_store=True)
