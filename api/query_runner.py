"""Answer `/sparql` queries in killable worker processes, so the time limit really stops them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from collections.abc import Callable
from functools import partial

from rdflib import Dataset

from api.negotiation import choose
from graph import Settings, run_query
from graph.forkpool import ForkPool
from graph.store import open_read_only
from graph.results import media_types, serialize_capped


@dataclass(frozen=True)
class QueryRequest:
    """What a worker needs to answer one protocol request."""

    sparql: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    accept: str | None
    base_iri: str | None = None


@dataclass(frozen=True)
class QueryAnswer:
    """The serialised result and its media type, or None when no format fits Accept."""

    media_type: str | None
    body: bytes
    offers: tuple[str, ...]
    truncated: bool = False


def answer(kg: Dataset, settings: Settings, request: QueryRequest) -> QueryAnswer:
    """Evaluate, negotiate the format and serialise: all inside the worker."""
    result = run_query(kg, request.sparql, request.default_graphs, request.named_graphs, settings.service_allow, request.base_iri)
    offers = media_types(result)
    media_type = choose(request.accept, list(offers))
    if media_type is None:
        return QueryAnswer(None, b"", tuple(offers))
    body, truncated = serialize_capped(result, offers[media_type], settings.max_rows)
    return QueryAnswer(media_type, body, tuple(offers), truncated)


def create_query_pool(kg: Dataset, settings: Settings) -> ForkPool:
    """A pool of `TIEGRAPH_QUERY_WORKERS` workers (default: one per core) answering over `kg`.

    A worker on an on-disk store opens it read-only for itself; an in-memory store can only be
    reached through the copy the worker inherited.
    """

    def prepare() -> Callable[[QueryRequest], QueryAnswer]:
        own = kg if settings.is_memory else open_read_only(settings)
        return partial(answer, own, settings)

    return ForkPool(prepare, settings.query_workers or os.cpu_count() or 2)
