"""An entity's page for browsers: its names in every language, facts grouped by relation with
dates and sources, its ties, its ledger rows, and a neighbourhood graph drawn by `graph.js`."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.pages.render import page
from graph.connections import Connections, tie_kinds
from graph.ledger import LedgerQuery, ledger

TIES_SHOWN = 10
LEDGER_SHOWN = 50


def entity_page(request: Request, engine: Any, connections: Connections, described: dict[str, Any]) -> HTMLResponse:
    """The page of the entity `described` (as `graph.entities.describe` gives it)."""
    iri = described["iri"]
    ties = [found for kind in tie_kinds() if (found := connections.ties(kind, iri, limit=TIES_SHOWN))["total"]]
    rows = ledger(engine, LedgerQuery(recipient=iri, limit=LEDGER_SHOWN)) if described.get("ledger") else None
    return page(
        request,
        "entity.html",
        entity=described,
        outgoing=_grouped(described["outgoing"]["edges"]),
        incoming=_grouped(described["incoming"]["edges"]),
        ties=ties,
        ledger=rows,
    )


def _grouped(edges: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Edges by relation, in the order the page lists them."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for edge in edges:
        groups.setdefault(edge["predicate_label"] or edge["predicate"], []).append(edge)
    return list(groups.items())
