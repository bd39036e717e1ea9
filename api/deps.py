"""Request dependencies as named `Annotated` aliases; the app's state holds what they return."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from rdflib import Dataset

from graph import Settings


def _knowledge_graph(request: Request) -> Dataset:
    return request.app.state.kg


def _settings(request: Request) -> Settings:
    return request.app.state.settings


KnowledgeGraph = Annotated[Dataset, Depends(_knowledge_graph)]
AppSettings = Annotated[Settings, Depends(_settings)]
