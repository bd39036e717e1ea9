"""The ontology, its shapes and the seed graphs agree with each other.

These tests read the files with rdflib directly (no store, no loader), so they judge the
data itself: SHACL conformance, defined vocabulary, labels, and provenance of every graph.
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = ROOT / "ontology" / "tiegraph.ttl"
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
SEED_FILES = sorted((ROOT / "seeds").glob("*.trig"))

TG = Namespace("https://tiegraph.org/ontology#")
TGID = Namespace("https://tiegraph.org/id/")
TGSRC = Namespace("https://tiegraph.org/source/")
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


@cache
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@cache
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def parse_seed(path: Path) -> Dataset:
    ds = Dataset()
    with warnings.catch_warnings():
        # rdflib 7.6 warns about its own ConjunctiveGraph internals whenever a Dataset parses TriG.
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(data=path.read_text(encoding="utf-8"), format="trig")
    return ds


@cache
def seeds() -> Dataset:
    ds = Dataset()
    for path in SEED_FILES:
        for s, p, o, g in parse_seed(path).quads((None, None, None, None)):
            ds.add((s, p, o, g))
    return ds


def union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def named_graphs(ds: Dataset) -> list[Graph]:
    return [g for g in ds.graphs() if g.identifier != ds.default_graph.identifier and len(g)]


def iris(g: Graph) -> set[URIRef]:
    return {term for triple in g for term in triple if isinstance(term, URIRef)}


def has_english(g: Graph, node: URIRef, predicate: URIRef = RDFS.label) -> bool:
    return any(isinstance(v, Literal) and v.language == "en" for v in g.objects(node, predicate))


def shacl_report(data: Graph) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(
        data, shacl_graph=shapes(), ont_graph=ontology(), inference="none", allow_warnings=False
    )
    return conforms, text


GAZETTEER = next(p for p in SEED_FILES if p.stem == "gazetteer")
BUILDS_ON_GAZETTEER = {"background-geography"}


def test_seed_files_exist():
    names = {p.name for p in SEED_FILES}
    assert {"d45ea5260ee2b7ad.trig", "234179c74b9a603c.trig", "background-geography.trig", "gazetteer.trig"} <= names


def test_union_of_seeds_conforms_to_shapes():
    conforms, text = shacl_report(union(seeds()))
    assert conforms, text


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_each_seed_file_conforms_on_its_own(path):
    # Each document's graph types and labels what it mentions, so it can be loaded first; the
    # background geography adds to the gazetteer's places, so it is checked together with it.
    data = union(parse_seed(path))
    if path.stem in BUILDS_ON_GAZETTEER:
        data += union(parse_seed(GAZETTEER))
    conforms, text = shacl_report(data)
    assert conforms, text


BROKEN = [
    pytest.param(
        (TGID["guangdong-strategic-investment-xpeng-2021"], TG.amount, Literal("500 million")),
        id="amount-not-decimal",
    ),
    pytest.param(
        (TGID["guangdong-strategic-investment-xpeng-2021"], TG.currency, Literal("RMB ")), id="currency-not-iso"
    ),
    pytest.param((TGID["hefei-rescue-financing-nio-2020"], TG.date, Literal("last year")), id="date-not-xsd"),
    pytest.param((TGID["nio"], TG.founder, TGID["cn-340100"]), id="founder-not-person"),
    pytest.param((TGID["new-firm"], RDF.type, TG.Company), id="firm-without-label"),
    pytest.param((TGID["new-firm"], RDFS.label, Literal("新公司", lang="zh")), id="label-not-english"),
]


@pytest.mark.parametrize("triple", BROKEN)
def test_shapes_reject_broken_data(triple):
    # Negative control: the shapes must bite, not pass everything.
    data = union(seeds())
    s, p, o = triple
    if p in (TG.amount, TG.currency, TG.date):
        data.remove((s, p, None))
    if p == RDFS.label:
        data.add((s, RDF.type, TG.Company))
    data.add(triple)
    conforms, _ = shacl_report(data)
    assert not conforms


def test_every_tg_term_used_is_defined_in_the_ontology():
    defined = {s for s in ontology().subjects() if isinstance(s, URIRef) and s.startswith(str(TG))}
    used = {t for t in iris(union(seeds())) | iris(shapes()) if t.startswith(str(TG))}
    assert sorted(used - defined) == []


def test_every_tg_term_is_declared():
    g = ontology()
    terms = {s for s in g.subjects() if isinstance(s, URIRef) and s.startswith(str(TG))}
    undeclared = [t for t in sorted(terms) if not DECLARATIONS & set(g.objects(t, RDF.type))]
    assert undeclared == []


def ontology_terms() -> list[URIRef]:
    g = ontology()
    tg_terms = {s for s in g.subjects() if isinstance(s, URIRef) and s.startswith(str(TG))}
    concepts = set(g.subjects(RDF.type, SKOS.Concept)) | set(g.subjects(RDF.type, SKOS.ConceptScheme))
    return sorted(tg_terms | concepts | {URIRef("https://tiegraph.org/ontology")})


def test_every_ontology_term_has_english_label_and_comment():
    g = ontology()
    missing = [
        t for t in ontology_terms() if not (has_english(g, t, RDFS.label) and has_english(g, t, RDFS.comment))
    ]
    assert missing == []


def test_ontology_header():
    g = ontology()
    iri = URIRef("https://tiegraph.org/ontology")
    assert (iri, RDF.type, OWL.Ontology) in g
    for predicate in (URIRef("http://purl.org/dc/terms/title"), OWL.versionInfo, URIRef("http://purl.org/dc/terms/license")):
        assert g.value(iri, predicate) is not None, predicate


def test_every_concept_is_in_a_scheme_with_preferred_label():
    g = ontology()
    bad = [
        c
        for c in g.subjects(RDF.type, SKOS.Concept)
        if not (has_english(g, c, SKOS.prefLabel) and (c, SKOS.inScheme, None) in g)
    ]
    assert bad == []


def test_every_class_has_a_shape():
    classes = {c for c in ontology().subjects(RDF.type, OWL.Class) if c.startswith(str(TG))}
    targeted = set(shapes().objects(None, SH.targetClass))
    assert sorted(classes - targeted) == []


def test_every_seed_entity_has_english_label():
    data = union(seeds())
    labelled = data + ontology()
    nodes = {s for s in data.subjects() if isinstance(s, URIRef)}
    nodes |= {o for p, o in data.predicate_objects() if isinstance(o, URIRef) and p != RDF.type}
    nodes -= set(data.subjects(RDF.type, RDF.Statement))  # where an article states a fact: no entity (its parts are checked)
    unlabelled = [n for n in sorted(nodes) if not has_english(labelled, n)]
    assert unlabelled == []


def test_no_blank_nodes_in_seeds():
    blank = [q for q in seeds().quads((None, None, None, None)) if any(isinstance(t, BNode) for t in q[:3])]
    assert blank == []


def test_seeds_use_no_default_graph():
    assert len(seeds().default_graph) == 0


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_seed_file_holds_one_graph_named_after_it(path):
    graphs = [g.identifier for g in named_graphs(parse_seed(path))]
    assert graphs == [TGSRC[path.stem]]


def test_every_named_graph_is_described_as_a_source_document():
    source_classes = set(ontology().transitive_subjects(RDFS.subClassOf, TG.SourceDocument))
    undescribed = [
        g.identifier for g in named_graphs(seeds()) if not source_classes & set(g.objects(g.identifier, RDF.type))
    ]
    assert undescribed == []


@pytest.mark.parametrize("graph", [g.identifier for g in named_graphs(seeds())], ids=str)
def test_source_document_has_title_identifier_and_language(graph):
    g = seeds().graph(graph)
    assert has_english(g, graph, URIRef("http://purl.org/dc/terms/title"))
    assert g.value(graph, URIRef("http://purl.org/dc/terms/identifier")) is not None
    assert Literal("en") in set(g.objects(graph, URIRef("http://purl.org/dc/terms/language")))


@pytest.mark.parametrize("graph", [g.identifier for g in named_graphs(seeds())], ids=str)
def test_inverse_properties_are_stated_both_ways(graph):
    # No reasoner runs at query time, so each graph states both directions of an owl:inverseOf pair.
    g = seeds().graph(graph)
    pairs = [(p, q) for p, q in ontology().subject_objects(OWL.inverseOf)]
    missing = [
        (s, forward, o)
        for p, q in pairs
        for forward, backward in ((p, q), (q, p))
        for s, o in g.subject_objects(forward)
        if (o, backward, s) not in g
    ]
    assert missing == []


def test_money_uses_decimal_amounts_and_iso_codes():
    data = union(seeds())
    for predicate in (TG.amount, TG.equivalentAmount, TG.initialTrancheAmount, TG.value):
        for value in data.objects(None, predicate):
            assert value.datatype == XSD.decimal, (predicate, value)
    for predicate in (TG.currency, TG.equivalentCurrency, TG.initialTrancheCurrency):
        for value in data.objects(None, predicate):
            assert value.datatype in (None, XSD.string) and value.language is None
            assert len(str(value)) == 3 and str(value).isupper(), (predicate, value)
