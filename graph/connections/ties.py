"""Ties: named patterns over the whole graph, each a SPARQL query in graph/connections/tie_queries/<kind>.rq.

A tie query is plain SPARQL 1.1 that runs on any endpoint holding our data (and the rule graphs
it relies on). Its header says how rows become ties:

    # title: Founder-hometown ties
    # key: founder firm          rows with equal values of these variables are one tie
    # show: region strength …    variables summarised for readers (from the tie's strongest rows)

Every query binds ?link and ?weight; a tie's score is the sum, over its distinct ?link values, of
the largest ?weight each has, and ties rank by score, then by key. Whole-graph tie queries take
seconds at millions of triples, so results are computed once per store revision and kept in a
`TieTable` (see graph/connections.py), never per request.
"""

from __future__ import annotations

import hashlib
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from graph.store.saved_state import replaced_atomically
from graph.errors import NotFound

TIES_DIR = Path(str(files("graph.connections") / "tie_queries"))
FORMAT_VERSION = 2  # 2: evidence rows in a fixed order
WORKERS = 2  # tie queries run inside Oxigraph, without the GIL: two kinds at a time use two cores

Row = dict[str, str]


@dataclass(frozen=True)
class TieKind:
    """One named pattern: its query, what makes a tie, and what to show."""

    name: str
    title: str
    description: str
    key: tuple[str, ...]
    show: tuple[str, ...]
    sparql: str

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
        header = dict(re.findall(r"^# (title|key|show): (.+)$", text, re.MULTILINE))
        comments = [line[2:] for line in text.splitlines() if line.startswith("# ") and not re.match(r"# (title|key|show):", line)]
        kinds[path.stem] = TieKind(
            path.stem, header.get("title", path.stem), " ".join(comments), tuple(header.get("key", "").split()), tuple(header.get("show", "").split()), text
        )
    return kinds


def queries_digest() -> str:
    """A digest of every tie query, so a saved table is dropped when a query changes."""
    return hashlib.sha256("".join(f"{k.name}\n{k.sparql}" for k in tie_kinds().values()).encode()).hexdigest()


def tie_kind(name: str) -> TieKind:
    """The tie kind called `name`, or NotFound listing those that exist."""
    kinds = tie_kinds()
    if name not in kinds:
        raise NotFound(f"no tie kind {name!r}; known kinds: {', '.join(kinds)}")
    return kinds[name]


def compute_ties(engine: ox.Store, kind: TieKind) -> list[Tie]:
    """Run the kind's query over the union of all graphs and group and rank its rows."""
    grouped: dict[tuple[str, ...], list[Row]] = {}
    solutions = engine.query(kind.sparql, use_default_graph_as_union=True)
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
    ties.sort(key=lambda tie: (-tie.score, tuple(tie.key.values())))
    return ties


def _evidence_order(row: Row) -> tuple[float, list[tuple[str, str]]]:
    """Strongest evidence first, then by value: the same graph lists a tie's rows the same way."""
    return -float(row.get("weight", 0)), sorted(row.items())


@dataclass
class TieTable:
    """Ranked ties of every kind for one store revision, with an index from entity to ties."""

    revision: str
    ties: dict[str, list[Tie]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_entity: dict[str, dict[str, list[int]]] = {}
        for kind, ranked in self.ties.items():
            for position, tie in enumerate(ranked):
                for node in tie.nodes():
                    self.by_entity.setdefault(node, {}).setdefault(kind, []).append(position)

    @classmethod
    def compute(cls, engine: ox.Store, revision: str) -> TieTable:
        """Evaluate every tie kind on the store, `WORKERS` kinds at a time."""
        kinds = tie_kinds()
        with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="ties") as pool:
            ranked = list(pool.map(lambda kind: compute_ties(engine, kind), kinds.values()))
        return cls(revision, dict(zip(kinds, ranked)))

    def page(self, kind: str, entity: str | None = None, offset: int = 0, limit: int = 20) -> tuple[int, list[Tie]]:
        """The total number of matching ties and the ranked slice asked for."""
        ranked = self.ties.get(tie_kind(kind).name, [])
        if entity is None:
            return len(ranked), ranked[offset : offset + limit]
        positions = self.by_entity.get(entity, {}).get(kind, [])
        return len(positions), [ranked[p] for p in positions[offset : offset + limit]]

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
