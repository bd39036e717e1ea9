"""Random small writes on a graph through the public API, for tests of what follows writes."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

from rdflib import Dataset

from graph import ValidationFailed, load_files
from graph.load import drop_graph
from graph.query import apply_update
from tests.conftest import described

LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def random_writes(
    kg: Dataset, rng: random.Random, directory: Path, facts: Callable[[int], str], steps: int, prefix: str, deletes: bool = False
) -> Iterator[tuple[int, str, str]]:
    """`steps` writes of `facts(step)` (Turtle): graphs loaded, replaced, dropped, added to by
    SPARQL update and, with `deletes`, emptied of all but their labels and source. Yields (step, action,
    graph) after each write applied; one the shapes refuse wrote nothing and is skipped."""
    written: list[str] = []
    actions = ["load", "load", "load", "replace", "drop", "insert", *(["delete"] if deletes else [])]
    for step in range(steps):
        action = rng.choice(actions) if written else "load"
        graph = rng.choice(written) if action != "load" else f"https://tiegraph.org/source/{prefix}-{step}"
        try:
            if action == "drop":
                drop_graph(kg, graph)
                written.remove(graph)
            elif action == "insert":
                apply_update(kg, f"INSERT DATA {{ GRAPH <{graph}> {{ {facts(step)} }} }}")
            elif action == "delete":
                keep = f"FILTER(?p != <{LABEL}> && ?s != <{graph}>)"  # labels, and the graph's description of its source
                apply_update(kg, f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o {keep} }} }}")
            else:
                path = directory / f"write-{step}.ttl"
                path.write_text(described("") + "\n" + facts(step), encoding="utf-8")
                load_files(kg, [path], graph=graph)
                written += [graph] if action == "load" else []
        except ValidationFailed:
            continue
        yield step, action, graph
