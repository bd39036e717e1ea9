"""A content revision of the store, so caches built from it know when they are stale.

Every named graph gets a digest of its content (SHA-256 of its sorted N-Triples); the store's
revision is a digest of all of them. Both live in the graph `inferred/graph-versions`, so a
process that opens the store later (a restarted service, the next CLI command) can tell whether a
persisted projection still matches. The revision depends on content only: loading the same file
twice leaves it, and every quad of the store, unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pyoxigraph as ox

from graph.model.namespaces import SOURCE

INFERRED = "https://tiegraph.org/inferred/"
VERSIONS_GRAPH = ox.NamedNode(f"{INFERRED}graph-versions")
HAS_VERSION = ox.NamedNode("http://purl.org/dc/terms/hasVersion")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NO_REVISION = "empty"
KEPT_REVISIONS = 4
_recorded = 0  # revisions this process has recorded
_VERSIONS: dict[str, dict[str, str]] = {}


def described_by_tiegraph(graph: ox.NamedNode, label: str, title: str) -> str:
    """N-Triples describing a graph tiegraph keeps in the store as a source document it generated:
    every graph of the store is described (tests/test_loading.py)."""
    name = graph.value[len(INFERRED) :]
    return f"""
<{graph.value}> <{RDF_TYPE}> <https://tiegraph.org/ontology#SourceDocument> .
<{graph.value}> <http://www.w3.org/2000/01/rdf-schema#label> "{label}"@en .
<{graph.value}> <http://purl.org/dc/terms/title> "{title}"@en .
<{graph.value}> <http://purl.org/dc/terms/identifier> "inferred/{name}" .
<{graph.value}> <https://tiegraph.org/ontology#titleSupplied> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<{graph.value}> <http://www.w3.org/ns/prov#wasGeneratedBy> <{SOURCE}tiegraph#{name}> .
"""


_DESCRIPTION = described_by_tiegraph(VERSIONS_GRAPH, "Content digests of the graphs of this store", "Graph versions computed by tiegraph after every write")


def is_inferred(graph_name: str) -> bool:
    """True for graphs tiegraph computes (rules, versions) rather than loads."""
    return graph_name.startswith(INFERRED)


def digest(engine: ox.Store, g: ox.NamedNode) -> str:
    """SHA-256 of the graph's sorted N-Triples: equal content, equal digest."""
    lines = engine.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g).splitlines()
    lines.sort()
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


def graph_versions(engine: ox.Store) -> dict[str, str]:
    """Digest of every loaded graph, by graph IRI, as last recorded.

    Kept for the last few revisions: the search index, the path projection and the next write
    each ask after a write, and reading 10,000 digests costs 0.06–0.1 s. A revision is a digest
    of the digests, so it names them on any store."""
    revision = store_revision(engine)
    if revision in _VERSIONS:
        return dict(_VERSIONS[revision])
    versions = {
        q.subject.value: q.object.value
        for q in engine.quads_for_pattern(None, HAS_VERSION, None, VERSIONS_GRAPH)
        if q.subject != VERSIONS_GRAPH
    }
    if revision != NO_REVISION:
        _VERSIONS[revision] = versions
        while len(_VERSIONS) > KEPT_REVISIONS:
            del _VERSIONS[next(iter(_VERSIONS))]
    return dict(versions)


def graph_version(engine: ox.Store, graph: ox.NamedNode) -> str | None:
    """The recorded digest of one graph, read alone (all of them cost up to 0.1 s)."""
    for q in engine.quads_for_pattern(graph, HAS_VERSION, None, VERSIONS_GRAPH):
        return q.object.value
    return None


def store_revision(engine: ox.Store) -> str:
    """The recorded revision of the whole store; `empty` before the first write."""
    for q in engine.quads_for_pattern(VERSIONS_GRAPH, HAS_VERSION, None, VERSIONS_GRAPH):
        return q.object.value
    return NO_REVISION


def revisions_recorded() -> int:
    """How many revisions this process has recorded. An embedded store is written by one process
    only (Oxigraph locks it; read-only opens see a snapshot), so while this count stands still,
    so does its revision: a cache may skip reading the revision on every request."""
    return _recorded


def record_versions(
    engine: ox.Store,
    changed: Iterable[ox.NamedNode] | None = None,
    content: ox.Store | None = None,
    known: dict[str, str] | None = None,
) -> str:
    """Re-digest the `changed` graphs (all when None) and record the new store revision.

    `content` is a store holding some of those graphs as just written (the loader's in-memory
    staging store): digesting there is far cheaper than dumping them out of an on-disk store.
    `known` holds digests the caller already computed (while a write was under way).
    """
    loaded = {g for g in engine.named_graphs() if not is_inferred(g.value)}
    targets = loaded if changed is None else {g for g in changed if not is_inferred(g.value)}
    versions = {} if changed is None else graph_versions(engine)
    for g in targets:
        versions.pop(g.value, None)
        if g in loaded:
            held = content is not None and content.contains_named_graph(g)
            versions[g.value] = (known or {}).get(g.value) or digest(content if held else engine, g)
    revision = hashlib.sha256("".join(f"{g} {d}\n" for g, d in sorted(versions.items())).encode()).hexdigest()
    if changed is None or not engine.contains_named_graph(VERSIONS_GRAPH):
        engine.remove_graph(VERSIONS_GRAPH)
        engine.load(_DESCRIPTION.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=VERSIONS_GRAPH)
        quads = [_version(g, d) for g, d in versions.items()]
        engine.extend([*quads, _version(VERSIONS_GRAPH.value, revision)])
        return _recorded_now(revision)
    before = graph_versions(engine)  # only what changed is rewritten: 10,000 digests took 0.2 s
    gone = [_version(g, d) for g, d in before.items() if versions.get(g) != d]
    new = [_version(g, d) for g, d in versions.items() if before.get(g) != d]
    gone.append(_version(VERSIONS_GRAPH.value, store_revision(engine)))
    new.append(_version(VERSIONS_GRAPH.value, revision))
    engine.update(f"DELETE DATA {{ {_quads_text(gone)} }} ; INSERT DATA {{ {_quads_text(new)} }}")
    return _recorded_now(revision)


def _recorded_now(revision: str) -> str:
    global _recorded
    _recorded += 1
    return revision


def _version(graph: str, digest_or_revision: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(graph), HAS_VERSION, ox.Literal(digest_or_revision), VERSIONS_GRAPH)


def _quads_text(quads: list[ox.Quad]) -> str:
    return " ".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads)
