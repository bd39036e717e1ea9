"""`/stories`: story maps saved (with the token) and shown, whole or embedded."""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from api.auth import Writer
from api.negotiation import choose
from api.pages.render import HTML, page
from api.pages.stories import Story, StoryStore

router = APIRouter(tags=["stories"])
STORY_EXAMPLE = {
    "title": "How Lei Jun is tied to Wuhan",
    "steps": [{
        "caption": "Lei Jun studied at Wuhan University.",
        "nodes": [{"iri": "https://tiegraph.org/id/lei-jun", "label": "Lei Jun", "x": 0, "y": 0, "color": "#1f77b4", "size": 8}],
        "edges": [{"source": "https://tiegraph.org/id/lei-jun", "target": "https://tiegraph.org/id/wuhan-university", "label": "alumni of", "highlighted": True}],
    }],
}
SAVED_EXAMPLE = {"id": "3f1c2a9b8d7e6f50", "url": "/stories/3f1c2a9b8d7e6f50", "embed": "<iframe src=\"/stories/3f1c2a9b8d7e6f50?embed=1\" …></iframe>"}


def _stories(request: Request) -> StoryStore:
    return request.app.state.stories


@router.post("/stories", summary="Save a story map: numbered steps of a graph view with captions (token required)", responses={200: {"content": {"application/json": {"example": SAVED_EXAMPLE}}}})
def save_story(request: Request, story: Story, _: Writer) -> JSONResponse:
    """The story's id (a digest of its content), its address and the HTML that embeds it."""
    story_id = _stories(request).save(story)
    url = f"/stories/{story_id}"
    embed = f'<iframe src="{request.base_url}stories/{story_id}?embed=1" title="{escape(story.title)}" width="800" height="600" style="border:0"></iframe>'
    return JSONResponse({"id": story_id, "url": url, "embed": embed})


@router.get("/stories/{story_id}", summary="A story map: its page for browsers, JSON for programs", response_model=Story,
            responses={200: {"content": {"application/json": {"example": STORY_EXAMPLE}}}})
def show_story(request: Request, story_id: str, embed: Annotated[bool, Query(description="The story alone, to sit in an iframe.")] = False) -> Response:
    story = _stories(request).load(story_id)
    if choose(request.headers.get("accept"), ["application/json", HTML]) != HTML:
        return JSONResponse(story.model_dump())
    return page(request, "story.html", story=story.model_dump(), story_id=story_id, embed=embed)
