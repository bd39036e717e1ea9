"""Build the FastAPI application from settings and an open knowledge graph."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from fastapi.middleware.cors import CORSMiddleware
from rdflib import Dataset

from api.access_log import AccessLog
from api.kept_pages import KeptPages
from api.errors import install_error_handlers
from api.limits import BodySizeLimit
from api.openapi import describe_as_served
from api import pages
from api.pages import mount_assets, story_routes
from api.pages.stories import StoryStore
from api.query_string import Utf8QueryString
from api.query_runner import create_query_pool
from api.routes import entities, export, facts, health, incentives, paths, search, sparql, ties, store
from graph import Settings, engine_of
from graph.connections import index_directory
from graph.entities import PageStore
from graph.store import keep_beside
from graph.search import SearchIndex


def create_app(settings: Settings, kg: Dataset, owns_store: bool = False) -> FastAPI:
    """The tiegraph service over `kg`; nothing is read from files or the environment here.
    With `owns_store`, the app closes `kg` when it shuts down."""
    query_pool = create_query_pool(kg, settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        query_pool.close()  # graceful shutdown: no worker outlives the service
        if owns_store:
            kg.close()

    # Swagger UI and ReDoc from files installed with fastapi-offline, never a CDN: /docs works offline.
    app = FastAPIOffline(
        static_url="/docs-assets",
        lifespan=lifespan,
        title="tiegraph",
        summary="Firms, founders, cities and local-government incentives, with provenance.",
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.kg = kg
    app.state.query_pool = query_pool
    keep_beside(engine_of(kg), index_directory(settings))
    app.state.search_index = SearchIndex.open(engine_of(kg), index_directory(settings))  # follows later writes itself
    app.state.write_lock = asyncio.Lock()  # one write at a time: each validates against the last
    app.state.stories = StoryStore(index_directory(settings))
    app.state.pages = PageStore(engine_of(kg), index_directory(settings)) if engine_of(kg).local else None
    install_error_handlers(app)
    # Browser tools (YASGUI, Gephi Lite) call from other origins; writes still need the token.
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["*"], allow_headers=["*"], expose_headers=["Content-Disposition", "X-Tiegraph-Changed-Graphs", "X-Tiegraph-Row-Limit", "X-Tiegraph-Truncated"])
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(Utf8QueryString)
    if app.state.pages is not None:  # outside all but the access log: see api/kept_pages.py
        app.add_middleware(KeptPages, pages=app.state.pages)
    app.add_middleware(AccessLog)
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(store.router)
    app.include_router(facts.router)
    app.include_router(export.export_router())
    app.include_router(paths.router)
    app.include_router(ties.router)
    app.include_router(incentives.router)
    app.include_router(entities.router)
    app.include_router(search.router)
    app.include_router(pages.router)
    app.include_router(story_routes.router)
    mount_assets(app)
    describe_as_served(app)
    return app
