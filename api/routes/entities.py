"""`/entities/{id}`: one entity with its names, classes, attributes and paged edges; `/id/{id}`
answers the entity's own IRI with a 303 redirect here (an IRI names the thing, this the page)."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import URL
from starlette.exceptions import HTTPException

from api.deps import ConnectionIndex, KnowledgeGraph, NameIndex
from api.negotiation import choose
from api.pages import HTML, entity_page
from graph import engine_of
from graph.store import store_revision
from graph.entities import ID_SYNTAX, describe, entity_iri, entity_rdf, MAX_LIMIT, MEDIA_TYPES, Page, Suggest
from graph.search import SearchIndex

router = APIRouter(tags=["entities"])
OFFERS = ["application/json", HTML, *MEDIA_TYPES]
SUGGESTIONS = 5
PAGE_EDGES = 200  # edges per direction on a browser's page
EntityId = Annotated[str, Path(description="The id after https://tiegraph.org/id/, a prefixed name (tgid:lei-jun) or a full IRI.", examples=["lei-jun"])]
SOURCE = {"iri": "https://tiegraph.org/source/d45ea5260ee2b7ad", "title": "Chinese local governments court Xiaomi's car project and back NIO and XPeng", "issued": "2021-04"}
EXAMPLE = {
    "id": "lei-jun",
    "iri": "https://tiegraph.org/id/lei-jun",
    "label": "Lei Jun",
    "types": [{"iri": "https://tiegraph.org/ontology#Person", "label": "Person"}],
    "labels": {"en": ["Lei Jun"], "zh": ["雷军"]},
    "aliases": {},
    "attributes": [],
    "outgoing": {
        "total": 4,
        "offset": 0,
        "limit": 1,
        "edges": [
            {
                "predicate": "https://tiegraph.org/ontology#bornIn",
                "predicate_label": "born in",
                "neighbour": {"id": "cn-429004", "iri": "https://tiegraph.org/id/cn-429004", "label": "Xiantao", "types": [{"iri": "https://tiegraph.org/ontology#CountyLevelCity", "label": "County-level city"}]},
                "sources": [SOURCE],
                "date": "2021-04",
            }
        ],
        "next_offset": 1,
        "next": "/entities/lei-jun?limit=1&offset=1",
    },
    "incoming": {"total": 5, "offset": 0, "limit": 1, "edges": [], "next_offset": 1, "next": "/entities/lei-jun?limit=1&offset=1"},
}
RDF_EXAMPLES = {
    "text/turtle": {"example": "@prefix tgid: <https://tiegraph.org/id/> .\ntgid:lei-jun a tg:Person ;\n\trdfs:label \"Lei Jun\"@en , \"雷军\"@zh ;\n\ttg:bornIn tgid:cn-429004 ."},
    "application/ld+json": {"example": {"@context": {"tgid": "https://tiegraph.org/id/"}, "@graph": [{"@id": "tgid:lei-jun", "tg:bornIn": [{"@id": "tgid:cn-429004"}]}]}},
}


def _relative(url: URL) -> str:
    return f"{url.path}?{url.query}"


def _suggester(index: SearchIndex) -> Suggest:
    """Close ids and labels for an unknown id: its words searched for together, then one by one
    (longest first), typos forgiven, so `lei-jn` still suggests lei-jun."""

    def suggest(entity_id: str) -> list[tuple[str, str | None]]:
        found: list[str] = []
        parts = [w for w in re.split(r"[\W_]+", entity_id) if w]
        for text in [" ".join(parts), *sorted(parts, key=len, reverse=True)] if parts else []:
            found += [hit.iri for hit in index.search(text, limit=SUGGESTIONS) if hit.iri not in found]
        named = index.engine.labels_by_language(found[:SUGGESTIONS])
        return [(iri, _english(named.get(iri, {}))) for iri in found[:SUGGESTIONS]]

    return suggest


def _english(labels: dict[str, list[str]]) -> str | None:
    return next(iter(labels.get("en") or labels.get("") or [v for vs in labels.values() for v in vs]), None)


@router.get(
    "/entities/{entity_id:path}",
    summary="One entity, its names, classes, attributes and edges with their sources",
    responses={200: {"content": {"application/json": {"example": EXAMPLE}, **RDF_EXAMPLES}}, 404: {"content": {"application/json": {"example": {"error": {"status": 404, "type": "NotFound", "message": "no entity has the id \"lei-jn\"; did you mean lei-jun (Lei Jun), lei-jun-ceo-xiaomi (Lei Jun, CEO of Xiaomi)?"}}}}}},
)
def entity(
    request: Request,
    kg: KnowledgeGraph,
    index: NameIndex,
    connections: ConnectionIndex,
    entity_id: EntityId,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Edges per direction on this page.")] = 50,
    offset: Annotated[int, Query(ge=0, description="Edges to skip in each direction.")] = 0,
) -> Response:
    """JSON by default; Turtle or JSON-LD (with an `@context` of our prefixes) by `Accept`.
    A plain `def`: the SPARQL queries run in a worker thread."""
    media_type = choose(request.headers.get("accept"), OFFERS)
    if media_type is None:
        raise HTTPException(406, f"no representation fits Accept: {request.headers.get('accept')}; offered: {', '.join(OFFERS)}")
    engine, page = engine_of(kg), Page(offset, limit)
    revision = store_revision(engine)
    if media_type == HTML:  # a browser: the explorer's page, facts and ties in one place
        return entity_page(request, engine, connections, describe(engine, entity_id, Page(offset, max(limit, PAGE_EDGES)), _suggester(index)))
    if media_type != "application/json":
        iri = entity_iri(engine, entity_id, _suggester(index))
        response = Response(entity_rdf(engine, iri, media_type, page), media_type=media_type, headers={"Vary": "Accept"})
        _keep(request, entity_id, revision, response, media_type)
        return response
    described = describe(engine, entity_id, page, _suggester(index))
    for direction in ("outgoing", "incoming"):
        edges = described[direction]
        next_offset = edges["next_offset"]  # type: ignore[index]
        edges["next"] = _relative(request.url.include_query_params(offset=next_offset, limit=limit)) if next_offset is not None else None  # type: ignore[index]
    response = JSONResponse(described, headers={"Vary": "Accept"})
    _keep(request, entity_id, revision, response, media_type)
    return response


def _keep(request: Request, entity_id: str, revision: str, response: Response, media_type: str) -> None:
    """Keep a first page asked for plainly; api/kept_pages.py answers it next time."""
    if request.app.state.pages is not None and not request.url.query and ID_SYNTAX.fullmatch(entity_id):
        request.app.state.pages.keep(entity_id, revision, bytes(response.body), media_type)


@router.get(
    "/id/{entity_id:path}",
    summary="An entity's IRI: 303 See Other to its description",
    status_code=303,
    responses={303: {"description": "The entity exists; its description is at Location.", "headers": {"Location": {"schema": {"type": "string"}, "example": "/entities/lei-jun"}}, "content": {"application/json": {"example": None}}}},
)
def dereference(request: Request, kg: KnowledgeGraph, index: NameIndex, entity_id: EntityId) -> RedirectResponse:
    """`https://tiegraph.org/id/lei-jun` names Lei Jun, not a document, so, as Linked Data does,
    the server answers 303 with the document's location; the query string is kept."""
    entity_iri(engine_of(kg), entity_id, _suggester(index))
    target = request.url_for("entity", entity_id=entity_id).path
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"{target}{query}", status_code=303)
