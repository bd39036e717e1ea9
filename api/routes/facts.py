"""`/facts`: fact sheets (graph/sheets/) posted as YAML or JSON, checked and added."""

from __future__ import annotations

from typing import Annotated

import yaml
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.auth import require_writer
from api.deps import AppSettings, KnowledgeGraph
from graph import InputError
from graph.sheets import add_sheets, check_sheets, sheet_schema

router = APIRouter(tags=["facts"])
SHEET_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "application/json")
EXAMPLE = """source:
  title: Notes on Geely's founder
  identifier: notes-geely-1
  language: en
entities:
  - name: Li Shufu
    a: person
    zh: 李书福
facts:
  - [Li Shufu, born in, "Taizhou, Zhejiang"]
"""
# As JSON, a sheet is an object; its full schema is served at /facts/schema.json.
SHEET_OBJECT = {"type": "object", "required": ["source"], "properties": {"source": {"type": "object", "required": ["title"]}, "entities": {"type": "array"}, "facts": {"type": "array"}}}
SHEET_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            **{t: {"schema": {"type": "string"}, "example": EXAMPLE} for t in SHEET_TYPES if t != "application/json"},
            "application/json": {"schema": SHEET_OBJECT, "example": yaml.safe_load(EXAMPLE)},
        },
    }
}
ANSWER = {"graphs": ["https://tiegraph.org/source/notes-geely-1"], "quads": 12, "written": True, "new": ["https://tiegraph.org/id/li-shufu"]}


@router.post(
    "/facts",
    summary="Add a fact sheet (YAML or JSON): its source graph replaced, all or nothing (token required); or only check it (no token)",
    openapi_extra=SHEET_BODY,
    responses={200: {"content": {"application/json": {"example": ANSWER}}}},
)
async def add_facts(
    request: Request,
    kg: KnowledgeGraph,
    settings: AppSettings,
    check: Annotated[bool, Query(description="Only check: resolve and validate, write nothing; no token needed.")] = False,
) -> JSONResponse:
    """Every problem at once (422), each at its line and column of the body; else what was
    written and which entities are new (with `check`: what would be, and every quad as `rows`).
    Checking reads the store as a query does, so only adding needs the token."""
    if not check:
        require_writer(request, settings)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in SHEET_TYPES:
        raise InputError(f"a fact sheet is sent as YAML (application/yaml) or JSON (application/json), not {media_type or 'an unnamed type'}")
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the fact sheet is not UTF-8 text") from None
    sheets = [("body", text)]
    if check:  # what would be written, quad by quad, for a person to look over first
        report = await run_in_threadpool(check_sheets, kg, sheets)
        return JSONResponse({**report.summary(), "rows": report.rows()})
    else:
        async with request.app.state.write_lock:
            report = await run_in_threadpool(add_sheets, kg, sheets)
            request.app.state.query_pool.renew()
    return JSONResponse(report.summary())


@router.get(
    "/facts/schema.json",
    summary="The JSON Schema of fact sheets, for editors that complete and check them",
    response_class=JSONResponse,
    responses={200: {"content": {"application/schema+json": {"schema": {"type": "object"}, "example": {"title": "tiegraph fact sheet", "type": "object"}}}}},
)
def schema() -> JSONResponse:
    return JSONResponse(sheet_schema(), media_type="application/schema+json")
