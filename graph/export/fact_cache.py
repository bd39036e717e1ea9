"""The stated facts of an on-disk store, saved beside it so that the next export skips the store.

Reading every stated quad out of an on-disk Oxigraph costs about 8 µs a quad, nearly all of it
looking up the text of each term: 27 CPU seconds at 3.3 M quads, more than the rest of an export.
So the facts an export reads (`graph.export.stated_facts`) are saved in `<store>-index/export-facts.pickle`,
each graph's stamped with its content digest (`graph.store.revision`), and later exports re-read only
the graphs whose digest changed. Graphs without a recorded digest (written around the loader)
are always read afresh, and a memory store is never cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from graph.store.revision import graph_versions
from graph.store.saved_state import load_stamped, save_stamped
from graph.export.stated_facts import GraphFacts, read_graph_facts, stated_graphs

CACHE_FILE = "export-facts.pickle"
FORMAT = 1
Saved = dict[str, tuple[str, GraphFacts]]  # graph IRI → (its digest, its facts)


def graph_facts(engine: ox.Store, roles: Mapping[str, str], reverse: frozenset[str], directory: Path | None) -> dict[str, GraphFacts]:
    """Every stated graph's facts (see `read_graph_facts`), taken from the copy in `directory` where still current."""
    graphs = stated_graphs(engine)
    if directory is None:
        return dict(read_graph_facts(engine, graphs, roles, reverse))
    path, key = directory / CACHE_FILE, _key(roles, reverse)
    saved: Saved = load_stamped(path, key) or {}
    versions = graph_versions(engine)
    found: dict[str, GraphFacts] = {}
    stale = []
    for name in graphs:
        kept = saved.get(name.value)
        if kept is not None and kept[0] == versions.get(name.value):
            found[name.value] = kept[1]
        else:
            stale.append(name)
    found.update(read_graph_facts(engine, stale, roles, reverse))
    if stale or saved.keys() - found.keys():
        save_stamped(path, key, {name: (versions[name], facts) for name, facts in found.items() if name in versions})
    return found


def _key(roles: Mapping[str, str], reverse: frozenset[str]) -> str:
    """What the saved facts were read for: another ontology keeps other predicates."""
    text = "\n".join([str(FORMAT), *sorted(f"{p} {role}" for p, role in roles.items()), *sorted(reverse)])
    return hashlib.sha256(text.encode()).hexdigest()
