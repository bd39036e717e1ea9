"""Ties: named patterns over the whole graph, each a SPARQL query in graph/connections/tie_queries/<kind>.rq.

A tie query is plain SPARQL 1.1 that runs on any endpoint holding our data (and the rule graphs
it relies on). Its header says how rows become ties:

    # title: Founder-hometown ties
    # key: founder firm          rows with equal values of these variables are one tie
    # show: region strength …    variables summarised for readers (from the tie's strongest rows)
    # keyed by: firm             a key variable the query can be restricted to (see below)

Every query binds ?link and ?weight; a tie's score is the sum, over its distinct ?link values, of
the largest ?weight each has, and ties rank by score, then by key. Whole-graph tie queries take
seconds at millions of triples, so results are computed once and kept in a `TieTable`
(graph/connections/service.py), never per request.

After a small write the table is brought forward rather than recomputed. The store's journal
(graph/store/journal.py) says which triples changed; a *reach* query per kind
(tie_queries/reach/<kind>.rq) maps them to the values of the `keyed by` variable whose ties they
can touch, and the kind's query runs again for those alone, a `VALUES` clause standing where its
`#keys` comments are (in every sub-select, so the engine restricts before it joins). Ties citing
a node of a removed triple are recomputed too. A change that reaches more than `KEY_LIMIT` keys
(a city moved to another province) recomputes the kind whole.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import InitVar, dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from graph.store.saved_state import replaced_atomically
from graph.errors import NotFound

TIES_DIR = Path(str(files("graph.connections") / "tie_queries"))
REACH_DIR = TIES_DIR / "reach"
FORMAT_VERSION = 2  # 2: evidence rows in a fixed order
KEY_LIMIT = 2_000  # keys past which a kind is recomputed whole
WORKERS = 2  # tie queries run inside Oxigraph, without the GIL: two kinds at a time use two cores

Row = dict[str, str]
_VALUES_LIST = re.compile(r"VALUES \?(\w+) \{([^}]*)\}")


@dataclass(frozen=True)
class TieKind:
    """One named pattern: its query, what makes a tie, and what to show."""

    name: str
    title: str
    description: str
    key: tuple[str, ...]
    show: tuple[str, ...]
    sparql: str
    keyed_by: str
    reach: str

    def keyed(self, keys: Iterable[ox.NamedNode]) -> str:
        """The query restricted to ties whose `keyed_by` variable is one of `keys`.

        Its own `VALUES` lists (classes, properties) become `FILTER(?x IN (…))` tests, which say
        the same where, as in every tie query, the variable is also bound by a pattern of its
        group: Oxigraph's planner starts from every `VALUES` list, so with them the keyed query
        first scanned every firm or incentive of a listed class, taking seconds instead of
        milliseconds."""
        return _as_filters(self.sparql).replace("#keys", f"VALUES ?{self.keyed_by} {{ {' '.join(map(str, keys))} }}")

    def reached(self, changes: Iterable[ox.Triple]) -> str:
        """The reach query over the changed triples (IRI subjects; others cannot be followed)."""
        pairs = " ".join(f"({t.subject} {t.predicate})" for t in changes)
        return _as_filters(self.reach).replace("#changes", f"VALUES (?s ?p) {{ {pairs} }}")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready description, query text included so users can run it elsewhere."""
        return {"kind": self.name, "title": self.title, "description": self.description, "key": list(self.key), "show": list(self.show), "query": self.sparql}


@dataclass
class Tie:
    """Rows of one tie, their score and the nodes they mention."""

    kind: str
    key: Row
    score: float
    rows: list[Row]

    def nodes(self) -> set[str]:
        """Every entity IRI the tie's rows bind (terms of our ontology aside)."""
        return {v for row in self.rows for v in row.values() if v.startswith(("http://", "https://")) and "/ontology#" not in v}

    def summary(self, show: tuple[str, ...]) -> dict[str, list[str]]:
        """Distinct values of the `show` variables among the tie's strongest rows."""
        top = max(float(row.get("weight", 0)) for row in self.rows)
        strongest = [row for row in self.rows if float(row.get("weight", 0)) == top]
        return {var: sorted({row[var] for row in strongest if var in row}) for var in show}


@cache
def tie_kinds() -> dict[str, TieKind]:
    """Every tie kind, by name (the .rq file name)."""
    kinds = {}
    for path in sorted(TIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header = dict(re.findall(r"^# (title|key|show|keyed by): (.+)$", text, re.MULTILINE))
        comments = [line[2:] for line in text.splitlines() if line.startswith("# ") and not re.match(r"# (title|key|show|keyed by):", line)]
        key = tuple(header.get("key", "").split())
        kinds[path.stem] = TieKind(
            path.stem,
            header.get("title", path.stem),
            " ".join(comments),
            key,
            tuple(header.get("show", "").split()),
            text,
            header.get("keyed by", key[0]),
            (REACH_DIR / path.name).read_text(encoding="utf-8"),
        )
    return kinds


def queries_digest() -> str:
    """A digest of every tie query, so a saved table is dropped when a query changes."""
    return hashlib.sha256("".join(f"{k.name}\n{k.sparql}\n{k.reach}" for k in tie_kinds().values()).encode()).hexdigest()


def tie_kind(name: str) -> TieKind:
    """The tie kind called `name`, or NotFound listing those that exist."""
    kinds = tie_kinds()
    if name not in kinds:
        raise NotFound(f"no tie kind {name!r}; known kinds: {', '.join(kinds)}")
    return kinds[name]


def compute_ties(engine: ox.Store, kind: TieKind, keys: set[ox.NamedNode] | None = None) -> list[Tie]:
    """Run the kind's query over the union of all graphs (for the ties of `keys` alone, if
    given) and group and rank its rows."""
    grouped: dict[tuple[str, ...], list[Row]] = {}
    solutions = engine.query(kind.sparql if keys is None else kind.keyed(keys), use_default_graph_as_union=True)
    variables = [var.value for var in solutions.variables]
    for solution in solutions:
        row = {var: solution[var].value for var in variables if solution[var] is not None}
        grouped.setdefault(tuple(row.get(var, "") for var in kind.key), []).append(row)
    ties = []
    for key, rows in grouped.items():
        best: dict[str, float] = {}
        for row in rows:
            link = row.get("link", "")
            best[link] = max(best.get(link, 0.0), float(row.get("weight", 0)))
        rows.sort(key=_evidence_order)  # the engine's order varies with the store's history
        ties.append(Tie(kind.name, dict(zip(kind.key, key)), sum(best.values()), rows))
    ties.sort(key=_rank)
    return ties


def _rank(tie: Tie) -> tuple[float, tuple[str, ...]]:
    return -tie.score, tuple(tie.key.values())


def _by_entity(ties: dict[str, list[Tie]]) -> dict[str, dict[str, list[Tie]]]:
    """Each node's ties, by kind, in the kinds' ranked order."""
    index: dict[str, dict[str, list[Tie]]] = {}
    for kind, ranked in ties.items():
        for tie in ranked:
            for node in tie.nodes():
                index.setdefault(node, {}).setdefault(kind, []).append(tie)
    return index


def _reindex(by_entity: dict[str, dict[str, list[Tie]]], kind: str, dropped: list[Tie], fresh: list[Tie]) -> None:
    """Replace, in a copy-on-write index, the entries of one kind's dropped ties by fresh ones."""
    touched = {node for tie in (*dropped, *fresh) for node in tie.nodes()}
    gone = {id(tie) for tie in dropped}
    for node in touched:
        kinds = dict(by_entity.get(node, {}))
        listed = [tie for tie in kinds.get(kind, []) if id(tie) not in gone]
        for tie in fresh:
            if node in tie.nodes():
                bisect.insort(listed, tie, key=_rank)
        kinds[kind] = listed
        by_entity[node] = kinds


def _as_filters(sparql: str) -> str:
    """`VALUES ?x { a b }` lists as `FILTER(?x IN (a, b))` (see `TieKind.keyed`)."""
    return _VALUES_LIST.sub(lambda m: f"FILTER(?{m[1]} IN ({', '.join(m[2].split())}))", sparql)


def _evidence_order(row: Row) -> tuple[float, list[tuple[str, str]]]:
    """Strongest evidence first, then by value: the same graph lists a tie's rows the same way."""
    return -float(row.get("weight", 0)), sorted(row.items())


@dataclass
class TieTable:
    """Ranked ties of every kind for one store revision, with an index from entity to ties."""

    revision: str
    ties: dict[str, list[Tie]] = field(default_factory=dict)
    by_entity_given: InitVar[dict[str, dict[str, list[Tie]]] | None] = None

    def __post_init__(self, by_entity_given: dict[str, dict[str, list[Tie]]] | None) -> None:
        """Index the ties by entity, unless the caller kept the index current itself."""
        self.by_entity = by_entity_given if by_entity_given is not None else _by_entity(self.ties)

    @classmethod
    def compute(cls, engine: ox.Store, revision: str) -> TieTable:
        """Evaluate every tie kind on the store, `WORKERS` kinds at a time."""
        kinds = tie_kinds()
        with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="ties") as pool:
            ranked = list(pool.map(lambda kind: compute_ties(engine, kind), kinds.values()))
        return cls(revision, dict(zip(kinds, ranked)))

    def brought_forward(self, engine: ox.Store, revision: str, changes: set[ox.Triple]) -> TieTable:
        """The table at `revision`, which the triples `changes` separate from this one's: each
        kind's ties recomputed only for the keys the changes reach. This table is left as it is
        (a copy of it may be being saved)."""
        present = {t for t in changes if next(engine.quads_for_pattern(t.subject, t.predicate, t.object), None) is not None}
        gone = {node.value for t in changes - present for node in (t.subject, t.object) if isinstance(node, ox.NamedNode)}
        followed = [t for t in changes if isinstance(t.subject, ox.NamedNode)]
        ties = dict(self.ties)
        by_entity: dict[str, dict[str, list[Tie]]] | None = dict(self.by_entity)
        for name, kind in tie_kinds().items():
            keys = {ox.NamedNode(tie.key[kind.keyed_by]) for node in gone for tie in self.by_entity.get(node, {}).get(name, ())}
            if followed and len(keys) <= KEY_LIMIT:
                keys.update(s[kind.keyed_by] for s in engine.query(kind.reached(followed), use_default_graph_as_union=True))
            if len(keys) > KEY_LIMIT:
                ties[name] = compute_ties(engine, kind)
                by_entity = None  # rebuilt whole from the ranked ties
                continue
            if not keys:
                continue
            values = {k.value for k in keys}
            dropped = [tie for tie in ties[name] if tie.key[kind.keyed_by] in values]
            fresh = compute_ties(engine, kind, keys)
            ranked = [tie for tie in ties[name] if tie.key[kind.keyed_by] not in values]
            for tie in fresh:
                bisect.insort(ranked, tie, key=_rank)
            ties[name] = ranked
            if by_entity is not None:
                _reindex(by_entity, name, dropped, fresh)
        return TieTable(revision, ties, by_entity)

    def page(self, kind: str, entity: str | None = None, offset: int = 0, limit: int = 20) -> tuple[int, list[Tie]]:
        """The total number of matching ties and the ranked slice asked for."""
        name = tie_kind(kind).name
        ranked = self.ties.get(name, []) if entity is None else self.by_entity.get(entity, {}).get(name, [])
        return len(ranked), ranked[offset : offset + limit]

    def save(self, path: Path) -> None:
        """Write the table as JSON, stamped with its revision."""
        data = {"format": FORMAT_VERSION, "queries": queries_digest(), "revision": self.revision, "ties": {k: [[t.key, t.score, t.rows] for t in ranked] for k, ranked in self.ties.items()}}
        with replaced_atomically(path) as file:
            file.write(json.dumps(data, ensure_ascii=False).encode())

    @classmethod
    def load(cls, path: Path) -> TieTable | None:
        """The table saved at `path`, or None when missing, unreadable or of another format."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("format") != FORMAT_VERSION or data.get("queries") != queries_digest():
            return None
        return cls(data["revision"], {k: [Tie(k, key, score, rows) for key, score, rows in ranked] for k, ranked in data["ties"].items()})
