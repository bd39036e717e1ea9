"""`/ties`: named patterns (founder-hometown, alma-mater, …), ranked, with their evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from api.deps import ConnectionIndex
from graph import InputError
from graph.connections import tie_rows
from graph.export import csv_text

router = APIRouter(tags=["paths and ties"])
CSV = "text/csv"
KINDS_EXAMPLE = [{"kind": "founder-hometown", "title": "Founder-hometown ties", "description": "A firm whose founder …", "key": ["founder", "firm"], "show": ["region", "strength"], "query": "PREFIX tg: … SELECT …", "count": 2}]
TIES_EXAMPLE = {
    "kind": "founder-hometown",
    "title": "Founder-hometown ties",
    "entity": None,
    "total": 2,
    "offset": 0,
    "limit": 20,
    "ties": [
        {
            "rank": 1,
            "score": 6.0,
            "key": {"founder": {"id": "william-li", "label": "William Li"}, "firm": {"id": "nio", "label": "NIO"}},
            "summary": {"region": [{"id": "cn-340100", "label": "Hefei"}], "strength": ["city"]},
            "evidence": [{"subject": "https://tiegraph.org/id/william-li", "predicate": "https://tiegraph.org/ontology#hometown", "object": "https://tiegraph.org/id/cn-340100", "date": "2021-04", "sources": []}],
        }
    ],
}


@router.get("/ties", summary="The kinds of ties, with their SPARQL", responses={200: {"content": {"application/json": {"example": KINDS_EXAMPLE}}}})
def tie_kinds(connections: ConnectionIndex) -> list[dict[str, object]]:
    """Every tie kind: what it means, the query that finds it, and how many ties it finds now."""
    return connections.kinds()


@router.get("/ties/{kind}", summary="Ranked ties of one kind, with evidence", responses={200: {"content": {"application/json": {"example": TIES_EXAMPLE}, CSV: {"example": "rank,score,founder,founder_id,…"}}}})
def ties(
    request: Request,
    connections: ConnectionIndex,
    kind: str,
    entity: Annotated[str | None, Query(description="Only ties involving this entity (id, IRI or label).", examples=["Lei Jun"])] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    format: Annotated[str | None, Query(description="json or csv; else the Accept header decides.")] = None,  # noqa: A002
) -> Response:
    """A page of ties, best first; each with its key entities, a summary and the facts behind it.
    As CSV (`format=csv` or `Accept: text/csv`): the page's ties, one per line, with the sources
    of their evidence."""
    wanted = (format or ("csv" if CSV in request.headers.get("accept", "") else "json")).lower()
    if wanted not in ("json", "csv"):
        raise InputError(f"format is json or csv, not {format!r}")
    page = connections.ties(kind, entity, offset, limit)
    if wanted == "json":
        return JSONResponse(page)
    columns, rows = tie_rows(page)
    headers = {"content-disposition": f'attachment; filename="ties-{page["kind"]}.csv"'}
    return Response(csv_text(rows, columns).encode("utf-8"), media_type="text/csv; charset=utf-8", headers=headers)
