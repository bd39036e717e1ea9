"""Pages as responses: Jinja2 templates from `templates/`, escaped by default, with the helpers
every template uses (entity links, source citations)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.pages.assets import built
from graph.entities import citation

HTML = "text/html"
TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    environment.filters["cited"] = cited
    environment.filters["href"] = href
    return environment


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """`template` rendered with `context`; every page knows its path and whether assets are built."""
    text = _environment().get_template(template).render(path=request.url.path, assets_built=built(), **context)
    return HTMLResponse(text, status_code=status_code, headers={"Vary": "Accept"})


def href(entity: dict[str, Any]) -> str:
    """The page of an entity as the API shows one (`{"id", "iri", "label"}`)."""
    return f"/entities/{entity['id']}"


def cited(source: dict[str, Any]) -> str:
    """`Title, ¶6 (2021-04)`: a source, where in it, and its date."""
    return f"{citation(source)} ({source.get('issued') or 'undated'})"
