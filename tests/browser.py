"""Debian's chromium driven by Playwright for the explorer's page tests: headless, on 127.0.0.1
only, and watched: any console error, uncaught exception or request to another host is recorded,
and `Watched.assert_clean` fails the test on it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from api.pages.assets import built

CHROMIUM = shutil.which("chromium")
# Without the background-networking flags Chromium calls home at start, which this network refuses.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = os.environ.get("TIEGRAPH_SCREENSHOTS")  # e.g. docs/screenshots: where the README's pictures come from

needs_browser = pytest.mark.skipif(
    CHROMIUM is None or not built(), reason="needs Debian's chromium and the built explorer assets (make test installs and builds both)"
)


@dataclass
class Watched:
    """A page and what went wrong on it."""

    page: object
    problems: list[str] = field(default_factory=list)

    def assert_clean(self, expected: tuple[str, ...] = ()) -> None:
        """No problem but those `expected` (a phrase each, once each): Chromium logs a console
        error for every 4xx answer, including the one a test asks for on purpose."""
        unexpected = list(self.problems)
        for phrase in expected:
            match = next((p for p in unexpected if phrase in p), None)
            assert match is not None, f"expected a problem with {phrase!r}; got {self.problems}"
            unexpected.remove(match)
        assert not unexpected, "\n".join(unexpected)

    def screenshot(self, name: str, directory: Path) -> Path:
        """Save the visible page as `name.png` (in TIEGRAPH_SCREENSHOTS when set)."""
        target = Path(SCREENSHOTS) if SCREENSHOTS else directory
        target.mkdir(parents=True, exist_ok=True)
        path = target / f"{name}.png"
        self.page.screenshot(path=str(path))  # type: ignore[attr-defined]
        return path


@contextmanager
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=60_000)
        try:
            yield launched
        finally:
            launched.close()


@contextmanager
def watched_page(launched: object, base: str, width: int = 1280, height: int = 900) -> Iterator[Watched]:
    """A new page in its own context; requests to any host but the service's are refused and noted."""
    context = launched.new_context(viewport={"width": width, "height": height}, accept_downloads=True)  # type: ignore[attr-defined]
    page = context.new_page()
    watched = Watched(page)
    host = urlsplit(base).netloc

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != host:
            watched.problems.append(f"request to another host: {url}")
            route.abort()  # type: ignore[attr-defined]
        else:
            route.continue_()  # type: ignore[attr-defined]

    page.route("**/*", guard)
    page.on("console", lambda message: message.type == "error" and watched.problems.append(f"console error: {message.text}"))
    page.on("pageerror", lambda error: watched.problems.append(f"uncaught: {error}"))
    page.set_default_timeout(20_000)
    try:
        yield watched
    finally:
        context.close()
