"""The closed Python vocabulary is the ontology's, term for term."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from graph.model import load_ontology, TG


def test_python_vocabulary_matches_the_ontology() -> None:
    declared = {name for name in TG.__annotations__}
    defined = {str(term).removeprefix(str(TG)) for term in load_ontology().defined_terms}
    assert declared == defined


def test_misspelt_term_is_an_error() -> None:
    assert TG.founder == URIRef("https://tiegraph.org/ontology#founder")
    with pytest.raises(AttributeError):
        TG.foundr  # noqa: B018
