"""`/incentives`: the incentive ledger, filtered, rolled up, added up; JSON or CSV."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from api.deps import KnowledgeGraph
from graph import InputError, engine_of
from graph.ledger import LEVELS, SORTS, LedgerQuery, csv_text, ledger, ledger_rows

router = APIRouter(tags=["incentives"])
LEDGER_EXAMPLE = {
    "total": 2,
    "offset": 0,
    "limit": 50,
    "next_offset": None,
    "totals": {"incentives": 2, "by_currency": {}, "converted": {"currency": "USD", "amount": 0.0, "incentives": 0, "unconverted": 2, "by_instrument": {}, "by_level": {}, "by_stage": {}}},
    "rows": [
        {
            "incentive": {"id": "hefei-rescue-financing-nio-2020", "label": "Hefei rescue financing for NIO, 2020"},
            "grantors": [{"id": "hefei-municipal-government", "label": "Hefei city government", "level": "prefecture", "places": [{"id": "cn-340100", "label": "Hefei"}]}],
            "recipient": {"id": "nio", "label": "NIO"},
            "chain": [{"id": "nio", "label": "NIO"}],
            "instruments": [{"id": "incentive-kind-rescue-financing", "label": "rescue financing"}],
            "stage": None,
            "date": "2020",
            "amount": None,
            "converted": None,
            "unconverted": "no amount stated",
            "sources": [{"iri": "https://tiegraph.org/source/d45ea5260ee2b7ad", "title": "Chinese local governments court Xiaomi's car project …", "issued": "2021-04", "at": None}],
        }
    ],
}
CSV = "text/csv"


@router.get(
    "/incentives",
    summary="The incentive ledger: one row per incentive, with its sources and totals",
    responses={200: {"content": {"application/json": {"example": LEDGER_EXAMPLE}, CSV: {"example": "incentive_id,incentive,grantor,…"}}}},
)
def incentives(
    request: Request,
    kg: KnowledgeGraph,
    place: Annotated[str | None, Query(min_length=1, description="Grantors answering for this place or any place in it (a province includes its cities, counties and zones).", examples=["Hubei"])] = None,
    level: Annotated[str | None, Query(description=f"Grantor level: {', '.join(LEVELS)}.")] = None,
    grantor: Annotated[str | None, Query(min_length=1, description="One grantor (id, IRI or label).")] = None,
    recipient: Annotated[str | None, Query(min_length=1, description="One recipient (id, IRI or label).", examples=["NIO"])] = None,
    rollup: Annotated[bool, Query(description="With recipient: add what its subsidiaries and units received, each row with its chain.")] = True,
    instrument: Annotated[str | None, Query(min_length=1, description="An instrument (incentive kind) and those narrower than it.", examples=["equity investment"])] = None,
    stage: Annotated[str | None, Query(min_length=1, description="announced, agreed, disbursed or clawed back.")] = None,
    year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    amount_min: Annotated[float | None, Query(description="In the currency of convert_to.")] = None,
    amount_max: Annotated[float | None, Query(description="In the currency of convert_to.")] = None,
    currency: Annotated[str | None, Query(min_length=1, description="Only amounts stated in this currency (ISO 4217).", examples=["CNY"])] = None,
    convert_to: Annotated[str, Query(min_length=3, max_length=3, description="The currency totals and converted amounts are in.")] = "USD",
    sort: Annotated[str, Query(description=f"One of {', '.join(SORTS)}.")] = "-date",
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    format: Annotated[str | None, Query(description="json or csv; else the Accept header decides.")] = None,  # noqa: A002
) -> Response:
    """Incentives matching every filter given, each with grantor, level, recipient, chain,
    instrument, date, amount as stated and converted at its date (rate cited), and its sources. As
    CSV (`format=csv` or `Accept: text/csv`): every matching row, one per line, no paging."""
    query = LedgerQuery(
        place=place, level=level, grantor=grantor, recipient=recipient, rollup=rollup, instrument=instrument, stage=stage, year_from=year_from,
        year_to=year_to, amount_min=_decimal(amount_min), amount_max=_decimal(amount_max), currency=currency, convert_to=convert_to, sort=sort, offset=offset, limit=limit,
    )
    engine = engine_of(kg)
    wanted = (format or ("csv" if CSV in request.headers.get("accept", "") else "json")).lower()
    if wanted == "csv":
        headers = {"content-disposition": 'attachment; filename="incentives.csv"'}
        return Response(csv_text(ledger_rows(engine, query)).encode("utf-8"), media_type="text/csv; charset=utf-8", headers=headers)
    if wanted != "json":
        raise InputError(f"format is json or csv, not {format!r}")
    return JSONResponse(ledger(engine, query))


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))

