"""`/sparql`: SPARQL 1.1 queries by GET, form POST or direct POST, answered by Oxigraph."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.deps import KnowledgeGraph
from graph import InputError, run_query
from graph.results import default_format, serialize_result

router = APIRouter(tags=["sparql"])
EXAMPLE = "SELECT ?firm ?label WHERE { ?firm a tg:Company ; rdfs:label ?label } LIMIT 10"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


@router.get("/sparql", summary="Run a SPARQL query given in the URL", openapi_extra={"parameters": [{"name": "query", "in": "query", "required": True, "schema": {"type": "string"}, "example": EXAMPLE}]})
async def query_by_get(request: Request, kg: KnowledgeGraph) -> Response:
    """SELECT and ASK answer SPARQL JSON results; CONSTRUCT and DESCRIBE answer N-Triples."""
    return await _answer(kg, _single_query(parse_qs(request.url.query)))


@router.post("/sparql", summary="Run a SPARQL query sent in the body", openapi_extra={"requestBody": {"content": {DIRECT: {"example": EXAMPLE}, FORM: {"example": {"query": EXAMPLE}}}}})
async def query_by_post(request: Request, kg: KnowledgeGraph) -> Response:
    """The body is either `query=` form-encoded or the SPARQL text itself."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    body = (await request.body()).decode("utf-8")
    if content_type == FORM:
        return await _answer(kg, _single_query(parse_qs(body)))
    if content_type == DIRECT:
        return await _answer(kg, body)
    raise InputError(f"POST /sparql needs Content-Type {FORM} or {DIRECT}, not {content_type or 'none'}")


def _single_query(params: dict[str, list[str]]) -> str:
    queries = params.get("query", [])
    if len(queries) != 1:
        raise InputError(f"give exactly one 'query' parameter; got {len(queries)}")
    return queries[0]


async def _answer(kg: KnowledgeGraph, sparql: str) -> Response:
    # The engine releases the GIL while it works, so a worker thread keeps other requests moving.
    def evaluate() -> tuple[bytes, str]:
        result = run_query(kg, sparql)
        return serialize_result(result, default_format(result))

    body, media_type = await run_in_threadpool(evaluate)
    return Response(body, media_type=media_type)
