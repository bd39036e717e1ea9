"""A write's intent, recorded in the store before the write and removed once its derived state
(rules' output, exchange rates, revision record) is written: a crash in between leaves it behind,
and the next process to open the store for writing finishes the job (`graph.load.recovery`).

A write that runs in one transaction needs no more than that: its quads are all there or none
are, and recovery derives from whichever it finds. A bulk write (over `TRANSACTION_LIMIT` quads)
is not atomic, so its intent also says `rollBack` until the data is complete and judged: a crash
before then removes the graphs it was writing, as if the write had not begun.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from graph.store.revision import INFERRED

INTENT_GRAPH = ox.NamedNode(f"{INFERRED}write-intent")
_WRITES = ox.NamedNode(f"{INTENT_GRAPH.value}#writesGraph")
_ROLL_BACK = ox.NamedNode(f"{INTENT_GRAPH.value}#rollBack")
_WRITE = ox.NamedNode(f"{INTENT_GRAPH.value}#UnfinishedWrite")
_ROLLING_BACK = f"{INTENT_GRAPH} {_ROLL_BACK} true ."


@dataclass(frozen=True)
class Intent:
    """An unfinished write: the graphs it was writing (None: every source graph, the store having
    held none before), and whether they must be removed."""

    graphs: tuple[str, ...] | None
    roll_back: bool


def record_intent(engine: ox.Store, graphs: Iterable[ox.NamedNode] | None, roll_back: bool = False) -> None:
    """Record, in one transaction of its own, that a write of `graphs` is about to start."""
    facts = [f"{INTENT_GRAPH} a {_WRITE} ."]
    facts += [f"{INTENT_GRAPH} {_WRITES} {g} ." for g in (graphs if graphs is not None else [INTENT_GRAPH])]
    if roll_back:
        facts.append(_ROLLING_BACK)
    engine.update(f"DROP SILENT GRAPH {INTENT_GRAPH} ; INSERT DATA {{ GRAPH {INTENT_GRAPH} {{ {' '.join(facts)} }} }}")


def mark_complete(engine: ox.Store) -> None:
    """The bulk write's data is all there and judged: from now on it is kept, not rolled back."""
    engine.update(f"DELETE DATA {{ GRAPH {INTENT_GRAPH} {{ {_ROLLING_BACK} }} }}")


def clear_intent(engine: ox.Store) -> None:
    """The write and everything derived from it are recorded (or the write was undone)."""
    engine.remove_graph(INTENT_GRAPH)


def pending_intent(engine: ox.Store) -> Intent | None:
    """The write left unfinished by a crash, if any."""
    quads = list(engine.quads_for_pattern(INTENT_GRAPH, None, None, INTENT_GRAPH))
    if not quads:
        return None
    written = {q.object.value for q in quads if q.predicate == _WRITES}
    graphs = None if INTENT_GRAPH.value in written else tuple(sorted(written))
    return Intent(graphs, any(q.predicate == _ROLL_BACK for q in quads))
