"""Find every reason a staged write breaks the ontology or its shapes, before anything is written."""

from __future__ import annotations

import difflib
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from graph.errors import Problem
from graph.namespaces import ONTOLOGY_GRAPH, shorten as _short
from graph.ontology import Ontology
from graph.shapes import NEIGHBOUR_TYPES, Check
from graph.vocabulary import TG

MAX_PROBLEMS = 50
SOURCE_DOCUMENT = TG.SourceDocument


def find_problems(
    staging: ox.Store, sources: dict[ox.NamedNode, Path | str], ontology: Ontology, checks: list[Check]
) -> tuple[list[Problem], bool]:
    """Problems of the data staged in `sources`' graphs; True too when there were more to show."""
    judged = [g for g in staging.named_graphs() if g.value != NEIGHBOUR_TYPES]
    problems = _undefined_terms(staging, sources, ontology)
    problems += _undescribed_graphs(staging, sources)
    for check in checks:
        for row in staging.query(f"{check.sparql} LIMIT {MAX_PROBLEMS + 1}", default_graph=judged):
            focus, value = row["focus"], row["value"]
            where = _source_of(staging, sources, focus)
            path = _short(URIRef(check.path.toPython()))
            found = f"has {value.value}" if check.component.startswith(("sh:min", "sh:max", "sh:qual")) else f"got {value}"
            problems.append(
                Problem(
                    source=where,
                    focus=_short(URIRef(focus.value)),
                    constraint=f"{check.component} on {path} in {_short(check.shape)}",
                    message=f"{path} {check.explanation}; {found}",
                )
            )
            if len(problems) > MAX_PROBLEMS:
                return problems[:MAX_PROBLEMS], True
    return problems, False


def _undefined_terms(staging: ox.Store, sources: dict[ox.NamedNode, Path | str], ontology: Ontology) -> list[Problem]:
    graphs = " ".join(str(g) for g in sources)
    query = f"""
        SELECT DISTINCT ?g ?term WHERE {{
          VALUES ?g {{ {graphs} }}
          GRAPH ?g {{ {{ ?term ?p ?o }} UNION {{ ?s ?term ?o }} UNION {{ ?s ?p ?term }} }}
          FILTER(isIRI(?term) && STRSTARTS(STR(?term), "{TG}"))
        }}"""
    problems = []
    for row in staging.query(query):
        term = URIRef(row["term"].value)
        if term in ontology.defined_terms:
            continue
        source = sources[row["g"]]
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


def _undescribed_graphs(staging: ox.Store, sources: dict[ox.NamedNode, Path | str]) -> list[Problem]:
    problems = []
    for graph, source in sources.items():
        if graph.value == str(ONTOLOGY_GRAPH):
            continue
        described = staging.query(f"ASK {{ {graph} a ?class . VALUES ?class {{ <{SOURCE_DOCUMENT}> }} }}", use_default_graph_as_union=True)
        if not bool(described):
            problems.append(
                Problem(
                    source=str(source),
                    focus=graph.value,
                    constraint="named graph described as a source document",
                    message=f"graph {graph} holds facts but is not described; add {graph} a tg:SourceDocument with a title",
                )
            )
    return problems


def _source_of(staging: ox.Store, sources: dict[ox.NamedNode, Path | str], focus: ox.NamedNode | ox.BlankNode) -> str:
    for quad in staging.quads_for_pattern(focus, None, None):
        if quad.graph_name in sources:
            return str(sources[quad.graph_name])
    return "existing data"


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
