"""`/paths`: the k shortest paths between two entities, every hop with its source documents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import StringConstraints

from api.deps import ConnectionIndex
from api.errors import NAME_PATTERN
from graph.connections import DEFAULT_K, DEFAULT_MAX_LENGTH, MAX_LENGTH_LIMIT, MAX_NODES

router = APIRouter(tags=["paths and ties"])
VIEW_EXAMPLE = {
    "centres": ["https://tiegraph.org/id/xiaomi"],
    "truncated": False,
    "nodes": [{"id": "xiaomi", "iri": "https://tiegraph.org/id/xiaomi", "label": "Xiaomi", "kind": "Company", "color": "#377eb8", "size": 21.0}],
    "edges": [{"source": "https://tiegraph.org/id/lei-jun", "target": "https://tiegraph.org/id/xiaomi", "label": "founded, founder"}],
}
EXAMPLE = {
    "from": {"id": "cn-340100", "iri": "https://tiegraph.org/id/cn-340100", "label": "Hefei"},
    "to": {"id": "nio", "iri": "https://tiegraph.org/id/nio", "label": "NIO"},
    "k": 5,
    "max_length": 4,
    "paths": [
        {
            "length": 2,
            "nodes": [{"id": "cn-340100"}, {"id": "hefei-rescue-financing-nio-2020"}, {"id": "nio"}],
            "hops": [
                {
                    "from": {"id": "cn-340100"},
                    "to": {"id": "hefei-rescue-financing-nio-2020"},
                    "facts": [
                        {
                            "subject": "https://tiegraph.org/id/hefei-rescue-financing-nio-2020",
                            "predicate": "https://tiegraph.org/ontology#place",
                            "predicate_label": "place",
                            "object": "https://tiegraph.org/id/cn-340100",
                            "date": "2020",
                            "direction": "backward",
                            "sources": [{"iri": "https://tiegraph.org/source/d45ea5260ee2b7ad", "title": "Chinese local governments court …", "issued": "2021-04"}],
                        }
                    ],
                }
            ],
        }
    ],
}


@router.get("/paths", summary="How two entities are connected", responses={200: {"content": {"application/json": {"example": EXAMPLE}}}})
def paths(
    connections: ConnectionIndex,
    source: Annotated[str, Query(alias="from", pattern=NAME_PATTERN, description="Id (hefei), IRI or label of one entity.", examples=["Hefei"])],
    target: Annotated[str, Query(alias="to", pattern=NAME_PATTERN, description="Id, IRI or label of the other entity.", examples=["nio"])],
    k: Annotated[int, Query(ge=1, le=100, description="How many paths, shortest first.")] = DEFAULT_K,
    max_len: Annotated[int, Query(ge=1, le=MAX_LENGTH_LIMIT, description="Longest path, in hops.")] = DEFAULT_MAX_LENGTH,
    via: Annotated[list[str] | None, Query(description="Only follow these properties, e.g. tg:founder.")] = None,
    classes: Annotated[list[str] | None, Query(alias="class", description="Only pass through nodes of these classes, e.g. tg:City.")] = None,
    since: Annotated[str | None, Query(description="Only facts dated in or after this period (2020, 2020-06).")] = None,
    until: Annotated[str | None, Query(description="Only facts dated in or before this period.")] = None,
    dated_only: Annotated[bool, Query(description="With a window, drop undated facts too.")] = False,
) -> dict[str, object]:
    """The k shortest simple paths, walking facts either way; hubs (countries, vocabularies, nodes
    with more than 1,000 facts) are never passed through. A plain `def`: it runs in a worker thread."""
    return connections.paths(source, target, k, max_len, via, classes, since, until, not dated_only)


@router.get("/neighbourhood", summary="Entities' neighbourhood as a small graph to draw", responses={200: {"content": {"application/json": {"example": VIEW_EXAMPLE}}}})
def neighbourhood(
    connections: ConnectionIndex,
    around: Annotated[list[Annotated[str, StringConstraints(pattern=NAME_PATTERN)]], Query(min_length=1, description="Id, IRI or label of an entity; repeat for several, drawn together.", examples=[["xiaomi"]])],
    limit: Annotated[int, Query(ge=1, le=5000, description="Most nodes: the entities, then their neighbours by degree.")] = MAX_NODES,
) -> dict[str, object]:
    """The entities one relation away (with the ends of any event reached), one edge per pair of
    nodes naming the relations between them; nodes coloured by class as in the GEXF export and
    sized by degree in the view, places with their coordinates. A plain `def`: a worker thread."""
    return connections.view(around, limit)
