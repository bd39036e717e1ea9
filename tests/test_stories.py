"""Story maps over HTTP, without a browser: saved only with the token, named by their content,
checked strictly, shown back as saved (also after a restart), and embedded safely."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.server import seeded_service

TOKEN = "stories-token"
WRITER = {"Authorization": f"Bearer {TOKEN}"}
STORY = {
    "title": 'Lei Jun "and" <Wuhan>',
    "steps": [{
        "caption": "Where Lei Jun studied.",
        "nodes": [
            {"iri": "https://tiegraph.org/id/lei-jun", "label": "Lei Jun", "x": 0, "y": 1.5, "color": "#1f77b4", "size": 8},
            {"iri": "https://tiegraph.org/id/wuhan-university", "label": "Wuhan University", "x": 2, "y": 0},
        ],
        "edges": [{"source": "https://tiegraph.org/id/lei-jun", "target": "https://tiegraph.org/id/wuhan-university", "label": "alumni of", "highlighted": True}],
    }],
}


def test_a_story_is_saved_with_the_token_shown_back_and_kept_across_restarts(tmp_path: Path) -> None:
    with seeded_service(tmp_path, token=TOKEN) as base:
        assert httpx.post(f"{base}/stories", json=STORY, timeout=30).status_code == 401
        saved = httpx.post(f"{base}/stories", json=STORY, headers=WRITER, timeout=30)
        assert saved.status_code == 200, saved.text
        story_id = saved.json()["id"]
        assert httpx.post(f"{base}/stories", json=STORY, headers=WRITER, timeout=30).json()["id"] == story_id
        embed = saved.json()["embed"]
        assert 'title="Lei Jun &quot;and&quot; &lt;Wuhan&gt;"' in embed and "<Wuhan>" not in embed
        shown = httpx.get(f"{base}{saved.json()['url']}", timeout=30)
        assert shown.json()["title"] == STORY["title"] and shown.json()["steps"][0]["edges"][0]["highlighted"] is True
    with seeded_service(tmp_path, token=TOKEN) as base:  # the same store, a new process
        assert httpx.get(f"{base}/stories/{story_id}", timeout=30).json() == shown.json()
        missing = httpx.get(f"{base}/stories/0", timeout=30)
        assert missing.status_code == 404 and "no story '0'" in missing.json()["error"]["message"]


def test_a_story_with_values_of_the_wrong_type_is_refused_and_names_them(tmp_path: Path) -> None:
    coerced = {**STORY, "steps": [{**STORY["steps"][0], "edges": [{**STORY["steps"][0]["edges"][0], "highlighted": 0}]}]}  # type: ignore[dict-item]
    with seeded_service(tmp_path, token=TOKEN) as base:
        refused = httpx.post(f"{base}/stories", json=coerced, headers=WRITER, timeout=30)
        assert refused.status_code == 400 and "steps.0.edges.0.highlighted" in refused.json()["error"]["message"]
        assert httpx.post(f"{base}/stories", json={**STORY, "steps": []}, headers=WRITER, timeout=30).status_code == 400
