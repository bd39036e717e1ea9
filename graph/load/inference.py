"""Rules as data: SPARQL CONSTRUCT files in graph/load/rules/, each writing its own named graph.

`materialise` runs after every write (the loader calls it) and ends it: it loads the reference data ties
need (exchange rates), drops every rule graph, runs the rules in file-name order over the union
of all graphs (so a later rule sees what an earlier one inferred), writes each rule's new triples
to `https://tiegraph.org/inferred/<rule>`, records the store's content revision and clears the
write's intent (graph/store/intent.py). Each rule
graph describes itself as a tg:SourceDocument whose prov:wasDerivedFrom is the rule, so every
inferred triple says which rule made it and stays apart from what sources assert.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from graph.store.intent import INTENT_GRAPH, clear_intent
from graph.store.revision import INFERRED, VERSIONS_GRAPH, is_inferred, record_versions

RULES_DIR = Path(str(files("graph.load") / "rules"))
REFERENCE_DIR = Path(str(files("graph.load") / "reference"))
RULE_BASE = "https://tiegraph.org/rule/"
BULK_FROM = 10_000  # inferred quads


@dataclass(frozen=True)
class Rule:
    """One inference rule: a CONSTRUCT query whose results go to the rule's own graph."""

    name: str
    title: str
    path: Path
    sparql: str

    @property
    def graph(self) -> ox.NamedNode:
        """The named graph that holds what this rule inferred."""
        return ox.NamedNode(f"{INFERRED}{self.name}")

    @property
    def iri(self) -> str:
        """The rule itself, as a prov:Plan the inferred graph is derived from."""
        return f"{RULE_BASE}{self.name}"


@cache
def rules() -> tuple[Rule, ...]:
    """Every rule file, in the order they run (their file names start with a number)."""
    found = []
    for path in sorted(RULES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title = re.search(r"^# title: (.+)$", text, re.MULTILINE)
        found.append(Rule(re.sub(r"^\d+-", "", path.stem), title[1] if title else path.stem, path, text))
    return tuple(found)


def materialise(
    engine: ox.Store,
    changed: Iterable[ox.NamedNode] | None = None,
    content: ox.Store | None = None,
    inferred: ox.Store | None = None,
    digests: dict[str, str] | None = None,
) -> dict[str, int]:
    """Bring reference data, rule graphs and the revision up to date; triples inferred per rule.

    `changed` names the graphs a write replaced, so only they are re-digested (None: all), from
    `content` when the caller still holds them in memory. `inferred` is a store on which
    `run_rules` already ran over the same data (the loader does that for a fresh store while
    the write is under way); its rule graphs are copied instead of running the rules again.
    `digests` are content digests of changed graphs computed in advance.
    """
    references = _load_references(engine)
    if inferred is None:
        counts = run_rules(engine)
    else:
        _drop_rule_graphs(engine)
        counts = {}
        for rule in rules():
            triples = inferred.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=rule.graph)
            engine.bulk_load(input=triples, format=ox.RdfFormat.N_TRIPLES, to_graph=rule.graph)
            counts[rule.name] = triples.count(b"\n")
    record_versions(engine, None if changed is None else [*changed, *references], content, digests)
    clear_intent(engine)  # last: until here, a crash leaves the intent for recovery to find
    return counts


def run_rules(store: ox.Store) -> dict[str, int]:
    """Run every rule in order over `store`, each writing its own described graph there."""
    _drop_rule_graphs(store)
    counts = {}
    for rule in rules():
        triples = list(store.query(rule.sparql, use_default_graph_as_union=True))
        _add(store, [ox.Quad(t.subject, t.predicate, t.object, rule.graph) for t in triples])
        store.load(_describe(rule).encode(), format=ox.RdfFormat.TURTLE, to_graph=rule.graph)
        counts[rule.name] = len(triples)
    return counts


def _drop_rule_graphs(store: ox.Store) -> None:
    for g in list(store.named_graphs()):
        if is_inferred(g.value) and g not in (VERSIONS_GRAPH, INTENT_GRAPH):  # updated, not redone
            store.remove_graph(g)


def _add(store: ox.Store, quads: list[ox.Quad]) -> None:
    # Inferred graphs can be computed again, so large ones may skip the transaction's cost.
    (store.bulk_extend if len(quads) > BULK_FROM else store.extend)(quads)


def _load_references(engine: ox.Store) -> list[ox.NamedNode]:
    """Replace each reference graph (e.g. exchange rates) with the file's current content."""
    loaded = []
    for path in sorted(REFERENCE_DIR.glob("*.trig")):
        staging = ox.Store()
        staging.load(path=str(path), format=ox.RdfFormat.TRIG)
        for g in staging.named_graphs():
            engine.remove_graph(g)
            loaded.append(g)
        engine.extend(staging.quads_for_pattern(None, None, None))
    return loaded


def _describe(rule: Rule) -> str:
    """Turtle describing the rule graph as a source document generated by running the rule."""
    g, title = rule.graph.value, rule.title.replace('"', '\\"')
    relative = f"graph/load/rules/{rule.path.name}"
    return f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<{g}> a <https://tiegraph.org/ontology#SourceDocument> ;
    rdfs:label "Facts inferred by the rule {rule.name}"@en ;
    dcterms:title "Inferred: {title}"@en ;
    dcterms:identifier "inferred/{rule.name}" ;
    <https://tiegraph.org/ontology#titleSupplied> true ;
    prov:wasGeneratedBy <{g}#run> ;
    prov:wasDerivedFrom <{rule.iri}> .
<{g}#run> a prov:Activity ; prov:used <{rule.iri}> .
<{rule.iri}> a prov:Plan ; rdfs:label "{title}"@en ; dcterms:source "{relative}" .
"""


