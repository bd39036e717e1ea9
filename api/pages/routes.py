"""The explorer's pages that are not an entity's: home, search results, paths, ties, the ledger,
the query editor and adding facts. Each renders what the JSON resource of the same question
answers (the same Python call)."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from rdflib import OWL, RDF

from api.deps import ConnectionIndex, KnowledgeGraph, NameIndex
from api.pages.render import page
from api.routes.facts import EXAMPLE as SHEET_EXAMPLE
from api.routes.search import results
from api.errors import status_of
from graph import InputError, TiegraphError, engine_of
from graph.entities import sources, type_labels
from graph.ledger import LEVELS, LedgerQuery, ledger
from graph.connections import Connections, tie_kinds
from graph.model import ONTOLOGY_GRAPH, PREFIXES, load_ontology, shorten
from graph.query import count_by_class, count_by_source
from graph.store import Engine, is_inferred, store_revision

router = APIRouter(include_in_schema=False)  # pages for people; the JSON resources are the API
EXAMPLES = [
    ("Which founders' firms are tied to their home towns?", "/explore/ties/founder-hometown"),
    ("How is Lei Jun tied to Wuhan?", "/explore/paths?from=Lei+Jun&to=Wuhan"),
    ("What did Hefei give NIO?", "/explore/incentives?place=Hefei&recipient=NIO"),
]
HOME_SOURCES = 12  # the newest sources listed on the home page; the rest are counted
_home_cache: dict[str, dict[str, Any]] = {}  # by store revision: the counts read the whole store


@router.get("/", response_class=HTMLResponse)
def home(request: Request, kg: KnowledgeGraph) -> HTMLResponse:
    """What the graph holds, a search box, and questions to try."""
    return page(request, "home.html", examples=EXAMPLES, **_holdings(engine_of(kg)))


def _holdings(engine: Engine) -> dict[str, Any]:
    """Entities by class and the facts each source states, the newest sources first."""
    revision = store_revision(engine)
    if revision not in _home_cache:
        counted = count_by_class(engine)
        classes = [(c["label"] or c["iri"], counted[c["iri"]]) for c in type_labels(counted) if c["iri"].startswith("https://tiegraph.org/ontology#")]
        facts = {g: n for g, n in count_by_source(engine).items() if not is_inferred(g) and g != str(ONTOLOGY_GRAPH)}
        described = sources(engine, list(facts))
        listed = sorted((described[g].to_dict() | {"facts": n} for g, n in facts.items()), key=lambda s: (s["issued"] or "", s["title"] or s["iri"]), reverse=True)
        _home_cache.clear()
        _home_cache[revision] = {"facts": sum(facts.values()), "classes": sorted(classes, key=lambda c: -c[1]), "sources": listed[:HOME_SOURCES], "more_sources": len(listed) - HOME_SOURCES}
    return _home_cache[revision]


@router.get("/explore/search", response_class=HTMLResponse)
def search_results(request: Request, index: NameIndex, q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    """Search results as a page: what the search box shows without scripts."""
    return page(request, "search.html", q=q, hits=results(index, q, limit=20) if q.strip() else [])


@router.get("/explore/paths", response_class=HTMLResponse)
def paths_page(
    request: Request,
    connections: ConnectionIndex,
    source: Annotated[str, Query(alias="from", max_length=200)] = "",
    target: Annotated[str, Query(alias="to", max_length=200)] = "",
    k: Annotated[int, Query(ge=1, le=20)] = 3,
    via: Annotated[list[str] | None, Query()] = None,
    classes: Annotated[list[str] | None, Query(alias="class")] = None,
    since: str = "",
    until: str = "",
    dated_only: bool = False,
) -> HTMLResponse:
    """Two names in, the k shortest paths out, hop by hop with each hop's evidence; filtered by
    relation, by the classes paths may pass through, and by a window over the dated facts."""
    asked = {"source": source, "target": target, "k": k, "via": via or [], "classes": classes or [], "since": since, "until": until, "dated_only": dated_only}
    choices = {"relations": _relations(), "class_choices": _classes(), "years": _years(connections)}
    try:
        found = None
        if source.strip() and target.strip():
            found = connections.paths(source, target, k, via=via or None, classes=classes or None, since=since or None, until=until or None, undated=not dated_only)
    except TiegraphError as error:  # an unknown or ambiguous name: said on the page, the form kept
        return page(request, "paths.html", status_code=status_of(error), found=None, error=str(error), **asked, **choices)
    return page(request, "paths.html", found=found, **asked, **choices)


@cache
def _relations() -> list[tuple[str, str]]:
    """The ontology's relations, as (prefixed name, label), by label."""
    ontology = load_ontology()
    return sorted(((shorten(str(p)), ontology.label(p) or shorten(str(p))) for p in ontology.object_properties()), key=lambda pair: pair[1].lower())


@cache
def _classes() -> list[tuple[str, str]]:
    """The ontology's classes, as (prefixed name, label), by label."""
    ontology = load_ontology()
    classes = [t for t in ontology.defined_terms if (t, RDF.type, OWL.Class) in ontology.graph]
    return sorted(((shorten(str(c)), ontology.label(c) or shorten(str(c))) for c in classes), key=lambda pair: pair[1].lower())


def _years(connections: Connections) -> tuple[int, int]:
    """The first and last year of the graph's dated facts: the time window's ends."""
    if not connections.engine.local:
        return 1990, date.today().year
    years = [int(d[:4]) for d in connections.adjacency().dates if d[:4].isdigit()]
    return (min(years), max(years)) if years else (1990, date.today().year)


@router.get("/explore/incentives", response_class=HTMLResponse)
def incentives_page(
    request: Request,
    kg: KnowledgeGraph,
    place: str | None = None,
    level: str | None = None,
    grantor: str | None = None,
    recipient: str | None = None,
    instrument: str | None = None,
    year_from: str | None = None,
    year_to: str | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    """The ledger with its filters, totals and roll-up chains, and its CSV one click away. A form
    sends the fields left empty too: they filter nothing."""
    filters = {"place": place, "level": level, "grantor": grantor, "recipient": recipient, "instrument": instrument, "year_from": year_from, "year_to": year_to}
    given = {name: value.strip() for name, value in filters.items() if value and value.strip()}
    try:
        years = {name: _year(name, given[name]) for name in ("year_from", "year_to") if name in given}
        found = ledger(engine_of(kg), LedgerQuery(**{**given, **years}, offset=offset, limit=50))
    except TiegraphError as error:
        return page(request, "incentives.html", status_code=status_of(error), filters=filters, given=given, levels=LEVELS, found=None, error=str(error))
    return page(request, "incentives.html", filters=filters, given=given, levels=LEVELS, found=found)


@router.get("/explore/ties/{kind}", response_class=HTMLResponse)
def ties_page(
    request: Request,
    connections: ConnectionIndex,
    kind: str,
    entity: Annotated[str, Query(max_length=200)] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    """One kind of tie as a ranked table with each tie's evidence, for one entity if named."""
    kinds = connections.kinds()
    try:
        found = connections.ties(kind, entity or None, offset, limit=50)
    except TiegraphError as error:
        return page(request, "ties.html", status_code=status_of(error), kinds=kinds, kind=kind, entity=entity, found=None, error=str(error))
    return page(request, "ties.html", kinds=kinds, kind=kind, entity=entity, found=found)


def _year(name: str, text: str) -> int:
    if not text.isdigit():
        raise InputError(f"{name} is a year such as 2018, not {text!r}")
    return int(text)


@router.get("/query", response_class=HTMLResponse)
def query_page(request: Request) -> HTMLResponse:
    """YASGUI on /sparql, our prefixes declared, each tie query in a tab of its own."""
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    tabs = [{"name": kind.title, "query": kind.sparql} for kind in tie_kinds().values()]
    return page(request, "query.html", prefixes=prefixes, tabs=tabs)


@router.get("/add", response_class=HTMLResponse)
def add_page(request: Request) -> HTMLResponse:
    """Paste or upload a fact sheet, check it (what it resolves to, every problem, the new nodes
    drawn), then add it with the service's token."""
    return page(request, "add.html", example=SHEET_EXAMPLE)
