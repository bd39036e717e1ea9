"""A page of ties (`Connections.ties`) as flat rows of plain values, for CSV or a DataFrame: rank,
score, each key entity (label and id), each summary value joined by `; `, and the sources of the
evidence on one line."""

from __future__ import annotations

from typing import Any

from graph.connections.ties import tie_kind
from graph.ledger import cited


def tie_rows(page: dict[str, Any]) -> tuple[list[str], list[dict[str, object]]]:
    """The columns and the rows of `page`, one row per tie, best first."""
    kind = tie_kind(page["kind"])
    columns = ["rank", "score", *(f"{k}{suffix}" for k in kind.key for suffix in ("", "_id")), *kind.show, "evidence_facts", "sources"]
    rows = []
    for tie in page["ties"]:
        row: dict[str, object] = {"rank": tie["rank"], "score": tie["score"], "evidence_facts": len(tie["evidence"])}
        for name in kind.key:
            value = tie["key"].get(name)
            row[name], row[f"{name}_id"] = (_text(value), value.get("id")) if isinstance(value, dict) else (value, None)
        for name in kind.show:
            row[name] = "; ".join(_text(v) for v in tie["summary"].get(name, []))
        seen = {s["iri"]: s for fact in tie["evidence"] for s in fact["sources"]}
        row["sources"] = cited(sorted(seen.values(), key=lambda s: s["iri"]))
        rows.append(row)
    return columns, rows


def _text(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("label") or value.get("id") or value.get("iri"))
    return str(value)
