"""`/store`: the SPARQL 1.1 Graph Store HTTP Protocol — whole graphs by GET, PUT, POST, DELETE."""

from __future__ import annotations

import uuid
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from api.auth import Writer
from api.deps import KnowledgeGraph
from api.errors import error_response
from api.negotiation import choose
from graph import InputError
from graph.load import drop_graph, rdf_format_for, read_graph, write_graph
from graph.model import SOURCE, checked_iri

router = APIRouter(tags=["graph store"])
GRAPH_TYPES = {f.media_type: f for f in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML)}
IRI = {"format": "iri"}
GraphParameter = Annotated[str | None, Query(alias="graph", description="IRI of a named graph; without it, the union of all graphs", examples=["https://tiegraph.org/source/d45ea5260ee2b7ad"], json_schema_extra=IRI)]
# Writes are shown on a scratch graph: an example tried from /docs must not destroy seed data.
# Required to succeed (api/openapi.py says so); absent, the answer explains that the union is read-only.
WrittenGraphParameter = Annotated[str | None, Query(alias="graph", description="IRI of a named source graph", examples=["https://tiegraph.org/source/notes"], json_schema_extra=IRI)]
NewGraphParameter = Annotated[str | None, Query(alias="graph", description="IRI of a named source graph; without it, a new graph is made", examples=["https://tiegraph.org/source/notes"], json_schema_extra=IRI)]
# `?default` names the union as the protocol spells it; undocumented, as `graph` absent says the same.
DefaultParameter = Annotated[str | None, Query(alias="default", include_in_schema=False)]
RDF_BODY = {"requestBody": {"required": True, "content": {media_type: {"schema": {"type": "string"}, "example": "<https://tiegraph.org/id/xpeng> <http://www.w3.org/2000/01/rdf-schema#comment> \"A note.\"@en ."} for media_type in GRAPH_TYPES}}}


def _target(graph: str | None, default: str | None) -> str | None:
    """The named graph addressed, or None for the default graph (`?default`, or no parameter)."""
    if graph is not None and default is not None:
        raise InputError("address one graph: ?graph=<IRI> or ?default, not both")
    return None if graph is None else checked_iri(graph, "graph")


def _writable(graph: str | None, default: str | None) -> str:
    target = _target(graph, default)
    if target is None:
        raise InputError("the default graph is the union of all named graphs and is read-only; write to ?graph=<IRI>")
    return target


@router.get("/store", summary="Read a named graph, or the union of all graphs")
async def read(request: Request, kg: KnowledgeGraph, graph: GraphParameter = None, default: DefaultParameter = None) -> Response:
    """Turtle by default; N-Triples, JSON-LD or RDF/XML by Accept."""
    return await _read(request, kg, graph, default)


@router.head("/store", summary="Headers of a read, without the body")
async def read_headers(request: Request, kg: KnowledgeGraph, graph: GraphParameter = None, default: DefaultParameter = None) -> Response:
    """What GET would answer, less the body."""
    return await _read(request, kg, graph, default)


async def _read(request: Request, kg: KnowledgeGraph, graph: str | None, default: str | None) -> Response:
    target = _target(graph, default)
    media_type = choose(request.headers.get("accept"), list(GRAPH_TYPES))
    if media_type is None:
        return error_response(406, "NotAcceptable", f"a graph can be sent as {', '.join(GRAPH_TYPES)}")
    body = await run_in_threadpool(read_graph, kg, target, GRAPH_TYPES[media_type])
    return Response(b"" if request.method == "HEAD" else body, media_type=media_type, headers={"Content-Length": str(len(body))})


@router.put("/store", status_code=201, summary="Replace a named graph (token required)", responses={201: {"description": "created"}, 204: {"description": "replaced"}}, openapi_extra=RDF_BODY)
async def replace(request: Request, kg: KnowledgeGraph, _: Writer, graph: WrittenGraphParameter = None, default: DefaultParameter = None) -> Response:
    """The body's triples become the graph's whole content, after validation."""
    return await _write(request, kg, _writable(graph, default), merge=False)


@router.post("/store", status_code=201, summary="Add triples to a named graph, or create one (token required)", responses={201: {"description": "created"}, 204: {"description": "added"}}, openapi_extra=RDF_BODY)
async def merge(request: Request, kg: KnowledgeGraph, _: Writer, graph: NewGraphParameter = None, default: DefaultParameter = None) -> Response:
    """With ?graph, the body's triples join the graph; with no parameter, a new graph is made."""
    if graph is None and default is None:
        return await _write(request, kg, f"{SOURCE}upload/{uuid.uuid4()}", merge=False)
    return await _write(request, kg, _writable(graph, default), merge=True)


@router.delete("/store", status_code=204, summary="Drop a named graph (token required)")
async def delete(request: Request, kg: KnowledgeGraph, _: Writer, graph: WrittenGraphParameter = None, default: DefaultParameter = None) -> Response:
    """The graph and every fact in it are removed."""
    target = _writable(graph, default)
    async with request.app.state.write_lock:
        await run_in_threadpool(drop_graph, kg, target)
        request.app.state.query_pool.renew()
    return Response(status_code=204)


async def _write(request: Request, kg: KnowledgeGraph, target: str, merge: bool) -> Response:
    rdf_format = rdf_format_for(request.headers.get("content-type", ""))
    body = await request.body()
    async with request.app.state.write_lock:
        created = await run_in_threadpool(write_graph, kg, target, body, rdf_format, merge)
        request.app.state.query_pool.renew()
    if created:
        return Response(status_code=201, headers={"Location": f"{request.url.path}?graph={target}"})
    return Response(status_code=204)

