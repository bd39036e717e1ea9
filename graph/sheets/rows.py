"""Spreadsheet rows as one fact sheet: a mapping (YAML) says which facts each row states, with
`{column}` for a cell; a source sheet (YAML with a `source:` block) says where all rows come from.

The mapping has the sheet's own `entities:` and `facts:` blocks, written once for every row:

    facts:
      - [ "{firm}", headquartered in, "{city}" ]
      - event: incentive
        label: "{grantor} for {firm}, {year}"
        grantor: "{grantor}"
        recipient: "{firm}"
        amount: "{amount}"

Every value is placed at its row's line in the CSV file (the header is line 1) and the column of
its first cell, so a problem names the row to fix. A field whose cells are all empty is left out;
an item whose fields are all left out is too.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from graph.errors import InputError
from graph.sheets.reading import Mapping, Node, Scalar, Sequence, Where, read_sheet_file

CELL = re.compile(r"\{([^{}]+)\}")


def rows_sheet(rows: Path, mapping: Path, source: Path) -> Node:
    """The sheet the rows state under `source`'s source block, by `mapping`."""
    template = read_sheet_file(mapping)
    described = read_sheet_file(source)
    if not isinstance(described, Mapping) or not isinstance(described.get("source"), Mapping):
        raise InputError(f"{source}: give the batch's source as a sheet with a source: block (title, identifier, language, issued)")
    if not isinstance(template, Mapping) or not set(template.entries) <= {"entities", "facts"}:
        raise InputError(f"{mapping}: a mapping has entities: and facts: blocks written with {{column}} for a row's cell")
    table = _read_rows(rows)
    header = table[0] if table else []
    for name in sorted({m for text in _texts(template) for m in CELL.findall(text)} - set(header)):
        raise InputError(f"{mapping}: {{{name}}} names no column of {rows}; its columns are {', '.join(header)}")
    entries: dict[str, tuple[Where, Node]] = {"source": described.entries["source"]}
    for block in ("entities", "facts"):
        items = template.get(block)
        if isinstance(items, Sequence):
            filled = [f for number, row in enumerate(table[1:], 2) for item in items.items if (f := _fill(item, dict(zip(header, row)), header, Where(str(rows), number, 1))) is not None]
            entries[block] = (items.where, Sequence(filled, items.where))
    return Mapping(entries, template.where)


def _read_rows(rows: Path) -> list[list[str]]:
    try:
        with rows.open(encoding="utf-8-sig", newline="") as file:
            table = [row for row in csv.reader(file)]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"{rows}: cannot be read as CSV in UTF-8: {error}") from None
    if len(table) < 2:
        raise InputError(f"{rows}: needs a header line naming the columns and at least one row")
    return table


def _fill(node: Node, row: dict[str, str], header: list[str], line: Where) -> Node | None:
    """`node` with each `{column}` replaced by the row's cell, placed at the row."""
    if isinstance(node, Scalar):
        names = CELL.findall(node.text)
        text = CELL.sub(lambda m: row.get(m[1], "").strip(), node.text)
        if names and not any(row.get(n, "").strip() for n in names):
            return None
        column = header.index(names[0]) + 1 if names else 1
        return Scalar(text, Where(line.file, line.line, column), quoted=node.quoted)
    if isinstance(node, Sequence):
        items = [_fill(item, row, header, line) for item in node.items]
        if any(item is None for item in items) and len(node.items) == 3 and all(isinstance(i, Scalar) for i in node.items):
            return None  # a [subject, relation, object] row missing a part
        kept = [item for item in items if item is not None]
        return Sequence(kept, Where(line.file, line.line, 1)) if kept else None
    entries = {key: (Where(line.file, line.line, 1), filled) for key, (_, value) in node.entries.items() if (filled := _fill(value, row, header, line)) is not None}
    if {"subject", "relation", "object"} & set(node.entries) and not {"subject", "relation", "object"} <= set(entries):
        return None  # a fact row missing a part
    return Mapping(entries, Where(line.file, line.line, 1)) if entries else None


def _texts(node: Node) -> list[str]:
    if isinstance(node, Scalar):
        return [node.text]
    if isinstance(node, Sequence):
        return [t for item in node.items for t in _texts(item)]
    return [t for _, value in node.entries.values() for t in _texts(value)]
