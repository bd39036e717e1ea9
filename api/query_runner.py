"""Answer `/sparql` queries in killable worker processes, so the time limit really stops them;
on a remote store, forward them there and stream the answer back under an HTTP timeout."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from rdflib import Dataset

from api.negotiation import choose
from graph import QueryTimeout, Settings, engine_of, run_query
from api.forkpool import ForkPool, WorkTimedOut
from graph.query import check_remote_access, forward, media_types, offers_for, serialize_capped
from graph.store import Engine, open_read_only


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
    """The serialised result (streamed chunks from a remote store) and its media type, or None
    when no format fits Accept."""

    media_type: str | None
    body: bytes | Iterator[bytes]
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


class RemoteQueries:
    """Queries forwarded to a remote store, with the pool's interface: the store does the work,
    so there is no worker to fork, renew or kill; the time limit is an HTTP timeout."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    def run(self, request: QueryRequest, timeout: float) -> QueryAnswer:
        """The store's answer in the negotiated format, streamed (not cut at TIEGRAPH_MAX_ROWS)."""
        check_remote_access(request.sparql, self.settings.service_allow)
        offers = offers_for(request.sparql)
        media_type = choose(request.accept, list(offers))
        if media_type is None:
            return QueryAnswer(None, b"", tuple(offers))
        try:
            body = forward(self.engine, request.sparql, offers[media_type], request.default_graphs, request.named_graphs, request.base_iri, timeout)
        except QueryTimeout as error:
            raise WorkTimedOut(str(error)) from None
        return QueryAnswer(media_type, body, tuple(offers))

    def renew(self) -> None:
        """Nothing is held that a write could make stale."""

    def close(self) -> None:
        """Nothing to stop."""


def create_query_pool(kg: Dataset, settings: Settings) -> ForkPool | RemoteQueries:
    """A pool of `TIEGRAPH_QUERY_WORKERS` workers (default: one per core) answering over `kg`.

    A worker on an on-disk store opens it read-only for itself; an in-memory store can only be
    reached through the copy the worker inherited. A remote store answers for itself.
    """
    engine = engine_of(kg)
    if not engine.local:
        return RemoteQueries(engine, settings)

    def prepare() -> Callable[[QueryRequest], QueryAnswer]:
        own = kg if settings.is_memory else open_read_only(settings)
        return partial(answer, own, settings)

    return ForkPool(prepare, settings.query_workers or os.cpu_count() or 2)
