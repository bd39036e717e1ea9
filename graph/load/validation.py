"""Find every reason a staged write breaks the ontology or its shapes, before anything is written."""

from __future__ import annotations

import difflib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from graph.errors import Problem
from graph.model.namespaces import ONTOLOGY_GRAPH, shorten as _short
from graph.model.ontology import Ontology
from graph.load.shapes import Check
from graph.model.vocabulary import TG
from graph.model.statements import RDF_TYPE

MAX_PROBLEMS = 50
WORKERS = 2
TG_TERMS = f"""SELECT DISTINCT ?x WHERE {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{TG}")) }}"""
SOURCE_DOCUMENT = TG.SourceDocument


def find_problems(
    staging: ox.Store, sources: dict[ox.NamedNode, Path | str], ontology: Ontology, checks: list[Check], workers: int = WORKERS
) -> tuple[list[Problem], bool]:
    """Problems of the data staged in `sources`' graphs; True too when there were more to show.

    Checks whose types or property the data never uses cannot fail and are skipped; the rest
    run on `workers` threads, since Oxigraph releases the GIL while it evaluates.
    """
    predicates = _distinct(staging, "SELECT DISTINCT ?x WHERE { ?s ?x ?o }")
    types = _distinct(staging, "SELECT DISTINCT ?x WHERE { ?s a ?x }")
    relevant = [c for c in checks if c.types & types and (c.path in predicates or not c.needs_path)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        scanned = pool.submit(_distinct, staging, TG_TERMS)
        found = list(pool.map(lambda check: (check, _violations(staging, check)), relevant))
        used = scanned.result() | {p for p in predicates if p.startswith(str(TG))}
    problems = _undefined_terms(staging, sources, ontology, used)
    problems += _undescribed_graphs(staging, sources, ontology)
    for check, rows in found:
        problems += [_problem(staging, sources, check, row) for row in rows]
    return problems[:MAX_PROBLEMS], len(problems) > MAX_PROBLEMS


def _distinct(staging: ox.Store, sparql: str) -> set[URIRef]:
    return {URIRef(row["x"].value) for row in staging.query(sparql, use_default_graph_as_union=True)}


def _violations(staging: ox.Store, check: Check) -> list[ox.QuerySolution]:
    return list(staging.query(f"{check.sparql} LIMIT {MAX_PROBLEMS + 1}", use_default_graph_as_union=True))


def _problem(staging: ox.Store, sources: dict[ox.NamedNode, Path | str], check: Check, row: ox.QuerySolution) -> Problem:
    focus, value = row["focus"], row["value"]
    path = _short(check.path)
    found = f"got {value}" if check.needs_path and not check.component.startswith("sh:max") else f"has {value.value}"
    return Problem(
        source=str(_source_of(staging, sources, focus)),
        focus=_short(URIRef(focus.value)),
        constraint=f"{check.component} on {path} in {', '.join(_short(shape) for shape in check.shapes_for(_types_of(staging, focus)))}",
        message=f"{path} {check.explanation}; {found}",
    )


def _types_of(staging: ox.Store, node: ox.NamedNode | ox.BlankNode) -> set[URIRef]:
    return {URIRef(quad.object.value) for quad in staging.quads_for_pattern(node, RDF_TYPE, None)}


def _undefined_terms(
    staging: ox.Store, sources: dict[ox.NamedNode, Path | str], ontology: Ontology, used: set[URIRef]
) -> list[Problem]:
    problems = []
    for term in sorted(used - ontology.defined_terms):
        source = _source_of(staging, sources, ox.NamedNode(str(term)))
        near = difflib.get_close_matches(str(term), [str(t) for t in ontology.defined_terms], n=3)
        hint = f"did you mean {', '.join(_short(URIRef(n)) for n in near)}?" if near else "add it to ontology/tiegraph.ttl first"
        problems.append(
            Problem(
                source=_with_line(source, term),
                focus=_short(term),
                constraint="term defined in the ontology",
                message=f"{_short(term)} is not defined in the tiegraph ontology; {hint}",
            )
        )
    return problems


def _source_of(staging: ox.Store, sources: dict[ox.NamedNode, Path | str], term: ox.NamedNode | ox.BlankNode) -> Path | str:
    """The staged file that mentions `term`, as subject first, for the error message."""
    for pattern in ((term, None, None), (None, term, None), (None, None, term)):
        for quad in staging.quads_for_pattern(*pattern):
            if quad.graph_name in sources:
                return sources[quad.graph_name]
    return "existing data"


HOW_TO_DESCRIBE = (
    "describe the source in that graph, e.g. `<> a tg:NewsArticle ; rdfs:label \"…\"@en ; dcterms:title \"…\" ; "
    "dcterms:identifier \"…\" ; dcterms:issued \"2024-05-01\"^^xsd:date .` (in a file of triples `<>` names the "
    "graph it goes to: the --graph IRI, or source:file/NAME without one; in TriG or an update, write the graph's IRI); "
    "reference data says `<> a tg:ReferenceDataset` instead; "
    "or write the facts as a fact sheet with a source: block and run `tiegraph add SHEET` (docs/fact-sheets.md)"
)


def _undescribed_graphs(staging: ox.Store, sources: dict[ox.NamedNode, Path | str], ontology: Ontology) -> list[Problem]:
    problems = []
    kinds = " ".join(f"<{c}>" for c in sorted(ontology.subclasses(SOURCE_DOCUMENT)))
    for graph, source in sources.items():
        if graph.value == str(ONTOLOGY_GRAPH):
            continue
        described = staging.query(f"ASK {{ {graph} a ?class . VALUES ?class {{ {kinds} }} }}", use_default_graph_as_union=True)
        if not bool(described):
            problems.append(
                Problem(
                    source=str(source),
                    focus=graph.value,
                    constraint="named graph described as a source document",
                    message=f"graph {graph} holds facts but does not say which source states them; {HOW_TO_DESCRIBE}",
                )
            )
    return problems


def _with_line(source: Path | str, term: URIRef) -> str:
    """`file line N` for the first line naming `term`, so the user can jump to it."""
    path = Path(source)
    if not path.is_file() or path.stat().st_size > 20_000_000:
        return str(source)
    local = term.removeprefix(str(TG))
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if str(term) in line or f"tg:{local}" in line:
                return f"{source} line {number}"
    return str(source)
