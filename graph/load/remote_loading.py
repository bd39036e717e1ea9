"""Load files into a remote store in batches of whole graphs, each judged before it is written.

Files are parsed as they are read (Oxigraph's streaming parser), never whole: first once through,
so that every syntax error is reported before anything is written, then again in batches of about
`BATCH_QUADS` quads that never split a graph. Each batch is staged in memory, checked against the
ontology and shapes with what the store already says about its nodes (graph/checking.py, as for an
embedded load), and written as the new content of its graphs (graph/remote.py `replace_graphs`).
Then the rules run and the revision is recorded, once.

Atomicity: one batch is one update request (atomic on Oxigraph server; per request on most
stores). The load as a whole is not a transaction: other clients can see earlier batches while
later ones are judged. If a batch is refused (or anything fails), the graphs written so far are
put back — new ones dropped, replaced ones restored from a copy kept on disk — so a refused load
changes nothing in the end; a crash of this process midway leaves the batches it wrote.
A graph that a file states in two places (TriG allows it) is judged and written whole the second
time, together with what was written the first time.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
from tqdm import tqdm

from graph.load.checking import check_staged, raise_problems
from graph.errors import ParseFailed
from graph.store.formats import base_for, format_of
from graph.load.inference import materialise
from graph.model.namespaces import ONTOLOGY_GRAPH
from graph.remote.engine import RemoteEngine
from graph.store.revision import digest
from graph.load.staging import Sources, derived_graph, with_ontology

BATCH_QUADS = 50_000
ONTOLOGY = ox.NamedNode(str(ONTOLOGY_GRAPH))


def load_remote(engine: RemoteEngine, paths: Sequence[Path], graph: str | None, rdf_format: str | None, progress: bool) -> tuple[list[str], int]:
    """Judge and write `paths` batch by batch; every graph written is put back if any batch fails.
    Returns the data graphs written and how many quads they hold."""
    check_syntax(paths, graph, rdf_format)
    written: dict[ox.NamedNode, str] = {}
    quads = 0
    with tempfile.TemporaryDirectory(prefix="tiegraph-undo-") as directory, tqdm(desc="load", unit="quad", disable=not progress) as bar:
        undo = _Undo(engine, ox.Store(directory))
        try:
            for staging, sources in staged_batches(engine, paths, graph, rdf_format):
                judged = with_ontology(staging, sources)  # the shapes need its classes and concepts
                raise_problems(*check_staged(engine, staging, judged))
                graphs = list(sources if written else judged)  # the ontology is written once
                undo.keep(graphs)
                engine.replace_graphs(staging, graphs)
                written.update((g, digest(staging, g)) for g in graphs)
                size = sum(1 for g in sources if g != ONTOLOGY for _ in staging.quads_for_pattern(None, None, None, g))
                quads += size
                bar.update(size)
            materialise(engine, list(written), digests={g.value: d for g, d in written.items()})
        except BaseException:
            undo.restore()
            raise
    return sorted(g.value for g in written if g != ONTOLOGY), quads


def validate_remote(engine: RemoteEngine, paths: Sequence[Path], graph: str | None, rdf_format: str | None) -> tuple[list[str], int]:
    """Judge `paths` batch by batch as `load_remote` would, writing nothing (each batch is judged
    with the store as it is, without the batches before it)."""
    check_syntax(paths, graph, rdf_format)
    graphs: set[str] = set()
    quads = 0
    for staging, sources in staged_batches(engine, paths, graph, rdf_format):
        quads += len(staging)
        graphs.update(g.value for g in sources)
        raise_problems(*check_staged(engine, staging, with_ontology(staging, sources)))
    return sorted(graphs), quads


def check_syntax(paths: Sequence[Path], graph: str | None, rdf_format: str | None) -> None:
    """Parse every file once, keeping nothing; report every file that does not parse."""
    errors = []
    for path in paths:
        if not path.is_file():
            errors.append(f"{path}: no such file")
            continue
        try:
            parsed_as = format_of(path, rdf_format)
            target = ox.NamedNode(graph) if graph else derived_graph(path)
            for _ in ox.parse(path=str(path), format=parsed_as, base_iri=base_for(parsed_as, target)):
                pass
        except SyntaxError as error:
            errors.append(f"{path}: {error.msg}")
        except (ValueError, OSError) as error:
            errors.append(f"{path}: {error}")
    if errors:
        raise ParseFailed("nothing was written; fix these and load again:\n" + "\n".join(f"  - {e}" for e in errors))


def staged_batches(engine: RemoteEngine, paths: Sequence[Path], graph: str | None, rdf_format: str | None) -> Iterator[tuple[ox.Store, Sources]]:
    """The files' quads in staging stores of whole graphs, about `BATCH_QUADS` each.

    A graph met again after its batch was handed out is staged with what the store holds of it
    by then (its earlier part, written meanwhile), so that it is replaced whole.
    """
    staging, sources, count = ox.Store(), {}, 0
    handed: set[ox.NamedNode] = set()
    for path in paths:
        target = ox.NamedNode(graph) if graph else derived_graph(path)
        last: ox.NamedNode | None = None
        parsed_as = format_of(path, rdf_format)
        for quad in ox.parse(path=str(path), format=parsed_as, base_iri=base_for(parsed_as, target)):
            g = quad.graph_name if isinstance(quad.graph_name, ox.NamedNode) else target
            if g != last and count >= BATCH_QUADS:
                yield staging, sources
                handed.update(sources)
                staging, sources, count = ox.Store(), {}, 0
            if g not in sources and g in handed:
                staging.extend(engine.quads_for_pattern(None, None, None, g))
            sources.setdefault(g, path)
            staging.add(ox.Quad(quad.subject, quad.predicate, quad.object, g))
            count += 1
            last = g
    if sources:
        yield staging, sources


class _Undo:
    """What a load changed, so that it can be put back: graphs it made, and the old content of
    graphs it replaced (kept in an on-disk store, not in memory)."""

    def __init__(self, engine: RemoteEngine, saved: ox.Store) -> None:
        self.engine = engine
        self.saved = saved
        self.created: list[ox.NamedNode] = []
        self.replaced: list[ox.NamedNode] = []

    def keep(self, graphs: list[ox.NamedNode]) -> None:
        """Remember the graphs a batch is about to write, the first time each is written."""
        for g in graphs:
            if g in self.created or g in self.replaced:
                continue
            before = len(self.saved)
            self.saved.bulk_extend(self.engine.quads_for_pattern(None, None, None, g))
            (self.replaced if len(self.saved) > before else self.created).append(g)

    def restore(self) -> None:
        """Drop the graphs made and write back the ones replaced."""
        for g in self.created:
            self.engine.remove_graph(g)
        if self.replaced:
            self.engine.replace_graphs(self.saved, self.replaced)
