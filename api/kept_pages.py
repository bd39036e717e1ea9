"""Entity pages answered from the page store (graph/entities/page_store.py) before routing.

A plain `GET /entities/{id}` that names a kept page in the format it accepts (JSON, Turtle or
JSON-LD) is answered here with its bytes:
no routing, no dependencies, no thread hop; that is what lets look-ups run near the speed of a bare
endpoint. It sits outside every middleware but the access log: a GET without a query string or
body has nothing for the size limit or the query-string check to do, and a request with an
`Origin` header is left to the CORS middleware. Anything else (a format nobody offers, a later page, an id not kept yet) goes on to the route,
which builds the page and keeps it.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from api.negotiation import choose
from api.pages.render import HTML
from graph.entities import ID_SYNTAX, MEDIA_TYPES, PageStore

PREFIX = "/entities/"
OFFERS = ["application/json", HTML, *MEDIA_TYPES]  # HTML is never kept: the route renders it


class KeptPages:
    """ASGI middleware serving kept first pages of entities."""

    def __init__(self, app: ASGIApp, pages: PageStore) -> None:
        self.app = app
        self.pages = pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kept = self._kept(scope) if scope["type"] == "http" else None
        if kept is None:
            await self.app(scope, receive, send)
            return
        media_type, body = kept
        content_type = f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type  # as the route's Response says it
        headers = [(b"content-length", str(len(body)).encode()), (b"content-type", content_type.encode()), (b"vary", b"Accept")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _kept(self, scope: Scope) -> tuple[str, bytes] | None:
        """The media type asked for and the kept page in it, if this request can take one."""
        path: str = scope["path"]
        if scope["method"] != "GET" or scope["query_string"] or not path.startswith(PREFIX) or not ID_SYNTAX.fullmatch(path[len(PREFIX) :]):
            return None
        headers = dict(scope["headers"])
        if b"origin" in headers:
            return None
        accept = headers.get(b"accept")
        media_type = OFFERS[0] if accept is None else choose(accept.decode("latin-1"), OFFERS)
        if media_type is None:
            return None
        body = self.pages.page(path[len(PREFIX) :], media_type)
        return None if body is None else (media_type, body)
