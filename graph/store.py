"""Open the knowledge graph as an rdflib `Dataset` on Oxigraph, on disk or in memory."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, plugin
from rdflib.store import Store

from graph.errors import SettingsError
from graph.namespaces import bind_prefixes
from graph.settings import Settings

STORE_PLUGIN = "Tiegraph"


class TiegraphStore(OxigraphStore):
    """oxrdflib's store, except that a prepared query is an error instead of a slow fallback.

    oxrdflib answers a pre-parsed rdflib query with NotImplementedError, which rdflib takes as
    a cue to run its own engine, 30–3,400× slower here. A TypeError stops that silently
    happening: every query must reach Oxigraph as SPARQL text.
    """

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


plugin.register(STORE_PLUGIN, Store, __name__, TiegraphStore.__name__)


def open_dataset(settings: Settings) -> Dataset:
    """The knowledge graph named by `settings.store`; its default graph is the union of all graphs."""
    if settings.is_remote:
        raise SettingsError(
            f"TIEGRAPH_STORE={settings.store}: remote SPARQL stores are not available in this "
            "version; use a directory path or `memory`"
        )
    return _dataset(ox.Store() if settings.is_memory else _open_directory(settings.store))


def _dataset(engine: ox.Store) -> Dataset:
    kg = Dataset(store=plugin.get(STORE_PLUGIN, Store)(store=engine), default_union=True)
    bind_prefixes(kg)
    return kg


def open_read_only(settings: Settings) -> Dataset:
    """A read-only view of the on-disk store of `settings`, beside the process that writes it."""
    return _dataset(ox.Store.read_only(settings.store))


def _open_directory(path: str) -> ox.Store:
    try:
        return ox.Store(path)
    except OSError as error:
        raise SettingsError(
            f"cannot open the store directory {path}: {error}. Another tiegraph process "
            "(a running `tiegraph serve`?) may hold it; stop it or set TIEGRAPH_STORE to another "
            "directory"
        ) from None


def engine_of(kg: Dataset) -> ox.Store:
    """The pyoxigraph store under `kg`, for bulk loads and natively serialised results."""
    store = kg.store
    if not isinstance(store, OxigraphStore):
        raise SettingsError(f"this operation needs an Oxigraph store, not {type(store).__name__}")
    return store._inner
