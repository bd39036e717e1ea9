"""What each recent write changed, kept in the store so that every process reading it (the
service's workers, a later CLI command) can bring its derived state forward instead of rebuilding.

An entry says: the write took the store from revision A to revision B and added or removed these
triples (stated ones and the rules' output). Every write records its entry after its revision
record and before its intent is cleared (graph/load/inference.py), so a crash leaves either no
entry (readers then rebuild) or one that describes the write in full. A write that runs every rule
(bulk loads, recovery) empties the journal: its change is not worth following. The last `KEEP`
entries are kept, all in one literal of one quad, so the store's size does not grow with them; a
reader further behind rebuilds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox

from graph.store.revision import INFERRED, described_by_tiegraph, is_inferred

JOURNAL_GRAPH = ox.NamedNode(f"{INFERRED}change-journal")
_ENTRIES = ox.NamedNode(f"{JOURNAL_GRAPH.value}#entries")
_DESCRIPTION = described_by_tiegraph(JOURNAL_GRAPH, "What the last writes to this store changed", "Change journal kept by tiegraph for its derived state")
KEEP = 16
MAX_TRIPLES = 100_000  # a larger change is not recorded: following it would cost more than a rebuild


def record_change(
    engine: ox.Store, before: str, after: str, changed: Iterable[ox.Triple] | None, restated: Iterable[ox.Triple] = ()
) -> None:
    """Record that a write took the store from revision `before` to `after` by changing the
    triples `changed` (None: unknown, which empties the journal) in the union of graphs, and
    adding or removing the triples `restated` in some graphs without changing the union."""
    triples = None if changed is None else [list(changed), list(restated)]
    if triples is not None and before == after:
        return
    terms = [term for listed in triples or [] for t in listed for term in (t.subject, t.object)]
    if triples is None or any(isinstance(term, ox.BlankNode) for term in terms) or len(terms) > 2 * MAX_TRIPLES:
        entries = []  # a blank node cannot be named again: readers rebuild
    else:
        text = ["".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in listed) for listed in triples]
        entries = [*_entries(engine)[-(KEEP - 1) :], {"from": before, "to": after, "changed": text[0], "restated": text[1]}]
    engine.update(
        f"DROP SILENT GRAPH {JOURNAL_GRAPH} ; INSERT DATA {{ GRAPH {JOURNAL_GRAPH} {{ {_DESCRIPTION} "
        f"{JOURNAL_GRAPH} {_ENTRIES} {ox.Literal(json.dumps(entries))} }} }}"
    )


def seen_in_union(engine: ox.Store, changed: Iterable[ox.Triple], written: Iterable[ox.NamedNode]) -> set[ox.Triple]:
    """The triples of `changed` whose presence in the union of graphs a write of the graphs
    `written` changed: not those another stated graph also holds (an article restating a city's
    class changes nothing that reads the union)."""
    graphs = set(written)
    return {
        t
        for t in changed
        if not any(
            q.graph_name not in graphs and isinstance(q.graph_name, ox.NamedNode) and not is_inferred(q.graph_name.value)
            for q in engine.quads_for_pattern(t.subject, t.predicate, t.object)
        )
    }


def changes_between(engine: ox.Store, before: str, after: str, restated: bool = False) -> set[ox.Triple] | None:
    """Every triple the writes from revision `before` to `after` added to or removed from the
    union of graphs (and, with `restated`, to or from any graph); None when the journal cannot
    say (a write in between recorded no entry, or it has been forgotten)."""
    leading_to = {entry["to"]: entry for entry in _entries(engine)}
    changed: set[ox.Triple] = set()
    revision = after
    while revision != before:
        entry = leading_to.pop(revision, None)  # pop: a cycle of revisions ends the walk
        if entry is None:
            return None
        text = entry["changed"] + (entry["restated"] if restated else "")
        changed.update(q.triple for q in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES))
        revision = entry["from"]
    return changed


def _entries(engine: ox.Store) -> list[dict[str, str]]:
    for q in engine.quads_for_pattern(JOURNAL_GRAPH, _ENTRIES, None, JOURNAL_GRAPH):
        return json.loads(q.object.value)
    return []
