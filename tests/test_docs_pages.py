"""/docs and /redoc work without the internet: their scripts come from the service itself, and
headless Chromium, barred from every other host, renders the operations of the API."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator

import httpx
import pytest

from tests.server import seeded_service

CHROMIUM = shutil.which("chromium")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with seeded_service(tmp_path_factory.mktemp("docs")) as base:
        yield base


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_doc_pages_load_nothing_from_another_host(service: str, page: str) -> None:
    html = httpx.get(f"{service}{page}", timeout=10).text
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert httpx.get(f"{service}{source}", timeout=10).status_code == 200, source


def _rendered(url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The page's DOM after its scripts ran, with every host but 127.0.0.1 unreachable."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    done = subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--virtual-time-budget=15000",
            "--dump-dom", url,
        ],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
def test_swagger_ui_renders_the_operations_offline(service: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    dom = _rendered(f"{service}/docs", tmp_path_factory)
    operations = re.findall(r'class="opblock opblock-(get|post|put|delete|head)', dom)
    assert len(operations) >= 10, dom[:2000]
    assert "/sparql" in dom and "/entities/{" in dom
