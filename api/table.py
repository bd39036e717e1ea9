"""Render query results as an aligned text table for people at a terminal."""

from __future__ import annotations

import pyoxigraph as ox

from graph.model import shorten
from graph.query import QueryResult, serialize_result


def render_table(result: QueryResult) -> str:
    """Columns padded to width; IRIs shortened by the usual prefixes; graphs as Turtle."""
    if isinstance(result, ox.QueryBoolean):
        return f"{'yes' if bool(result) else 'no'}\n"
    if isinstance(result, ox.QueryTriples):
        return serialize_result(result, "turtle")[0].decode("utf-8")
    names = [variable.value for variable in result.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in result]
    widths = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(names)]
    lines = ["  ".join(name.ljust(w) for name, w in zip(names, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.Literal):
        return f"{term.value}@{term.language}" if term.language else term.value
    return str(term)
