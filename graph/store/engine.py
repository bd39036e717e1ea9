"""The engine interface: what tiegraph asks of the store under a dataset, with the embedded
Oxigraph store as one implementation (here) and a remote SPARQL store as the other
(`graph.remote.engine`).

The reading and writing methods are pyoxigraph's `Store` API, so code written against one engine
runs on both. Where the two must differ (how whole graphs are replaced, how an update is
applied, how many labels one request can read), the engine offers the operation itself, and
`local` says whether reading the whole store into this process is cheap, the one thing callers
choose a strategy by (path search, loading, query workers) — as rdflib's own `Store` declares
`context_aware` and `transaction_aware`.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from tqdm import tqdm

from graph.model.namespaces import RDFS_LABEL
from graph.store.formats import base_for

TRANSACTION_LIMIT = 100_000  # quads; larger writes use the bulk loader, which is not transactional

Labels = dict[str, dict[str, list[str]]]


class Engine(ABC):
    """A store tiegraph reads and writes: pyoxigraph's `Store` methods plus the operations below."""

    local: bool
    """True when the store lives in this process (on disk or in memory), so whole-store reads
    are index scans; False for a store reached over the network."""

    @abstractmethod
    def query(self, query: str, **options: Any) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run SPARQL with pyoxigraph's `Store.query` options."""

    @abstractmethod
    def quads_for_pattern(self, subject: Any, predicate: Any, object: Any, graph_name: Any = None) -> Iterator[ox.Quad]:  # noqa: A002
        """Quads matching the pattern; None matches anything."""

    @abstractmethod
    def named_graphs(self) -> Iterator[ox.NamedNode]:
        """tiegraph's named graphs in the store."""

    @abstractmethod
    def contains_named_graph(self, graph_name: ox.NamedNode) -> bool:
        """True when the graph is in the store."""

    @abstractmethod
    def __len__(self) -> int:
        """Quads in tiegraph's graphs."""

    @abstractmethod
    def dump(self, output: IO[bytes] | str | Path | None = None, format: ox.RdfFormat | None = None, **options: Any) -> bytes | None:  # noqa: A002
        """Serialise one graph (`from_graph=`) or the dataset."""

    @abstractmethod
    def update(self, update: str, **options: Any) -> None:
        """Run a SPARQL update."""

    @abstractmethod
    def remove_graph(self, graph_name: ox.NamedNode) -> None:
        """Drop a named graph."""

    @abstractmethod
    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads."""

    @abstractmethod
    def bulk_extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add many quads, not in one transaction."""

    @abstractmethod
    def load(self, input: Any = None, format: ox.RdfFormat | None = None, **options: Any) -> None:  # noqa: A002
        """Parse RDF and add it (`to_graph=` for triples)."""

    @abstractmethod
    def bulk_load(self, input: Any = None, format: ox.RdfFormat | None = None, **options: Any) -> None:  # noqa: A002
        """Add a file's or a stream's quads as fast as the engine can."""

    @abstractmethod
    def flush(self) -> None:
        """Make what was written durable."""

    @abstractmethod
    def replace_graphs(self, staging: ox.Store, graphs: Sequence[ox.NamedNode], progress: bool = False) -> None:
        """Replace `graphs` with their content in `staging` (which holds only those)."""

    @abstractmethod
    def replace_in_one_transaction(self, staging: ox.Store, graphs: Sequence[ox.NamedNode]) -> None:
        """Replace `graphs` with their content in `staging` (which may hold others) in one step."""

    @abstractmethod
    def bulk_write(self, data: bytes | Path, progress: bool, rdf_format: ox.RdfFormat = ox.RdfFormat.N_QUADS, to_graph: ox.NamedNode | None = None) -> None:
        """Write RDF bytes or a file as fast as the engine can, with a progress bar if asked."""

    @abstractmethod
    def apply_update(self, sparql: str, base_iri: str | None, staging: ox.Store, changed: Sequence[ox.NamedNode]) -> None:
        """Commit an update already run and judged on `staging`, whose `changed` graphs it touched."""

    @abstractmethod
    def labels_by_language(self, iris: Iterable[str]) -> Labels:
        """Every rdfs:label of each IRI, by language tag ("" for none), each list in text order."""

    @abstractmethod
    def scope_clause(self) -> str:
        """A SPARQL clause binding `?g` to tiegraph's graphs, or "" when every graph is tiegraph's."""


class EmbeddedEngine(Engine):
    """Oxigraph in this process, on disk or in memory; `store` is the pyoxigraph `Store`."""

    local = True

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def query(self, query: str, **options: Any) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        return self.store.query(query, **options)

    def quads_for_pattern(self, subject: Any, predicate: Any, object: Any, graph_name: Any = None) -> Iterator[ox.Quad]:  # noqa: A002
        return self.store.quads_for_pattern(subject, predicate, object, graph_name)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        return self.store.named_graphs()  # type: ignore[return-value]

    def contains_named_graph(self, graph_name: ox.NamedNode) -> bool:
        return self.store.contains_named_graph(graph_name)

    def __len__(self) -> int:
        return len(self.store)

    def dump(self, output: IO[bytes] | str | Path | None = None, format: ox.RdfFormat | None = None, **options: Any) -> bytes | None:  # noqa: A002
        return self.store.dump(output, format, **options)

    def update(self, update: str, **options: Any) -> None:
        self.store.update(update, **options)

    def remove_graph(self, graph_name: ox.NamedNode) -> None:
        self.store.remove_graph(graph_name)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        self.store.extend(quads)

    def bulk_extend(self, quads: Iterable[ox.Quad]) -> None:
        self.store.bulk_extend(quads)

    def load(self, input: Any = None, format: ox.RdfFormat | None = None, **options: Any) -> None:  # noqa: A002
        self.store.load(input, format, **options)

    def bulk_load(self, input: Any = None, format: ox.RdfFormat | None = None, **options: Any) -> None:  # noqa: A002
        self.store.bulk_load(input, format, **options)

    def flush(self) -> None:
        self.store.flush()

    def replace_graphs(self, staging: ox.Store, graphs: Sequence[ox.NamedNode], progress: bool = False) -> None:
        """One SPARQL update (one transaction) when small, else Oxigraph's bulk loader."""
        if len(staging) <= TRANSACTION_LIMIT:
            self.replace_in_one_transaction(staging, graphs)
            return
        for g in graphs:
            self.store.remove_graph(g)
        self.bulk_write(staging.dump(format=ox.RdfFormat.N_QUADS), progress)

    def replace_in_one_transaction(self, staging: ox.Store, graphs: Sequence[ox.NamedNode]) -> None:
        """One SPARQL update is one transaction: the old graphs go and the new ones arrive together."""
        drops = "".join(f"DROP SILENT GRAPH {g} ;\n" for g in graphs)
        inserts = "".join(f"GRAPH {g} {{\n{staging.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g).decode()}}}\n" for g in graphs)
        self.store.update(f"{drops}INSERT DATA {{\n{inserts}}}")

    def apply_update(self, sparql: str, base_iri: str | None, staging: ox.Store, changed: Sequence[ox.NamedNode]) -> None:
        """Run the update itself: one transaction, as it ran on the staging store."""
        self.store.update(sparql, base_iri=base_iri)

    def labels_by_language(self, iris: Iterable[str]) -> Labels:
        """One index range per IRI: 0.3 ms for ten search hits, where a query took 1.9 ms."""
        found: Labels = {}
        label_predicate = ox.NamedNode(RDFS_LABEL)
        for iri in sorted(set(iris)):
            labels = {q.object for q in self.store.quads_for_pattern(ox.NamedNode(iri), label_predicate, None, None) if isinstance(q.object, ox.Literal)}
            for label in sorted(labels, key=lambda literal: literal.value):
                found.setdefault(iri, {}).setdefault(label.language or "", []).append(label.value)
        return found

    def scope_clause(self) -> str:
        return ""

    def bulk_write(self, data: bytes | Path, progress: bool, rdf_format: ox.RdfFormat = ox.RdfFormat.N_QUADS, to_graph: ox.NamedNode | None = None) -> None:
        """Oxigraph's bulk loader on bytes or a file, with a bar following the bytes it reads.

        It parses without holding the GIL, so other threads (validation) run meanwhile.
        """
        raw: Any = io.FileIO(data) if isinstance(data, Path) else io.BytesIO(data)
        size = data.stat().st_size if isinstance(data, Path) else len(data)
        target = {"to_graph": to_graph, "base_iri": base_for(rdf_format, to_graph)} if to_graph is not None else {}
        with raw, tqdm(total=size, desc="write", unit="B", unit_scale=True, disable=not progress) as bar:
            self.store.bulk_load(input=io.BufferedReader(_ProgressReader(raw, bar.update), 1 << 20), format=rdf_format, **target)
        self.store.flush()


class _ProgressReader(io.RawIOBase):
    """A readable that reports the size of every chunk read through it."""

    def __init__(self, raw: Any, advance: Callable[[int], object]) -> None:
        self._raw = raw
        self._advance = advance

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = self._raw.readinto(buffer)
        self._advance(size)
        return size
