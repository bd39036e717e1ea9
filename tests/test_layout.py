"""The house keeps its shape: graph/ by concern, each subpackage's `__init__` its table of contents,
callers importing only from those, one error module per layer, one engine interface."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

import graph
import graph.errors
from api.errors import STATUS_BY_ERROR, status_of

ROOT = Path(__file__).resolve().parent.parent
GRAPH = ROOT / "graph"
SUBPACKAGES = sorted(p.name for p in GRAPH.iterdir() if (p / "__init__.py").is_file())
CALLERS = [p for folder in ("api", "bench", "tests", "docs") for p in (ROOT / folder).rglob("*.py") if "node_modules" not in p.parts]


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every `from graph… import` and `import graph…` in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "graph":
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "graph"]
    return found


def test_graph_has_at_most_four_top_level_modules() -> None:
    modules = sorted(p.name for p in GRAPH.glob("*.py") if p.name != "__init__.py")
    assert len(modules) <= 4, modules
    assert {"model", "store", "remote", "load", "query", "search", "places", "entities", "connections", "export", "build"} <= set(SUBPACKAGES)


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_each_subpackage_lists_its_public_names(name: str) -> None:
    package = importlib.import_module(f"graph.{name}")
    assert package.__doc__, f"graph/{name}/__init__.py needs a docstring: its table of contents"
    assert package.__all__, f"graph/{name}/__init__.py needs __all__"
    missing = [n for n in package.__all__ if not hasattr(package, n)]
    assert not missing, f"graph.{name}.__all__ names what it does not define: {missing}"


def test_callers_import_graph_only_from_its_packages() -> None:
    allowed = {"graph", "graph.errors", *(f"graph.{name}" for name in SUBPACKAGES)}
    deep = [f"{path.relative_to(ROOT)}:{line}: {module}" for path in CALLERS for line, module in _imports(path) if module not in allowed]
    assert not deep, "import from graph or a subpackage's top level:\n" + "\n".join(deep)


def test_graph_never_imports_api() -> None:
    leaks = []
    for path in GRAPH.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names] if isinstance(node, ast.Import) else []
            leaks += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "api"]
    assert not leaks


def test_every_exception_in_graph_is_in_its_error_module() -> None:
    elsewhere = []
    for path in GRAPH.rglob("*.py"):
        if path == GRAPH / "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(_names_an_error(base) for base in node.bases):
                elsewhere.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert not elsewhere, "define exceptions in graph/errors.py:\n" + "\n".join(elsewhere)


def _names_an_error(base: ast.expr) -> bool:
    name = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""
    return name.endswith(("Error", "Exception", "Failed", "Refused", "Timeout", "NotFound", "Name", "Shape", "Format"))


DOMAIN_ERRORS = [
    cls for _, cls in inspect.getmembers(graph.errors, inspect.isclass)
    if issubclass(cls, graph.errors.TiegraphError) and cls is not graph.errors.TiegraphError
]


@pytest.mark.parametrize("error_class", DOMAIN_ERRORS, ids=lambda cls: cls.__name__)
def test_every_domain_error_has_its_http_status(error_class: type[graph.errors.TiegraphError]) -> None:
    assert any(issubclass(error_class, mapped) for mapped, _ in STATUS_BY_ERROR), f"map {error_class.__name__} in api/errors.py"
    assert error_class.__name__ in graph.__all__, f"export {error_class.__name__} from graph"


@pytest.mark.parametrize(
    ("error", "status"),
    [
        pytest.param(graph.errors.RemoteStoreFailed("down"), 502, id="remote-store-failed"),
        pytest.param(graph.errors.RemoteTimeout("slow"), 504, id="remote-timeout"),
        pytest.param(graph.errors.QueryTimeout("too long"), 503, id="query-timeout"),
        pytest.param(graph.errors.RemoteAccessRefused("not allowed"), 400, id="remote-access-refused"),
        pytest.param(graph.errors.UnsupportedShape("sh:node"), 500, id="unsupported-shape"),
    ],
)
def test_errors_of_the_store_and_the_time_limit_map_to_their_statuses(error: graph.errors.TiegraphError, status: int) -> None:
    assert status_of(error) == status


def test_no_type_checks_on_engines_outside_the_store_packages() -> None:
    pattern = re.compile(r"isinstance\([^)]*(RemoteEngine|EmbeddedEngine)")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("graph", "api")
        for path in (ROOT / folder).rglob("*.py")
        if not path.is_relative_to(GRAPH / "store") and not path.is_relative_to(GRAPH / "remote")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, "ask the engine (graph.store.Engine) instead: " + ", ".join(found)
