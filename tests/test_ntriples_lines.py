"""N-Triples lines split by string operations give the terms Oxigraph serialised, tricky literals too."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.store import RDF_LANG_STRING, XSD_STRING, Literal, iri, literal, split_triple, unescape

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
TRICKY = [
    pytest.param(ox.Literal("plain"), id="plain"),
    pytest.param(ox.Literal(""), id="empty"),
    pytest.param(ox.Literal('say "hi" . <now>'), id="quotes-dot-brackets"),
    pytest.param(ox.Literal('ends with a quote"'), id="trailing-quote"),
    pytest.param(ox.Literal("back\\slash \\n not a newline"), id="backslashes"),
    pytest.param(ox.Literal("line\nbreak\r\ttab\b\f"), id="control-escapes"),
    pytest.param(ox.Literal("bell\x07 and delete\x7f"), id="unicode-escapes"),
    pytest.param(ox.Literal("小米科技 — café 😀"), id="unicode"),
    pytest.param(ox.Literal("Wuhan", language="en"), id="language"),
    pytest.param(ox.Literal("武汉 \"市\"", language="zh-Hans"), id="language-subtag-quotes"),
    pytest.param(ox.Literal("500000000.0", datatype=ox.NamedNode(f"{XSD}decimal")), id="decimal"),
    pytest.param(ox.Literal("2021-03", datatype=ox.NamedNode(f"{XSD}gYearMonth")), id="year-month"),
    pytest.param(ox.Literal('x "y"', datatype=ox.NamedNode(f"{EX}type?a=1&b=2")), id="custom-datatype"),
]


@pytest.mark.parametrize("term", TRICKY)
def test_literals_read_back_as_oxigraph_wrote_them(term: ox.Literal) -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p"), term, ox.NamedNode(f"{EX}g")))
    (line,) = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(f"{EX}g")).decode().splitlines()
    subject, predicate, text = split_triple(line)
    assert (iri(subject), iri(predicate)) == (f"{EX}s", f"{EX}p")
    stored = next(iter(store)).object  # as the store keeps it: 500000000.0 becomes 500000000
    assert literal(text) == Literal(stored.value, stored.language, stored.datatype.value)


def test_iris_and_blank_nodes_are_split_at_spaces() -> None:
    line = f"_:b0 <{EX}p> <{EX}o?x=1&y=%20> ."
    assert split_triple(line) == ("_:b0", f"<{EX}p>", f"<{EX}o?x=1&y=%20>")


def test_defaults_for_plain_and_tagged_literals() -> None:
    assert literal('"a"') == Literal("a", None, XSD_STRING)
    assert literal('"a"@en-GB') == Literal("a", "en-GB", RDF_LANG_STRING)


def test_every_escape_form_is_undone() -> None:
    assert unescape(r"\t\b\n\r\f\"\'\\ \u00e9 \U0001F600") == "\t\b\n\r\f\"'\\ é 😀"
    assert iri(r"<http://example.org/caf\u00E9>") == "http://example.org/café"
    with pytest.raises(ValueError, match=r"\\q"):
        unescape(r"\q")
