"""Open the knowledge graph as an rdflib `Dataset`: on Oxigraph on disk or in memory, or on a
remote SPARQL 1.1 store (graph/remote.py), each through a store plugin in rdflib's registry."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, plugin
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.store import Store

from graph.errors import SettingsError
from graph.model.namespaces import bind_prefixes
from graph.settings import Settings
from graph.store.saved_state import SAVER
from graph.store.engine import EmbeddedEngine, Engine

if TYPE_CHECKING:
    from graph.remote.engine import RemoteEngine

STORE_PLUGIN = "Tiegraph"
REMOTE_PLUGIN = "TiegraphRemote"


class TiegraphStore(OxigraphStore):
    """oxrdflib's store, except that a prepared query is an error instead of a slow fallback.

    oxrdflib answers a pre-parsed rdflib query with NotImplementedError, which rdflib takes as
    a cue to run its own engine, 30–3,400× slower here. A TypeError stops that silently
    happening: every query must reach Oxigraph as SPARQL text.
    """

    @cached_property
    def engine(self) -> EmbeddedEngine:
        """The engine tiegraph's code reads and writes through (`engine_of`)."""
        return EmbeddedEngine(self._inner)

    def close(self, commit_pending_transaction: bool = False) -> None:
        """Let go of the engine too: the on-disk store stays locked while anything holds it (saves
        still waiting do: they are finished first)."""
        SAVER.flush()
        self.__dict__.pop("engine", None)
        super().close(commit_pending_transaction)

    def query(self, query: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any) -> Any:  # noqa: N803
        _require_text(query, "query")
        return super().query(query, initNs, initBindings, queryGraph, **kwargs)

    def update(self, update: Any, initNs: Any, initBindings: Any, queryGraph: Any, **kwargs: Any) -> None:  # noqa: N803
        _require_text(update, "update")
        super().update(update, initNs, initBindings, queryGraph, **kwargs)


def _require_text(operation: Any, kind: str) -> None:
    if not isinstance(operation, str):
        raise TypeError(
            f"a prepared SPARQL {kind} ({type(operation).__name__}) would bypass Oxigraph; "
            "pass the SPARQL text instead"
        )


class RemoteSparqlStore(SPARQLUpdateStore):
    """rdflib's own SPARQL store, for rdflib callers, carrying the `RemoteEngine` tiegraph's code
    uses (the same endpoint, read with Oxigraph's parsers and streamed)."""

    def __init__(self, engine: RemoteEngine, auth: tuple[str, str] | None = None) -> None:
        super().__init__(query_endpoint=engine.client.query_url, update_endpoint=engine.client.update_url, auth=auth)
        self.engine = engine

    def close(self, commit_pending_transaction: bool = False) -> None:
        self.engine.close()
        super().close(commit_pending_transaction)


plugin.register(STORE_PLUGIN, Store, __name__, TiegraphStore.__name__)
plugin.register(REMOTE_PLUGIN, Store, __name__, RemoteSparqlStore.__name__)


def open_dataset(settings: Settings) -> Dataset:
    """The knowledge graph named by `settings.store`; its default graph is the union of all graphs."""
    if settings.is_remote:
        return _remote_dataset(settings)
    return _dataset(ox.Store() if settings.is_memory else _open_directory(settings.store))


def _dataset(engine: ox.Store) -> Dataset:
    kg = Dataset(store=plugin.get(STORE_PLUGIN, Store)(store=engine), default_union=True)
    bind_prefixes(kg)
    return kg


def _remote_dataset(settings: Settings) -> Dataset:
    """The endpoint of `settings.store`, checked to answer over the union of its graphs."""
    from graph.remote.engine import RemoteEngine  # here: graph.remote builds on this package
    from graph.remote.protocol import SparqlClient

    client = SparqlClient(settings.store, update_url(settings), settings.remote_user, settings.remote_password, settings.remote_timeout)
    engine = RemoteEngine(client)
    try:
        engine.check_union_default_graph()
    except BaseException:
        engine.close()
        raise
    auth = (settings.remote_user, settings.remote_password or "") if settings.remote_user is not None else None
    kg = Dataset(store=plugin.get(REMOTE_PLUGIN, Store)(engine, auth), default_union=True)
    bind_prefixes(kg)
    return kg


def update_url(settings: Settings) -> str | None:
    """TIEGRAPH_UPDATE_URL, else the query URL's update twin: `…/query` → `…/update` (Oxigraph
    server, Fuseki), `…/sparql` itself (Virtuoso, GraphDB-style single endpoints); else none."""
    if settings.update_url:
        return settings.update_url
    base, _, last = settings.store.rstrip("/").rpartition("/")
    if last == "query":
        return f"{base}/update"
    return settings.store if last == "sparql" else None


def open_read_only(settings: Settings) -> Dataset:
    """A read-only view of the on-disk store of `settings`, beside the process that writes it."""
    return _dataset(ox.Store.read_only(settings.store))


def _open_directory(path: str) -> ox.Store:
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)  # a new store may be named anywhere
        return ox.Store(path)
    except OSError as error:
        if not Path(path).parent.is_dir():
            raise SettingsError(f"cannot create the store directory {path}: {error}; set TIEGRAPH_STORE to a directory you can write") from None
        raise SettingsError(
            f"cannot open the store directory {path}: {error}. Another tiegraph process "
            "(a running `tiegraph serve`?) may hold it; stop it or set TIEGRAPH_STORE to another "
            "directory"
        ) from None


def engine_of(kg: Dataset) -> Engine:
    """The engine under `kg`: embedded Oxigraph, or a remote store's engine over SPARQL."""
    store = kg.store
    if isinstance(store, (TiegraphStore, RemoteSparqlStore)):
        return store.engine
    if isinstance(store, OxigraphStore):
        return EmbeddedEngine(store._inner)
    raise SettingsError(f"this operation needs an Oxigraph or tiegraph remote store, not {type(store).__name__}")
