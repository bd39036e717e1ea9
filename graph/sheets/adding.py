"""Fact sheets checked, then added: each sheet's source graph replaced in one atomic write.

`check_sheets` compiles every sheet and judges the result as a load would (the ontology and the
SHACL shapes, with what the store already says), so that every problem is reported at once, each
at its file, line and column; `add_sheets` does the same, then writes. Nothing is written unless
every sheet passes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import pyoxigraph as ox
from rdflib import Dataset

from graph.errors import Problem, SheetProblems, ValidationFailed
from graph.load.checking import check_staged
from graph.load.loading import write_staged
from graph.load.staging import Sources, with_ontology
from graph.model.namespaces import shorten
from graph.sheets.compiling import Compiled, SheetProblem, compile_sheet
from graph.sheets.reading import Node, read_sheet, read_sheet_file
from graph.store.dataset import engine_of


Sheet = Union[Path, tuple[str, str], tuple[str, Node]]  # a file, a text and its name, or a read sheet


@dataclass
class SheetReport:
    """What the sheets hold, and what was written: one source graph per sheet."""

    graphs: list[str]
    quads: list[ox.Quad]
    written: bool
    new: list[str] = field(default_factory=list)  # entities the store did not hold before

    def summary(self) -> dict[str, object]:
        """The answer of `POST /facts` and the head of `tiegraph check --format json`."""
        return {"graphs": self.graphs, "quads": len(self.quads), "written": self.written, "new": self.new}

    def rows(self) -> list[list[str]]:
        """Every quad as four N-Triples terms: subject, predicate, object, graph."""
        return [[str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)] for q in self.quads]


def check_sheets(kg: Dataset, sheets: Sequence[Sheet]) -> SheetReport:
    """Compile and judge `sheets` (paths, or (name, text) pairs); raise with every problem."""
    staging, sources, compiled = _staged(kg, sheets)
    problems, truncated = check_staged(engine_of(kg), staging, with_ontology(staging, dict(sources)))
    if problems:
        raise ValidationFailed(list(map(_placing(compiled), problems)), truncated)
    return _report(compiled, written=False, engine=engine_of(kg))


def add_sheets(kg: Dataset, sheets: Sequence[Sheet]) -> SheetReport:
    """Compile, judge and write `sheets`: each source graph replaced whole, all or nothing."""
    staging, sources, compiled = _staged(kg, sheets)
    new = _new_entities(engine_of(kg), compiled)
    try:
        write_staged(kg, staging, sources)
    except ValidationFailed as failed:
        raise ValidationFailed(list(map(_placing(compiled), failed.problems)), failed.truncated) from None
    return _report(compiled, written=True, new=new)


def _staged(kg: Dataset, sheets: Sequence[Sheet]) -> tuple[ox.Store, Sources, list[Compiled]]:
    engine = engine_of(kg)
    compiled: list[Compiled] = []
    problems: list[SheetProblem] = []
    owners: dict[ox.NamedNode, str] = {}
    for sheet in sheets:
        name, root = _read(sheet)
        result = compile_sheet(root, engine, name)
        problems.extend(result.problems)
        if result.graph in owners:
            problems.append(SheetProblem(root.where, f"this sheet's source is {shorten(result.graph.value)}, as is {owners[result.graph]}'s; give one of them another id"))
        owners[result.graph] = name
        compiled.append(result)
    if problems:
        raise SheetProblems(sorted(problems, key=lambda p: (p.where.file, p.where.line, p.where.column)))
    staging = ox.Store()
    staging.extend(q for result in compiled for q in result.quads)
    sources: Sources = {result.graph: owners[result.graph] for result in compiled}
    return staging, sources, compiled


def _read(sheet: Sheet) -> tuple[str, Node]:
    if isinstance(sheet, Path):
        return str(sheet), read_sheet_file(sheet)
    name, content = sheet
    return name, read_sheet(content, name) if isinstance(content, str) else content


def _placing(compiled: list[Compiled]) -> Callable[[Problem], Problem]:
    """A function placing a shape's problem at the sheet line that introduced its focus node."""
    where_of = {shorten(iri): where for result in compiled for iri, where in result.written_at.items()}

    def placed(problem: Problem) -> Problem:
        where = where_of.get(problem.focus)
        return Problem(str(where), problem.focus, problem.constraint, problem.message) if where else problem

    return placed


def _report(compiled: list[Compiled], written: bool, engine: ox.Store | None = None, new: list[str] | None = None) -> SheetReport:
    found = new if new is not None else _new_entities(engine, compiled) if engine is not None else []
    return SheetReport(sorted(r.graph.value for r in compiled), [q for r in compiled for q in r.quads], written, found)


def _new_entities(engine: ox.Store, compiled: list[Compiled]) -> list[str]:
    """The named subjects of the sheets' facts that nothing in the store describes yet (sources
    and their statement nodes aside)."""
    graphs = {r.graph for r in compiled}
    subjects = {q.subject for r in compiled for q in r.quads if isinstance(q.subject, ox.NamedNode) and q.subject not in graphs and not q.subject.value.startswith(tuple(g.value for g in graphs))}
    return sorted(s.value for s in subjects if next(engine.quads_for_pattern(s, None, None), None) is None)
