"""Read whole named graphs out of Oxigraph in bulk: N-Triples it serialises itself, on worker threads.

Handing quads to Python one at a time costs about 6 µs each on an on-disk store, nearly all of
it Oxigraph looking up the text of every term, and it holds the GIL throughout. `Store.dump`
does the same lookups with the GIL released, and a dump of one graph leaves out the graph name,
one lookup in four. So worker threads dump graph after graph while the caller parses the text
of the previous ones; a bounded window of graphs in flight keeps memory flat.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pyoxigraph as ox

WORKERS = 2
AHEAD = 64  # graphs dumped ahead of the reader: enough to keep the workers busy, a few MB


def graph_lines(engine: ox.Store, graphs: Iterable[ox.NamedNode]) -> Iterator[tuple[ox.NamedNode, list[str]]]:
    """Each graph of `graphs`, in order, with the N-Triples lines of its triples."""
    with ThreadPoolExecutor(WORKERS, thread_name_prefix="graph-dump") as pool:
        pending: deque[tuple[ox.NamedNode, Future[bytes]]] = deque()
        try:
            for name in graphs:
                pending.append((name, pool.submit(_dump, engine, name)))
                if len(pending) >= AHEAD:
                    yield _lines(pending.popleft())
            while pending:
                yield _lines(pending.popleft())
        finally:
            for _, future in pending:
                future.cancel()


def _dump(engine: ox.Store, name: ox.NamedNode) -> bytes:
    return engine.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)


def _lines(done: tuple[ox.NamedNode, Future[bytes]]) -> tuple[ox.NamedNode, list[str]]:
    name, future = done
    return name, future.result().decode("utf-8").splitlines()
