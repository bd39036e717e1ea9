"""Write staged graphs into the store: one transaction when small, the bulk loader when large."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from tqdm import tqdm

from graph.remote.engine import RemoteEngine

TRANSACTION_LIMIT = 100_000  # quads; larger writes use the bulk loader, which is not transactional


def replace_graphs(engine: ox.Store, staging: ox.Store, graphs: list[ox.NamedNode], progress: bool) -> None:
    """Replace `graphs` in the store with their staged content (`staging` holds only those)."""
    if isinstance(engine, RemoteEngine):
        engine.replace_graphs(staging, graphs)  # in batches of INSERT DATA requests
        return
    if len(staging) <= TRANSACTION_LIMIT:
        replace_in_one_transaction(engine, staging, graphs)
        return
    for g in graphs:
        engine.remove_graph(g)
    bulk_write(engine, staging.dump(format=ox.RdfFormat.N_QUADS), progress)


def replace_in_one_transaction(engine: ox.Store, staging: ox.Store, graphs: list[ox.NamedNode]) -> None:
    """One SPARQL update is one transaction: the old graphs go and the new ones arrive together."""
    drops = "".join(f"DROP SILENT GRAPH {g} ;\n" for g in graphs)
    inserts = "".join(f"GRAPH {g} {{\n{staging.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g).decode()}}}\n" for g in graphs)
    engine.update(f"{drops}INSERT DATA {{\n{inserts}}}")


def bulk_write(
    engine: ox.Store,
    data: bytes | Path,
    progress: bool,
    rdf_format: ox.RdfFormat = ox.RdfFormat.N_QUADS,
    to_graph: ox.NamedNode | None = None,
) -> None:
    """Oxigraph's bulk loader on bytes or a file, with a bar following the bytes it reads.

    It parses without holding the GIL, so other threads (validation) run meanwhile.
    """
    raw: Any = io.FileIO(data) if isinstance(data, Path) else io.BytesIO(data)
    size = data.stat().st_size if isinstance(data, Path) else len(data)
    target = {"to_graph": to_graph} if to_graph is not None else {}
    with raw, tqdm(total=size, desc="write", unit="B", unit_scale=True, disable=not progress) as bar:
        engine.bulk_load(input=io.BufferedReader(_ProgressReader(raw, bar.update), 1 << 20), format=rdf_format, **target)
    engine.flush()


class _ProgressReader(io.RawIOBase):
    """A readable that reports the size of every chunk read through it."""

    def __init__(self, raw: Any, advance: Callable[[int], object]) -> None:
        self._raw = raw
        self._advance = advance

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = self._raw.readinto(buffer)
        self._advance(size)
        return size
