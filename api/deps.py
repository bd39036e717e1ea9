"""Request dependencies as named `Annotated` aliases; the app's state holds what they return."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, Request
from rdflib import Dataset

from graph import Settings
from graph.connections import Connections
from graph.search import SearchIndex


# Dependencies that only read app state are `async def`: FastAPI runs a plain `def` dependency
# in its thread pool, and each hop costs CPU (a bare endpoint here: 0.38 ms a request as `def`,
# 0.10 ms as `async def`, against about 0.6 ms for an entity look-up's own reads).
async def _knowledge_graph(request: Request) -> Dataset:
    return request.app.state.kg


async def _settings(request: Request) -> Settings:
    return request.app.state.settings


KnowledgeGraph = Annotated[Dataset, Depends(_knowledge_graph)]
AppSettings = Annotated[Settings, Depends(_settings)]

_CONNECTIONS_LOCK = threading.Lock()


def _connections(request: Request) -> Connections:
    """The app's path and tie index, made on first use (then kept current by store revision)."""
    state = request.app.state
    with _CONNECTIONS_LOCK:
        if getattr(state, "connections", None) is None:
            state.connections = Connections.open(state.settings, state.kg)
    return state.connections


ConnectionIndex = Annotated[Connections, Depends(_connections)]


async def _search_index(request: Request) -> SearchIndex:
    """The name index built by `create_app`; it follows the store's writes by itself."""
    return request.app.state.search_index


NameIndex = Annotated[SearchIndex, Depends(_search_index)]
