"""Derived state brought up to date after every write: `materialise` runs once the write's data
is in (the loader calls it) and ends the write.

It loads the reference data ties need (exchange rates), runs the rules (graph/load/rule_set.py)
over the whole store or, after a small write, only where the write can change their output
(graph/load/scoped_rules.py), records the store's content revision, what a scoped write changed
(graph/store/journal.py, for readers to follow) and clears the write's intent
(graph/store/intent.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from graph.load.rule_set import drop_rule_graphs, rules, run_rules
from graph.load.scoped_rules import rerun_in_scope
from graph.store.intent import clear_intent
from graph.store.journal import record_change, seen_in_union
from graph.store.revision import record_versions, store_revision

REFERENCE_DIR = Path(str(files("graph.load") / "reference"))


def materialise(
    engine: ox.Store,
    changed: Iterable[ox.NamedNode] | None = None,
    content: ox.Store | None = None,
    inferred: ox.Store | None = None,
    digests: dict[str, str] | None = None,
    delta: set[ox.Triple] | None = None,
) -> None:
    """Bring reference data, rule graphs and the revision up to date.

    `changed` names the graphs a write replaced, so only they are re-digested (None: all), from
    `content` when the caller still holds them in memory. `inferred` is a store on which
    `run_rules` already ran over the same data (the loader does that for a fresh store while
    the write is under way); its rule graphs are copied instead of running the rules again.
    `digests` are content digests of changed graphs computed in advance. `delta`, the triples
    the write added or removed (`scoped_rules.delta`), lets a small write re-run the rules only
    where it can change their output.
    """
    written = None if changed is None else list(changed)
    references, reference_changes = _load_references(engine)
    if delta is not None:
        delta = delta | reference_changes
    inferred_changes = None
    if inferred is not None:
        drop_rule_graphs(engine)
        for rule in rules():
            triples = inferred.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=rule.graph)
            engine.bulk_load(input=triples, format=ox.RdfFormat.N_TRIPLES, to_graph=rule.graph)
    else:
        inferred_changes = rerun_in_scope(engine, delta) if delta is not None and engine.local else None
        if inferred_changes is None:
            run_rules(engine)
    before = store_revision(engine)
    after = record_versions(engine, None if written is None else [*written, *references], content, digests)
    if delta is None or inferred_changes is None:
        record_change(engine, before, after, None)
    else:
        seen = delta if written is None else seen_in_union(engine, delta, written)
        record_change(engine, before, after, seen | reference_changes | inferred_changes, delta - seen)
    clear_intent(engine)  # last: until here, a crash leaves the intent for recovery to find


def _load_references(engine: ox.Store) -> tuple[list[ox.NamedNode], set[ox.Triple]]:
    """Replace each reference graph (e.g. exchange rates) with the file's current content; the
    graphs, and the triples that differ from what they held (none, unless a file was edited).
    A graph the store already holds as the file says is left alone: every write passes here."""
    loaded, changes = [], set()
    for path in sorted(REFERENCE_DIR.glob("*.trig")):
        for g, triples in _reference_file(path, path.stat().st_mtime_ns).items():
            old = {q.triple for q in engine.quads_for_pattern(None, None, None, g)}
            loaded.append(g)
            if old == triples:
                continue
            changes |= old ^ triples
            engine.remove_graph(g)
            engine.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
    return loaded, changes


@cache
def _reference_file(path: Path, modified: int) -> dict[ox.NamedNode, frozenset[ox.Triple]]:
    """The triples of each graph of a reference file, read once per version of the file."""
    staging = ox.Store()
    staging.load(path=str(path), format=ox.RdfFormat.TRIG)
    return {g: frozenset(q.triple for q in staging.quads_for_pattern(None, None, None, g)) for g in staging.named_graphs()}
