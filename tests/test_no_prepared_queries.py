"""Every query reaches Oxigraph as text; rdflib's own SPARQL engine is never used."""

from __future__ import annotations

import pytest
import rdflib.plugins.sparql.evaluate as rdflib_engine
from rdflib import Dataset
from rdflib.plugins.sparql import prepareQuery

from graph import collect_stats, run_query


@pytest.fixture
def rdflib_engine_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("rdflib's SPARQL engine was used")

    monkeypatch.setattr(rdflib_engine, "evalQuery", refuse)


@pytest.mark.usefixtures("rdflib_engine_forbidden")
def test_query_paths_use_oxigraph(seed_kg: Dataset) -> None:
    assert len(list(seed_kg.query("SELECT ?s WHERE { ?s a tg:Company }"))) > 0
    assert bool(run_query(seed_kg, "ASK { tgid:xiaomi a tg:Company }"))
    assert collect_stats(seed_kg).triples > 0


def test_prepared_query_is_refused_not_run_slowly(seed_kg: Dataset) -> None:
    prepared = prepareQuery("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
    with pytest.raises(TypeError, match="bypass Oxigraph"):
        seed_kg.query(prepared)
