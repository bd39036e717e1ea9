"""Graphs dumped on worker threads come back whole, each with its own lines, in the order asked."""

from __future__ import annotations

import pyoxigraph as ox

from graph.store import AHEAD, graph_lines

EX = "http://example.org/"


def test_every_graph_in_order_with_its_own_triples() -> None:
    store = ox.Store()
    names = [ox.NamedNode(f"{EX}g{n}") for n in range(AHEAD * 2 + 3)]  # more than one window
    for n, name in enumerate(names):
        store.extend(ox.Quad(ox.NamedNode(f"{EX}s{n}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(k)), name) for k in range(n % 4 + 1))
    read = list(graph_lines(store, reversed(names)))
    assert [name for name, _ in read] == names[::-1]
    for name, lines in read:
        n = int(name.value.removeprefix(f"{EX}g"))
        assert sorted(lines) == sorted(f'<{EX}s{n}> <{EX}p> "{k}" .' for k in range(n % 4 + 1))


def test_a_reader_that_stops_early_leaves_no_work_behind() -> None:
    store = ox.Store()
    names = [ox.NamedNode(f"{EX}g{n}") for n in range(AHEAD * 3)]
    for name in names:
        store.add(ox.Quad(ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p"), ox.NamedNode(f"{EX}o"), name))
    reader = graph_lines(store, names)
    assert next(reader)[0] == names[0]
    reader.close()  # cancels the dumps still queued and waits for the running ones
