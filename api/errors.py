"""The one place that turns domain errors into HTTP statuses and the one JSON error shape.

Every error body is `{"error": {"status": int, "type": str, "message": str}}`.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.routing import Match
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from graph.errors import (
    AmbiguousName,
    InputError,
    NotFound,
    QueryFailed,
    QueryTimeout,
    RemoteStoreFailed,
    RemoteTimeout,
    SettingsError,
    SystemGraphProtected,
    TiegraphError,
    UnsupportedShape,
    SheetProblems,
    ValidationFailed,
)

logger = logging.getLogger("tiegraph.api")
NAME_PATTERN = r"\S"  # a name, id or IRI parameter: anything but blank, which the schema can say


def _said(error: dict[str, Any]) -> str:
    """Pydantic's message, but a blank name is said as such rather than as a failed pattern."""
    if error["type"] == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == NAME_PATTERN:
        return "is blank; give an id such as lei-jun, an IRI or a label"
    return str(error["msg"])

# Every domain error, most specific first; a test checks that each class in graph.errors is here.
STATUS_BY_ERROR: list[tuple[type[TiegraphError], int]] = [
    (NotFound, 404),
    (SystemGraphProtected, 403),
    (AmbiguousName, 409),
    (ValidationFailed, 422),
    (SheetProblems, 422),
    (InputError, 400),
    (QueryFailed, 400),
    (QueryTimeout, 503),
    (RemoteTimeout, 504),
    (RemoteStoreFailed, 502),
    (SettingsError, 500),
    (UnsupportedShape, 500),
]


HTTP_KINDS = {
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    413: "PayloadTooLarge",
    415: "UnsupportedMediaType",
}


def status_of(error: TiegraphError) -> int:
    """The HTTP status of a domain error."""
    return next((code for cls, code in STATUS_BY_ERROR if isinstance(error, cls)), 500)


def error_response(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """A response in the one error shape."""
    body = {"error": {"status": status, "type": kind, "message": message}}
    return JSONResponse(body, status_code=status, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """The methods some route of the app answers at the request's path, asked of the router itself."""
    methods = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH")
    return [m for m in methods if any(route.matches({**request.scope, "method": m})[0] == Match.FULL for route in request.app.router.routes)]


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception through `error_response`; unexpected ones are logged as 500s."""

    @app.exception_handler(TiegraphError)
    async def domain_error(_: Request, error: TiegraphError) -> JSONResponse:
        status = status_of(error)
        if status >= 500:
            logger.error("%s: %s", type(error).__name__, error)
        return error_response(status, type(error).__name__, str(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        headers = dict(error.headers or {})
        if error.status_code == 405:  # every method the path answers, not only those of one route
            headers["Allow"] = ", ".join(allowed_methods(request))
        return error_response(error.status_code, HTTP_KINDS.get(error.status_code, "HTTPError"), str(error.detail), headers)

    @app.exception_handler(RequestValidationError)
    async def request_error(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {_said(e)}" for e in error.errors())
        return error_response(400, "BadRequest", problems)

    @app.exception_handler(Exception)
    async def server_error(_: Request, error: Exception) -> JSONResponse:
        logger.exception("unexpected error")
        return error_response(500, "InternalError", f"unexpected {type(error).__name__}; see the server log")
