"""How RDF literals become property-graph attribute values: typed numbers and booleans, dates as
Gephi spells, and labels grouped by language. Shared by every export through `graph.export.projection`."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable

import pyoxigraph as ox

from graph.model.labels import best_label

from graph.store.ntriples_lines import Literal

Value = str | int | float | bool
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {f"{XSD}{name}": float for name in ("decimal", "double", "float")} | {
    f"{XSD}{name}": int for name in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")
}
DATE_PREFIX = re.compile(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def typed_value(lit: Literal) -> Value:
    """Numbers stay numbers and booleans booleans; everything else is its lexical form."""
    if lit.datatype in NUMBERS:
        try:
            return NUMBERS[lit.datatype](lit.value)
        except ValueError:
            return lit.value
    if lit.datatype == f"{XSD}boolean":
        return lit.value in ("true", "1")
    return lit.value


def spell_start(lit: Literal) -> str | None:
    """An xsd:date for the start of a date, year-month or year (Gephi's timeformat="date")."""
    found = DATE_PREFIX.match(lit.value)
    return f"{found[1]}-{found[2] or '01'}-{found[3] or '01'}" if found else None


def spell_end(lit: Literal) -> str | None:
    """An xsd:date for the last day of a date, year-month or year."""
    found = DATE_PREFIX.match(lit.value)
    if not found:
        return None
    month = found[2] or "12"
    day = found[3] or str(calendar.monthrange(int(found[1]), int(month))[1])
    return f"{found[1]}-{month}-{day}"


def by_language(labels: Iterable[Literal] | Iterable[ox.Literal]) -> dict[str, list[str]]:
    """Label texts by language tag ("none" for an untagged label), in the order given."""
    grouped: dict[str, list[str]] = {}
    for found in labels:
        grouped.setdefault(found.language or "none", []).append(found.value)
    return grouped


def grouped_best_label(grouped: dict[str, list[str]]) -> str | None:
    """The label to show (`graph.model.labels`) among labels grouped by language."""
    return best_label((None if language == "none" else language, value) for language, values in grouped.items() for value in values)


def label_attributes(grouped: dict[str, list[str]]) -> dict[str, Value]:
    """`label_en`, `label_zh`…: every label, one attribute per language, each list sorted."""
    return {f"label_{language}": " | ".join(sorted(values)) for language, values in sorted(grouped.items())}
