"""Build the FastAPI application from settings and an open knowledge graph."""

from __future__ import annotations

from fastapi import FastAPI
from rdflib import Dataset

from api.errors import install_error_handlers
from api.routes import health, sparql
from graph import Settings


def create_app(settings: Settings, kg: Dataset) -> FastAPI:
    """The tiegraph service over `kg`; nothing is read from files or the environment here."""
    app = FastAPI(
        title="tiegraph",
        summary="Firms, founders, cities and local-government incentives, with provenance.",
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.kg = kg
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(sparql.router)
    return app
