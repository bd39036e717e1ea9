"""Refuse a query string whose percent-encoded bytes are not UTF-8 with 400, on every route,
instead of letting the parameters' parser quietly put U+FFFD in their place."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import error_response


class Utf8QueryString:
    """ASGI middleware: a cheap check of the raw query string before any route reads it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if b"%" in raw:
            try:
                unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError as error:
                message = f"the query string holds percent-encoded bytes that are not UTF-8 (at byte {error.start} once decoded); encode parameters as UTF-8"
                await error_response(400, "BadRequest", message)(scope, receive, send)
                return
        await self.app(scope, receive, send)
