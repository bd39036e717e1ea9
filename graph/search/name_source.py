"""Names and classes of entities as the store states them, read with SPARQL for the name index.

Which properties are names is read from the ontology: rdfs:label and skos:prefLabel are labels;
skos:altLabel and every sub-property of it (tg:nickname) are aliases. Entities are the IRIs under
`https://tiegraph.org/id/`; every named graph counts, so the index can tell which entities a
changed graph touches.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib.namespace import RDFS, SKOS

from graph.model.namespaces import ID, RDF_TYPE
from graph.model.ontology import load_ontology

LABEL, ALIAS, PINYIN = 0, 1, 2
PINYIN_TAG = "zh-latn-pinyin"  # BCP 47 tag of Hanyu Pinyin, as the gazetteer writes it


@dataclass
class Names:
    """What the store says about one entity, as far as search cares."""

    names: set[tuple[int, str]]
    types: set[str]
    graphs: set[str]
    romanised: bool = False  # some name is tagged as pinyin (zh-Latn-pinyin): it replaces computed readings


@cache
def name_properties() -> dict[str, int]:
    """Name properties and their kind, read from the ontology (tg:nickname is an altLabel);
    cached, as the ontology does not change while a process runs."""
    aliases = load_ontology().graph.transitive_subjects(RDFS.subPropertyOf, SKOS.altLabel)
    return {str(RDFS.label): LABEL, str(SKOS.prefLabel): LABEL, **{str(p): ALIAS for p in aliases}}


_ENTITY_FILTER = f'FILTER(STRSTARTS(STR(?e), "{ID}"))'


def entities_in(engine: ox.Store, graphs: set[str]) -> set[str]:
    """The entities some statement of one of `graphs` is about."""
    if not graphs:
        return set()
    values = " ".join(f"<{g}>" for g in sorted(graphs))
    query = f"SELECT DISTINCT ?e WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?e ?p ?o }} {_ENTITY_FILTER} }}"
    return {row["e"].value for row in engine.query(query)}


def read_names(engine: ox.Store, values: str) -> dict[str, Names]:
    """Names, types and graphs of the entities `values` binds to ?e (every entity when empty)."""
    kinds = name_properties()
    properties = " ".join(f"<{p}>" for p in [*kinds, RDF_TYPE])
    query = f"SELECT ?e ?p ?o ?g WHERE {{ {values} VALUES ?p {{ {properties} }} GRAPH ?g {{ ?e ?p ?o }} {_ENTITY_FILTER} }}"
    described: dict[str, Names] = {}
    for e, p, o, g in engine.query(query):
        about = described.get(e.value)
        if about is None:
            about = described[e.value] = Names(set(), set(), set())
        about.graphs.add(g.value)
        if p.value == RDF_TYPE:
            about.types.add(o.value)
        elif isinstance(o, ox.Literal):
            about.names.add((kinds[p.value], o.value))
            about.romanised |= (o.language or "").lower() == PINYIN_TAG
    return described
