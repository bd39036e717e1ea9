"""Paths and ties over one open store, with the projection and tie table kept current.

On a remote SPARQL store no projection is held: each path search reads the neighbourhood it
walks from the store (graph/remote_neighbourhood.py); the tie table is kept in memory.

Both are built once and then follow the store's content revision (graph/store/revision.py), which
every write changes: the projection re-reads only the graphs whose digest changed, the tie table
follows the store's journal of changed triples (recomputed whole when the journal cannot say).
Nothing is rebuilt per request; saving is left to a background thread. For a store on disk both are saved beside it, in
`<store>-index/`, stamped with the revision, so a restarted service or the next CLI command reuses
them when the store has not changed since.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from graph.connections.adjacency import ADJACENCY_FILE, Adjacency, build, refresh
from graph.errors import InputError
from graph.entities.evidence import Fact, entity, facts_among, labels, make_facts
from graph.model.namespaces import PREFIXES, local_id
from graph.model.ontology import load_ontology
from graph.connections.paths import DEFAULT_K, DEFAULT_MAX_LENGTH, PathFilter, fact_rows, find_paths
from graph.connections.neighbourhood import Neighbourhood
from graph.entities.resolve import resolve
from graph.store.revision import store_revision
from graph.settings import Settings
from graph.store.dataset import engine_of
from graph.store.journal import changes_between
from graph.store.saved_state import SAVER
from graph.connections.ties import Tie, TieTable, tie_kind, tie_kinds
from graph.connections.view import MAX_NODES, neighbourhood_view

TIES_FILE = "ties.json"


def index_directory(settings: Settings) -> Path | None:
    """Where the projection and tie table of an on-disk store are kept; None for a memory store."""
    if settings.is_memory or settings.is_remote:
        return None
    store = Path(settings.store).resolve()
    return store.parent / f"{store.name}-index"


class Connections:
    """Answers path and tie questions on `kg`; safe to share between request threads."""

    def __init__(self, kg: Dataset, directory: Path | None = None) -> None:
        self.engine: ox.Store = engine_of(kg)
        self.directory = directory
        self._lock = threading.RLock()
        self._adjacency: Adjacency | None = None
        self._ties: TieTable | None = None
        self._evidence_cache: dict[int, list[Fact]] = {}
        self._evidence_revision = ""

    @classmethod
    def open(cls, settings: Settings, kg: Dataset) -> Connections:
        """Connections for the store named by `settings`, persisted beside it when on disk."""
        return cls(kg, index_directory(settings))

    # ------------------------------------------------------------------ current state
    def adjacency(self) -> Adjacency:
        """The projection at the store's current revision."""
        with self._lock:
            revision = store_revision(self.engine)
            if self._adjacency is None and self.directory:
                self._adjacency = Adjacency.load(self.directory)
            if self._adjacency is not None and self._adjacency.revision == revision:
                return self._adjacency
            self._adjacency = build(self.engine) if self._adjacency is None else refresh(self.engine, self._adjacency)
            if self.directory:
                SAVER.save(self.directory / ADJACENCY_FILE, self._save_adjacency)
            return self._adjacency

    def _save_adjacency(self, _: Path) -> None:
        with self._lock:  # a refresh changes the projection in place
            if self._adjacency is not None and self.directory:
                self._adjacency.save(self.directory)

    def tie_table(self) -> TieTable:
        """Every tie kind's ranked ties at the store's current revision."""
        with self._lock:
            revision = store_revision(self.engine)
            if self._ties is None and self.directory:
                self._ties = TieTable.load(self.directory / TIES_FILE)
            if self._ties is None or self._ties.revision != revision:
                changes = changes_between(self.engine, self._ties.revision, revision) if self._ties is not None else None
                if self._ties is not None and changes is not None:
                    self._ties = self._ties.brought_forward(self.engine, revision, changes)
                else:
                    self._ties = TieTable.compute(self.engine, revision)
                if self.directory:
                    SAVER.save(self.directory / TIES_FILE, self._ties.save)
            return self._ties

    # ------------------------------------------------------------------ paths
    def paths(
        self,
        source: str,
        target: str,
        k: int = DEFAULT_K,
        max_length: int = DEFAULT_MAX_LENGTH,
        via: list[str] | None = None,
        classes: list[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        undated: bool = True,
    ) -> dict[str, object]:
        """The k shortest paths between two named entities, every hop with its evidence."""
        rules = PathFilter(_terms(via, "property"), _terms(classes, "class"), since, until, undated)
        ends = [resolve(self.engine, name) for name in (source, target)]
        a = self.adjacency() if self.engine.local else Neighbourhood(self.engine, ends)
        if any(iri not in a.index for iri in ends):
            found: list[tuple[int, ...]] = []
        else:
            found = find_paths(a, a.index[ends[0]], a.index[ends[1]], k, max_length, rules)
        hops = {(u, v): self._hop_facts(a, u, v, rules) for path in found for u, v in zip(path, path[1:])}
        named = labels(self.engine, {*ends, *(a.iris[v] for path in found for v in path)})
        return {
            "from": entity(ends[0], named),
            "to": entity(ends[1], named),
            "k": k,
            "max_length": max_length,
            "paths": [
                {
                    "length": len(path) - 1,
                    "nodes": [entity(a.iris[v], named) for v in path],
                    "hops": [
                        {"from": entity(a.iris[u], named), "to": entity(a.iris[v], named), "facts": [f.to_dict() for f in hops[u, v]]}
                        for u, v in zip(path, path[1:])
                    ],
                }
                for path in found
            ],
        }

    def _hop_facts(self, a: Adjacency, u: int, v: int, rules: PathFilter) -> list[Fact]:
        stated: dict[tuple[str, str, str], set[str]] = {}
        for r in fact_rows(a, u, v, rules):
            stated.setdefault((a.iris[a.row_s[r]], a.predicates[a.row_p[r]], a.iris[a.row_o[r]]), set()).add(a.graphs[a.row_g[r]])
        dates = {a.iris[n]: a.dates[a.node_date[n]] for n in (u, v) if a.node_date[n] >= 0}
        facts = make_facts(self.engine, stated, dates)
        return [Fact(**{**f.__dict__, "direction": "forward" if f.subject == a.iris[u] else "backward"}) for f in facts]

    def view(self, names: list[str], limit: int = MAX_NODES) -> dict[str, object]:
        """The neighbourhood of the entities `names` as a small graph to draw (graph/connections/view.py)."""
        if not names:
            raise InputError("name at least one entity: around=xiaomi")
        centres = [resolve(self.engine, name) for name in names]
        a = self.adjacency() if self.engine.local else Neighbourhood(self.engine, centres)
        return neighbourhood_view(a, self.engine, centres, limit)

    # ------------------------------------------------------------------ ties
    def ties(self, kind: str, entity_name: str | None = None, offset: int = 0, limit: int = 20) -> dict[str, object]:
        """A page of ranked ties of one kind (those involving one entity if named), with evidence."""
        if offset < 0 or not 1 <= limit <= 1000:
            raise InputError(f"offset must be ≥ 0 and limit 1–1000; got {offset} and {limit}")
        described = tie_kind(kind)
        focus = resolve(self.engine, entity_name) if entity_name else None
        table = self.tie_table()
        total, page = table.page(kind, focus, offset, limit)
        nodes = {n for tie in page for n in tie.nodes()}
        evidence = self._evidence(table, page)
        named = labels(self.engine, nodes | ({focus} if focus else set()))
        return {
            "kind": described.name,
            "title": described.title,
            "entity": entity(focus, named) if focus else None,
            "total": total,
            "offset": offset,
            "limit": limit,
            "ties": [self._tie(tie, offset + n + 1, described.show, evidence[id(tie)], named) for n, tie in enumerate(page)],
        }

    def _evidence(self, table: TieTable, page: list[Tie]) -> dict[int, list[Fact]]:
        """Each tie's evidence, looked up once per revision and then kept with the tie table."""
        with self._lock:
            if self._evidence_revision != table.revision:
                self._evidence_cache, self._evidence_revision = {}, table.revision
            missing = [tie for tie in page if id(tie) not in self._evidence_cache]
        facts = facts_among(self.engine, {n for tie in missing for n in tie.nodes()}) if missing else []
        with self._lock:
            for tie in missing:
                nodes = tie.nodes()
                self._evidence_cache[id(tie)] = [f for f in facts if f.subject in nodes and f.object in nodes]
            return {id(tie): self._evidence_cache[id(tie)] for tie in page}

    def kinds(self) -> list[dict[str, object]]:
        """Every tie kind with its query and how many ties it finds."""
        table = self.tie_table()
        return [{**kind.to_dict(), "count": len(table.ties.get(name, []))} for name, kind in tie_kinds().items()]

    @staticmethod
    def _tie(tie: Tie, rank: int, show: tuple[str, ...], evidence: list[Fact], named: dict[str, str]) -> dict[str, object]:
        nodes = tie.nodes()
        return {
            "rank": rank,
            "score": tie.score,
            "key": {var: _value(value, named) for var, value in tie.key.items()},
            "summary": {var: [_value(v, named) for v in values] for var, values in tie.summary(show).items()},
            "evidence": [f.to_dict() for f in evidence],
            "labels": {n: named[n] for n in sorted(nodes) if n in named},
            "rows": tie.rows,
            "ledger": _ledger_link(tie.key),
        }


def _ledger_link(key: dict[str, str]) -> str | None:
    """The incentive ledger of a tie's firm (from its grantor, when the tie has one)."""
    if "firm" not in key:
        return None
    wanted = {"recipient": local_id(key["firm"]), **({"grantor": local_id(key["grantor"])} if "grantor" in key else {})}
    return f"/incentives?{urlencode(wanted)}"


def _value(value: str, named: dict[str, str]) -> object:
    return entity(value, named) if value in named or value.startswith("https://tiegraph.org/") else value


def _terms(names: list[str] | None, what: str) -> frozenset[str] | None:
    """Expand `tg:founder`, `founder` or a full IRI to ontology terms; refuse unknown ones."""
    if not names:
        return None
    defined = load_ontology().defined_terms
    expanded = set()
    examples = "tg:City, tg:Company" if what == "class" else "tg:founder, tg:headquarteredIn"
    for name in names:
        if not name.strip():
            raise InputError(f"an empty {what} was given; name one such as {examples}, or leave the parameter out")
        prefix, _, local = name.partition(":")
        iri = name if name.startswith(("http://", "https://")) else f"{PREFIXES[prefix]}{local}" if local and prefix in PREFIXES else f"{PREFIXES['tg']}{name}"
        if URIRef(iri) not in defined:
            raise InputError(f"{name} is not a {what} of the tiegraph ontology; name one such as {examples}")
        expanded.add(iri)
    return frozenset(expanded)
