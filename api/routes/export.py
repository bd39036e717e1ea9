"""`/export/graph.gexf` and `/export/graph.graphml`: the graph or a subgraph as a download.

No `from __future__ import annotations` here: each route's parameters depend on its format, and
FastAPI reads annotations that name a closure's variables only when they are evaluated at once."""

import tempfile
from collections.abc import Iterator
from typing import IO, Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.deps import AppSettings, KnowledgeGraph
from graph.connections import index_directory
from graph.export import EXPORT_FORMATS, ExportRequest, export_graph, size_choices

CHUNK = 1 << 20
EXAMPLE_CONSTRUCT = "CONSTRUCT { ?i tg:grantor ?g ; tg:recipient ?r } WHERE { ?i a tg:Incentive ; tg:grantor ?g ; tg:recipient ?r }"


def export_router() -> APIRouter:
    """Both export routes; built with the app, as the sizes on offer are read from the ontology."""
    router = APIRouter(tags=["export"])
    for export_format in EXPORT_FORMATS:
        _route(router, export_format)
    return router


def _route(router: APIRouter, suffix: str) -> None:
    @router.get(
        f"/export/graph.{suffix}",
        summary=f"The graph, or a subgraph, as {'GEXF 1.3 for Gephi' if suffix == 'gexf' else 'GraphML for Cytoscape, yEd and igraph'}",
        response_class=StreamingResponse,
        responses={200: {"content": {EXPORT_FORMATS[suffix]: {"example": f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{'gexf' if suffix == 'gexf' else 'graphml'} …>"}}}},
        name=f"export_{suffix}",
    )
    async def export(
        kg: KnowledgeGraph,
        settings: AppSettings,
        dynamic: Annotated[bool, Depends(_timeline if suffix == "gexf" else _no_timeline)],
        events: Annotated[Literal["nodes", "edges"], Query(description="Events as nodes, or as edges carrying their attributes.")] = "nodes",
        around: Annotated[list[str], Query(description="Only the neighbourhood of this entity; repeat for several, drawn together.", examples=["tgid:xpeng"])] = [],  # noqa: B006 - FastAPI copies defaults
        radius: Annotated[int, Query(ge=0, description="Relations to follow from `around`.")] = 1,
        types: Annotated[list[str], Query(description="Only entities of these classes (repeat, or comma-separated).", examples=["Company,City"])] = [],  # noqa: B006 - FastAPI copies defaults
        construct: Annotated[str | None, Query(description="Only the result of this SPARQL CONSTRUCT.", examples=[EXAMPLE_CONSTRUCT])] = None,
        size_by: Annotated[str, Query(description="Node size from degree or a numeric attribute.", examples=["degree", "amount"], json_schema_extra={"enum": list(size_choices())})] = "degree",
    ) -> StreamingResponse:
        request = ExportRequest(
            format=suffix, dynamic=dynamic, events=events, around=tuple(around), radius=radius,
            types=tuple(name.strip() for value in types for name in value.split(",") if name.strip()),
            construct=construct, size_by=size_by,
        )
        # Written to a temporary file in a worker thread, then streamed: memory stays flat.
        spool = tempfile.TemporaryFile()
        try:
            await run_in_threadpool(export_graph, kg, spool, request, cache=index_directory(settings))
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        name = f"tiegraph-{'-'.join(map(_slug, around))}.{suffix}" if around else f"tiegraph.{suffix}"
        return StreamingResponse(_chunks(spool), media_type=EXPORT_FORMATS[suffix], headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _timeline(dynamic: Annotated[bool, Query(description="Spells on dated facts for Gephi's timeline.")] = False) -> bool:
    return dynamic


def _no_timeline() -> bool:
    """GraphML has no timeline, so its route does not offer `dynamic` at all."""
    return False


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := spool.read(CHUNK):
            yield chunk
    finally:
        spool.close()


def _slug(entity: str) -> str:
    tail = entity.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].rsplit("#", 1)[-1]
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in tail) or "entity"

