"""`/health`: is the service up and can it read its store."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import KnowledgeGraph
from graph import engine_of

router = APIRouter(tags=["operations"])


@router.get(
    "/health",
    responses={200: {"content": {"application/json": {"example": {"status": "ok", "quads": 1234}}}}},
)
def health(kg: KnowledgeGraph) -> dict[str, object]:
    """Liveness plus the number of quads, which proves the store answers."""
    return {"status": "ok", "quads": len(engine_of(kg))}
