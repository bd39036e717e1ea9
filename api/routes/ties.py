"""`/ties`: named patterns (founder-hometown, alma-mater, …), ranked, with their evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ConnectionIndex

router = APIRouter(tags=["paths and ties"])
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


@router.get("/ties/{kind}", summary="Ranked ties of one kind, with evidence", responses={200: {"content": {"application/json": {"example": TIES_EXAMPLE}}}})
def ties(
    connections: ConnectionIndex,
    kind: str,
    entity: Annotated[str | None, Query(description="Only ties involving this entity (id, IRI or label).", examples=["Lei Jun"])] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
) -> dict[str, object]:
    """A page of ties, best first; each with its key entities, a summary and the facts behind it."""
    return connections.ties(kind, entity, offset, limit)
