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
NO_REVISION = "empty"
_DESCRIPTION = f"""
<{VERSIONS_GRAPH.value}> a <https://tiegraph.org/ontology#SourceDocument> ;
    <http://www.w3.org/2000/01/rdf-schema#label> "Content digests of the graphs of this store"@en ;
    <http://purl.org/dc/terms/title> "Graph versions computed by tiegraph after every write"@en ;
    <http://purl.org/dc/terms/identifier> "inferred/graph-versions" ;
    <https://tiegraph.org/ontology#titleSupplied> true ;
    <http://www.w3.org/ns/prov#wasGeneratedBy> <{SOURCE}tiegraph#graph-versions> .
"""


def is_inferred(graph_name: str) -> bool:
    """True for graphs tiegraph computes (rules, versions) rather than loads."""
    return graph_name.startswith(INFERRED)


def digest(engine: ox.Store, g: ox.NamedNode) -> str:
    """SHA-256 of the graph's sorted N-Triples: equal content, equal digest."""
    lines = engine.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g).splitlines()
    lines.sort()
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


def graph_versions(engine: ox.Store) -> dict[str, str]:
    """Digest of every loaded graph, by graph IRI, as last recorded."""
    return {
        q.subject.value: q.object.value
        for q in engine.quads_for_pattern(None, HAS_VERSION, None, VERSIONS_GRAPH)
        if q.subject != VERSIONS_GRAPH
    }


def store_revision(engine: ox.Store) -> str:
    """The recorded revision of the whole store; `empty` before the first write."""
    for q in engine.quads_for_pattern(VERSIONS_GRAPH, HAS_VERSION, None, VERSIONS_GRAPH):
        return q.object.value
    return NO_REVISION


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
    engine.remove_graph(VERSIONS_GRAPH)
    engine.load(_DESCRIPTION.encode(), format=ox.RdfFormat.TURTLE, to_graph=VERSIONS_GRAPH)
    quads = [ox.Quad(ox.NamedNode(g), HAS_VERSION, ox.Literal(d), VERSIONS_GRAPH) for g, d in versions.items()]
    quads.append(ox.Quad(VERSIONS_GRAPH, HAS_VERSION, ox.Literal(revision), VERSIONS_GRAPH))
    engine.extend(quads)
    return revision
