"""The seed articles' fact sheets (seeds/*.yaml) compile to the TriG that `make run` loads.

Both are committed: the sheets are what a person edits and where the comments on garbled
passages live; the TriG is what every test and `make run` load without compiling. This test
fails as soon as the two say different things.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from tests.cli_runner import tiegraph
from tests.conftest import ROOT
from tests.rdf_reading import read_rdf

ARTICLES = ["d45ea5260ee2b7ad", "234179c74b9a603c"]
SOURCE = "https://tiegraph.org/source/"
XSD_DECIMAL = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#decimal")


@pytest.fixture(scope="module")
def background(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the seeds that are not articles: the sheets must not lean on the TriG."""
    store = tmp_path_factory.mktemp("seed-sheets") / "store"
    others = [str(p) for p in sorted((ROOT / "seeds").glob("*.trig")) if p.stem not in ARTICLES]
    assert tiegraph(store, "load", *others).returncode == 0
    return store


def _decimals_by_value(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph with each xsd:decimal in one form: Oxigraph, which writes `check`'s TriG, prints
    10000000000.0 as 10000000000, the same number."""
    def term(node: rdflib.term.Node) -> rdflib.term.Node:
        if isinstance(node, rdflib.Literal) and node.datatype == XSD_DECIMAL:
            return rdflib.Literal(format(Decimal(str(node)).normalize(), "f"), datatype=XSD_DECIMAL)
        return node

    return rdflib.Graph().__iadd__((s, p, term(o)) for s, p, o in graph)


@pytest.mark.parametrize("article", ARTICLES)
def test_the_sheet_compiles_to_the_articles_trig(background: Path, article: str) -> None:
    checked = tiegraph(background, "check", str(ROOT / "seeds" / f"{article}.yaml"))
    assert checked.returncode == 0, checked.stderr
    compiled = read_rdf(checked.stdout, "trig")
    committed = read_rdf((ROOT / "seeds" / f"{article}.trig").read_text(encoding="utf-8"), "trig")
    mine, theirs = (_decimals_by_value(d.graph(rdflib.URIRef(SOURCE + article))) for d in (compiled, committed))  # type: ignore[attr-defined]
    assert len(theirs) > 150
    _, only_sheet, only_trig = graph_diff(to_isomorphic(mine), to_isomorphic(theirs))
    assert isomorphic(mine, theirs), f"only in the sheet: {sorted(only_sheet)[:5]}; only in the TriG: {sorted(only_trig)[:5]}"
