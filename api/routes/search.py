"""`/search`: entities by name, in English, Chinese or pinyin, forgiving typos in short queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.deps import NameIndex
from graph.entities import type_labels
from graph.model import local_id
from graph.search import Hit, SearchIndex

router = APIRouter(tags=["entities"])
EXAMPLE = {
    "query": "wuhan",
    "types": [],
    "results": [
        {
            "id": "cn-420100",
            "iri": "https://tiegraph.org/id/cn-420100",
            "label": "Wuhan",
            "labels": {"en": ["Wuhan"], "zh": ["武汉"]},
            "types": [{"iri": "https://tiegraph.org/ontology#City", "label": "City"}],
            "score": 1.0,
            "matched": {"name": "wuhan", "kind": "label"},
        },
        {
            "id": "wuhan-university",
            "iri": "https://tiegraph.org/id/wuhan-university",
            "label": "Wuhan University",
            "labels": {"en": ["Wuhan University"], "zh": ["武汉大学"]},
            "types": [{"iri": "https://tiegraph.org/ontology#University", "label": "University"}],
            "score": 0.35,
            "matched": {"name": "wu han da xue", "kind": "pinyin"},
        },
    ],
}


@router.get("/search", summary="Find entities by name", responses={200: {"content": {"application/json": {"example": EXAMPLE}}}})
def search(
    index: NameIndex,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Name in English, Chinese or pinyin: `lei jun`, `雷军`, `leijun`.", examples=["wuhan"])],
    types: Annotated[list[str] | None, Query(alias="type", description="Only entities of these classes, subclasses included: City, tg:Company or a class IRI.")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="How many entities, best first.")] = 10,
) -> JSONResponse:
    """Best matches first; the score and ranking rule are described in the README (Search)."""
    # Plain JSON values already: a JSONResponse spares FastAPI's encoder a walk over every hit.
    return JSONResponse({"query": q, "types": types or [], "results": results(index, q, types or (), limit)})


def results(index: SearchIndex, q: str, types: Sequence[str] = (), limit: int = 10) -> list[dict[str, object]]:
    """The best matches for `q`, each with its labels by language and its classes."""
    hits = index.search(q, types, limit)
    labels = index.engine.labels_by_language([hit.iri for hit in hits])
    return [_result(hit, labels.get(hit.iri, {})) for hit in hits]


def _result(hit: Hit, labels: dict[str, list[str]]) -> dict[str, object]:
    english = labels.get("en") or labels.get("") or next(iter(labels.values()), [None])
    return {
        "id": local_id(hit.iri),
        "iri": hit.iri,
        "label": english[0],
        "labels": labels,
        "types": type_labels(hit.types),
        "score": hit.score,
        "matched": {"name": hit.name, "kind": hit.kind},
    }
