"""Read a fact sheet's YAML keeping where each value stands (line and column), so that every
problem found later can point at it.

PyYAML's composer gives each scalar, list and mapping its position; the values are rebuilt from
those nodes with the positions attached. Every scalar stays the text written: its datatype comes
from the relation it fills (`2021-04` is a year and month where a date is expected, `1987` a
year), not from YAML 1.1's guesses (which would read `no` as false and `1e3` as text).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Union

import yaml

from graph.errors import InputError

@dataclass(frozen=True)
class Where:
    """A place in a sheet: file, line and column, both counted from 1."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Scalar:
    """A value as written; `quoted` when written in quotes (then never empty by accident)."""

    text: str
    where: Where
    quoted: bool = False


@dataclass(frozen=True)
class Sequence:
    items: list[Node]
    where: Where


@dataclass(frozen=True)
class Mapping:
    """Keys in the order written; each key's own position kept for messages about the key."""

    entries: dict[str, tuple[Where, Node]]
    where: Where

    def get(self, key: str) -> Node | None:
        found = self.entries.get(key)
        return found[1] if found else None


Node = Union[Scalar, Sequence, Mapping]


def read_sheet(text: str, name: str) -> Node:
    """The sheet `text` (called `name` in messages) as positioned nodes; malformed YAML is an
    InputError naming the line and column."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        place = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise InputError(f"{place}: not YAML: {error.problem}; check the indentation and quote text containing ': ' or '#'") from None
    if root is None:
        raise InputError(f"{name}: the sheet is empty; it needs at least a source: block")
    return _node(root, name)


def read_sheet_file(path: Path) -> Node:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot be read as UTF-8 text: {error}") from None
    return read_sheet(text, str(path))


def _node(node: yaml.Node, name: str) -> Node:
    where = Where(name, node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return Scalar(str(node.value), where, node.style in ("'", '"'))
    if isinstance(node, yaml.SequenceNode):
        return Sequence([_node(item, name) for item in node.value], where)
    entries: dict[str, tuple[Where, Node]] = {}
    for key, value in node.value:
        key_where = Where(name, key.start_mark.line + 1, key.start_mark.column + 1)
        if not isinstance(key, yaml.ScalarNode):
            raise InputError(f"{key_where}: a key must be plain text")
        if key.value in entries:
            raise InputError(f"{key_where}: {key.value!r} is given twice in this block; keep one")
        entries[str(key.value)] = (key_where, _node(value, name))
    return Mapping(entries, where)
