"""Story maps: a view of the graph saved as numbered steps, each with its caption, its nodes where
the author left them and the edges they highlighted; reopened at `/stories/{id}` and embedded
with `?embed=1`. A story is named by a digest of its content, so saving it again changes nothing,
and kept as a JSON file beside an on-disk store (`<store>-index/stories/`), or in memory for a
memory store. Stories are not facts: every edge in one still leads to the facts and sources
behind it, read from the graph when the story is shown.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from graph import NotFound
from graph.store import replaced_atomically

ID_LENGTH = 16


class _Strict(BaseModel):
    """Values of the types described, not strings or numbers pydantic could coerce."""

    model_config = ConfigDict(strict=True)


class StoryNode(_Strict):
    iri: str = Field(max_length=2000)
    label: str = Field(max_length=500)
    x: float
    y: float
    color: str = Field(default="#666666", pattern=r"^#[0-9a-fA-F]{6}$")
    size: float = Field(default=6, ge=0, le=100)


class StoryEdge(_Strict):
    source: str = Field(max_length=2000)
    target: str = Field(max_length=2000)
    label: str = Field(default="", max_length=500)
    highlighted: bool = False


class StoryStep(_Strict):
    caption: str = Field(max_length=5000)
    nodes: list[StoryNode] = Field(max_length=2000)
    edges: list[StoryEdge] = Field(max_length=10000)


class Story(_Strict):
    """What `POST /stories` takes and `/stories/{id}` shows."""

    title: str = Field(min_length=1, max_length=300)
    steps: list[StoryStep] = Field(min_length=1, max_length=50)


class StoryStore:
    """Stories by id, in `directory` (None: in this process only)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory / "stories" if directory else None
        self._held: dict[str, str] = {}
        self._lock = threading.Lock()

    def save(self, story: Story) -> str:
        text = story.model_dump_json()
        story_id = hashlib.sha256(text.encode()).hexdigest()[:ID_LENGTH]
        with self._lock:
            if self.directory is None:
                self._held[story_id] = text
            else:
                with replaced_atomically(self.directory / f"{story_id}.json") as file:
                    file.write(text.encode())
        return story_id

    def load(self, story_id: str) -> Story:
        text = self._held.get(story_id)
        if text is None and self.directory is not None and story_id.isalnum():
            path = self.directory / f"{story_id}.json"
            text = path.read_text(encoding="utf-8") if path.is_file() else None
        if text is None:
            raise NotFound(f"no story {story_id!r}: a story is saved from an entity page's graph (Story, then Save)")
        return Story.model_validate(json.loads(text))
