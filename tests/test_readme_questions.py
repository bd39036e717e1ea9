"""The README's five questions, answered by the very commands it gives, and the docs' links.

The commands are read out of README.md (the fenced `sh` blocks under its questions heading), so a
changed command is run as written and a command that stops working fails here.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import networkx as nx
import pytest

from tests.cli_runner import TIEGRAPH, environment
from tests.conftest import ROOT, SEED_FILES
from tests.server import running_service

README = ROOT / "README.md"
DOCS = ROOT / "docs"
QUESTIONS_HEADING = "## Five questions a user asks"
README_URL = "http://127.0.0.1:8000"  # where the README's curl lines expect `make run` to serve
ID = "https://tiegraph.org/id/"
SOURCE = "https://tiegraph.org/source/d45ea5260ee2b7ad"  # the article on Xiaomi, NIO and XPeng
README_LIMIT_BYTES = 8192


def question_commands() -> list[list[str]]:
    """Each command of the fenced `sh` blocks under the questions heading, split as a shell would."""
    text = README.read_text(encoding="utf-8")
    assert QUESTIONS_HEADING in text, f"README.md has no {QUESTIONS_HEADING!r} section"
    section = text.split(QUESTIONS_HEADING, 1)[1].split("\n## ", 1)[0]
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL):
        pending = ""
        for line in block.splitlines():
            pending = f"{pending}\n{line}" if pending else line
            try:
                words = shlex.split(pending, comments=True)
            except ValueError:  # a quote still open: the command goes on on the next line
                continue
            if words:
                commands.append(words)
            pending = ""
        assert not pending, f"unclosed quote in README command: {pending!r}"
    return commands


def readme_command(*start: str) -> list[str]:
    """The one README question command that begins with the words `start`."""
    found = [words for words in question_commands() if words[: len(start)] == list(start)]
    assert len(found) == 1, f"README.md should give one `{' '.join(start)} …` command under {QUESTIONS_HEADING!r}, not {len(found)}"
    return found[0]


def readme_url(route: str) -> str:
    """Path and query of the one README `curl` URL on `route` (e.g. /paths), for any base URL."""
    urls = [word for words in question_commands() if words[0] == "curl" for word in words if word.startswith(README_URL)]
    found = [url for url in urls if urlsplit(url).path.startswith(route)]
    assert len(found) == 1, f"README.md should give one curl URL on {route} under {QUESTIONS_HEADING!r}, not {found}"
    return found[0].removeprefix(README_URL)


def run_cli(words: list[str], store: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A README `tiegraph …` command, run as written against `store`, in `cwd`."""
    assert words[0] == "tiegraph"
    done = subprocess.run([TIEGRAPH, *words[1:]], capture_output=True, text=True, env=environment(store), cwd=cwd, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done


def loaded_store(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    store = tmp_path_factory.mktemp(name) / "store"
    loaded = subprocess.run([TIEGRAPH, "load", *map(str, SEED_FILES)], capture_output=True, text=True, env=environment(store), timeout=120, check=False)
    assert loaded.returncode == 0, loaded.stderr
    return store


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the seed graph, for the command line."""
    return loaded_store(tmp_path_factory, "readme-cli")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service over a store of its own: a served embedded store is locked against the CLI."""
    with running_service(loaded_store(tmp_path_factory, "readme-http")) as base:
        yield base


# ---------------------------------------------------------------- the five questions


def test_how_is_lei_jun_tied_to_wuhan(seed_store: Path, tmp_path: Path) -> None:
    out = run_cli(readme_command("tiegraph", "path"), seed_store, tmp_path).stdout
    assert re.match(r"\d+ path\(s\) from Lei Jun to Wuhan", out), out
    assert "Lei Jun —studied at→ Wuhan University" in out and "Wuhan University —based in→ Wuhan" in out


def test_how_is_lei_jun_tied_to_wuhan_over_http(service: str) -> None:
    body = httpx.get(service + readme_url("/paths"), timeout=30).raise_for_status().json()
    assert body["from"]["id"] == "lei-jun" and body["to"]["id"] == "cn-420100"
    assert body["paths"] and all(path["nodes"][-1]["id"] == "cn-420100" for path in body["paths"])
    assert all(fact["sources"] for path in body["paths"] for hop in path["hops"] for fact in hop["facts"])


def test_founder_hometown_ties(seed_store: Path, tmp_path: Path) -> None:
    out = run_cli(readme_command("tiegraph", "ties", "founder-hometown"), seed_store, tmp_path).stdout
    assert "William Li – NIO" in out and "Lei Jun – Xiaomi" in out
    assert out.index("William Li – NIO") < out.index("Lei Jun – Xiaomi")  # same city ranks above same province


def test_founder_hometown_ties_over_http(service: str) -> None:
    body = httpx.get(service + readme_url("/ties/founder-hometown"), timeout=120).raise_for_status().json()
    pairs = [(tie["key"]["founder"]["label"], tie["key"]["firm"]["label"], tie["summary"]["strength"]) for tie in body["ties"]]
    assert pairs == [("William Li", "NIO", ["city"]), ("Lei Jun", "Xiaomi", ["province"])]
    assert all(tie["evidence"] for tie in body["ties"])


def test_what_hefei_gave_nio_and_who_says_so(seed_store: Path, tmp_path: Path) -> None:
    out = run_cli(readme_command("tiegraph", "incentives"), seed_store, tmp_path).stdout
    assert out.startswith("2 incentive(s)")
    assert "Hefei city government (prefecture) → NIO; rescue financing (disbursed); no amount stated" in out
    assert "Hefei city government (prefecture) → NIO; industrial-park agreement (agreed); no amount stated" in out
    assert out.count("sources: Chinese local governments court") == 2


def test_what_hefei_gave_nio_over_http(service: str) -> None:
    page = httpx.get(service + readme_url("/incentives"), timeout=30).json()
    rows = {row["incentive"]["id"]: row for row in page["rows"]}
    assert set(rows) == {"hefei-rescue-financing-nio-2020", "hefei-nio-industrial-park-agreement-2021"}
    assert all(row["grantors"][0]["id"] == "hefei-municipal-government" and [s["iri"] for s in row["sources"]] == [SOURCE] for row in rows.values())
    assert [row["date"] for row in page["rows"]] == ["2021-02", "2020"] and all(row["amount"] is None for row in page["rows"])


def test_everything_about_xiaomi(service: str) -> None:
    response = httpx.get(service + readme_url("/entities/xiaomi"), timeout=30)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["labels"]["en"] == ["Xiaomi"] and body["labels"]["zh"] == ["小米"]
    founders = [edge for edge in body["outgoing"]["edges"] if edge["neighbour"]["iri"] == f"{ID}lei-jun"]
    assert founders and all(edge["sources"] for edge in founders)


def test_the_graph_in_gephi(seed_store: Path, tmp_path: Path) -> None:
    words = readme_command("tiegraph", "export", "gexf")
    run_cli(words, seed_store, tmp_path)
    g = nx.read_gexf(tmp_path / words[words.index("-o") + 1], version="1.3")
    assert g.number_of_nodes() > 0 and g.number_of_edges() > 0
    assert g.nodes[f"{ID}xiaomi"]["label"] == "Xiaomi"


# ---------------------------------------------------------------- the documentation itself


def markdown_pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def links(page: Path) -> list[str]:
    """Targets of the Markdown links and images of `page`, leaving out code."""
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.findall(r"\]\(([^)\s]+)\)", text)


def anchors(page: Path) -> set[str]:
    """GitHub's anchors for the headings of `page`."""
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)
    headings = re.findall(r"^#{1,6} +(.+?) *$", text, flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


def test_readme_is_under_8_kib() -> None:
    assert README.stat().st_size < README_LIMIT_BYTES


def test_readme_quick_start_is_two_commands() -> None:
    quick_start = README.read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"^```sh\n(.*?)^```", quick_start, flags=re.MULTILINE | re.DOTALL)
    assert block and [shlex.split(line, comments=True) for line in block.group(1).splitlines()] == [["make", "run"], ["make", "test"]]


@pytest.mark.parametrize("page", [pytest.param(p, id=p.name) for p in sorted(DOCS.glob("*.md"))])
def test_docs_page_is_linked_from_readme(page: Path) -> None:
    assert f"docs/{page.name}" in links(README)


@pytest.mark.parametrize("page", [pytest.param(p, id=str(p.relative_to(ROOT))) for p in markdown_pages()])
def test_relative_links_resolve(page: Path) -> None:
    broken = []
    for target in links(page):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: …
            continue
        path, _, fragment = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(target)
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(target)
    assert not broken, f"{page.relative_to(ROOT)} links to what does not exist: {broken}"
