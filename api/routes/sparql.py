"""`/sparql`: the SPARQL 1.1 Protocol — queries by GET or POST, updates by POST with the token."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.auth import require_writer
from api.deps import AppSettings, KnowledgeGraph
from api.errors import error_response
from api.negotiation import choose
from api.query_runner import QueryRequest
from api.service_description import SERVICE_DESCRIPTION_TYPES, describe_service
from graph import InputError, QueryTimeout
from api.forkpool import WorkTimedOut
from graph.model import checked_iri
from graph.query import apply_update

router = APIRouter(tags=["sparql"])
EXAMPLE = "SELECT ?firm ?label WHERE { ?firm a tg:Company ; rdfs:label ?label } LIMIT 10"
FORM = "application/x-www-form-urlencoded"
DIRECT_QUERY = "application/sparql-query"
DIRECT_UPDATE = "application/sparql-update"
QUERY_PARAMETERS = [
    {"name": "query", "in": "query", "schema": {"type": "string"}, "example": EXAMPLE},
    {"name": "default-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string", "format": "iri"}}},
    {"name": "named-graph-uri", "in": "query", "schema": {"type": "array", "items": {"type": "string", "format": "iri"}}},
]


@router.get("/sparql", summary="Run a SPARQL query given in the URL", openapi_extra={"parameters": QUERY_PARAMETERS})
async def query_by_get(request: Request, kg: KnowledgeGraph, settings: AppSettings) -> Response:
    """Results in the format the Accept header asks for; without a query, the service description."""
    params = parse_qs(request.url.query, keep_blank_values=True)  # UTF-8 already (api/query_string.py)
    if "update" in params:
        raise InputError("updates must be sent with POST, not GET")
    if "query" not in params:
        _iris(params, "default-graph-uri"), _iris(params, "named-graph-uri")  # refused even with no query to apply them to
        media_type = choose(request.headers.get("accept"), SERVICE_DESCRIPTION_TYPES)
        if media_type is None:
            raise InputError("give a SPARQL query in the 'query' parameter (ask for text/turtle to get the service description)")
        return Response(describe_service(_endpoint(request), media_type), media_type=media_type)
    return await _answer(kg, settings, request, _one(params, "query"), params)


@router.post(
    "/sparql",
    summary="Run a SPARQL query, or an update with the bearer token",
    openapi_extra={"requestBody": {"content": {DIRECT_QUERY: {"example": EXAMPLE}, FORM: {"example": {"query": EXAMPLE}}, DIRECT_UPDATE: {"example": "INSERT DATA { GRAPH <https://tiegraph.org/source/notes> { … } }"}}}},
)
async def query_or_update_by_post(request: Request, kg: KnowledgeGraph, settings: AppSettings) -> Response:
    """`query=` or `update=` form-encoded, or the SPARQL text with its own content type."""
    content_type, _, parameters = request.headers.get("content-type", "").partition(";")
    content_type = content_type.strip().lower()
    params = parse_qs(request.url.query, keep_blank_values=True)  # UTF-8 already (api/query_string.py)
    body = _utf8(await request.body(), parameters)
    if content_type == FORM:
        params = {**params, **_form(body, "the form body")}
        if "query" in params and "update" in params:
            raise InputError("send either 'query' or 'update', not both")
        if "update" in params:
            return await _update(request, kg, settings, _one(params, "update"), params)
        return await _answer(kg, settings, request, _one(params, "query"), params)
    if content_type == DIRECT_QUERY:
        return await _answer(kg, settings, request, body, params)
    if content_type == DIRECT_UPDATE:
        return await _update(request, kg, settings, body, params)
    raise InputError(f"POST /sparql needs Content-Type {FORM}, {DIRECT_QUERY} or {DIRECT_UPDATE}, not {content_type or 'none'}")


def _form(encoded: str, where: str) -> dict[str, list[str]]:
    """A form body's parameters, refused when they decode to anything but UTF-8 (the URL's own
    query string is checked for every route by api/query_string.py)."""
    try:
        return parse_qs(encoded, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as error:
        raise InputError(f"{where} has a percent-encoded byte sequence that is not UTF-8 ({error.reason}); encode the text as UTF-8") from None


def _utf8(body: bytes, content_type_parameters: str) -> str:
    charset = next((v.strip().strip('"').lower() for k, _, v in (p.partition("=") for p in content_type_parameters.split(";")) if k.strip().lower() == "charset"), "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise InputError(f"the body must be UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"the body is not valid UTF-8 (byte {error.start}); send UTF-8 text") from None


def _one(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name, [])
    if len(values) != 1:
        raise InputError(f"give exactly one '{name}' parameter; got {len(values)}")
    return values[0]


async def _answer(kg: KnowledgeGraph, settings: AppSettings, request: Request, sparql: str, params: dict[str, list[str]]) -> Response:
    query = QueryRequest(sparql, _iris(params, "default-graph-uri"), _iris(params, "named-graph-uri"), request.headers.get("accept"), _endpoint(request))
    try:
        answered = await run_in_threadpool(request.app.state.query_pool.run, query, settings.query_timeout)
    except WorkTimedOut:
        raise QueryTimeout(
            f"the query was stopped after TIEGRAPH_QUERY_TIMEOUT={settings.query_timeout:g} s; narrow it (LIMIT, more specific patterns) or ask for a longer limit"
        ) from None
    if answered.media_type is None:
        return error_response(406, "NotAcceptable", f"cannot answer in {query.accept!r}; this result can be {', '.join(answered.offers)}")
    if not isinstance(answered.body, bytes):  # a remote store's answer, streamed as it arrives
        return StreamingResponse(answered.body, media_type=answered.media_type)
    headers = {"X-Tiegraph-Row-Limit": str(settings.max_rows)} if settings.max_rows else {}
    if answered.truncated:
        headers["X-Tiegraph-Truncated"] = f"true; only the first {settings.max_rows} rows are sent (TIEGRAPH_MAX_ROWS)"
    return Response(answered.body, media_type=answered.media_type, headers=headers)


async def _update(request: Request, kg: KnowledgeGraph, settings: AppSettings, sparql: str, params: dict[str, list[str]]) -> Response:
    require_writer(request, settings)
    using, using_named = _iris(params, "using-graph-uri"), _iris(params, "using-named-graph-uri")
    async with request.app.state.write_lock:
        changed = await run_in_threadpool(apply_update, kg, sparql, settings.service_allow, using, using_named, _endpoint(request))
        request.app.state.query_pool.renew()
    return Response(status_code=204, headers={"X-Tiegraph-Changed-Graphs": ", ".join(changed)})


def _iris(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    """The protocol's graph parameters, each checked to be an absolute IRI."""
    return tuple(checked_iri(value, name) for value in params.get(name, []))


def _endpoint(request: Request) -> str:
    """This endpoint's URL: the base IRI of relative IRIs in queries and updates."""
    return str(request.url.replace(query=""))
