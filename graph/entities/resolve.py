"""Find the entity a user means: by id, by IRI, or by a label that fits only one entity.

Order: an IRI or an id (`lei-jun` for `https://tiegraph.org/id/lei-jun`) that the store knows;
then an exact label or alternative label (plain, @en or @zh), which wins over looser matches;
then a place name in any of its forms (`wuhan`, `武汉市`, `hefei shi`: graph/places.py);
then a case-insensitive match on part of a label. More than one entity at the first step that
finds any is an `AmbiguousName` listing them; none at all is `NotFound`.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from graph.errors import AmbiguousName, InputError, NotFound
from graph.model.namespaces import ID
from graph.places.resolver import described, place_hint, resolve_place

LABELS = "<http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel>"
CANDIDATES_SHOWN = 10


def resolve(engine: ox.Store, name: str, loose: bool = True, hint: bool = True) -> str:
    """The IRI of the one entity `name` designates. Without `loose`, no match on part of a
    label: that step scans every label, which a sheet naming many new entities cannot afford.
    Without `hint`, a name found nowhere is not compared with every place name for a "did you
    mean" (a second on a large graph), for a caller that expects new names and drops the message."""
    name = name.strip()
    if not name:
        raise InputError("an entity name is empty; give an id such as lei-jun, an IRI or a label")
    iri = name if name.startswith(("http://", "https://")) else f"{ID}{name}"
    try:
        if next(engine.quads_for_pattern(ox.NamedNode(iri), None, None), None) is not None:
            return iri
    except ValueError:
        pass  # not an IRI (a label with spaces, say)
    text = json.dumps(name, ensure_ascii=False)
    exact = f"SELECT DISTINCT ?e WHERE {{ VALUES ?l {{ {text} {text}@en {text}@zh }} ?e {LABELS} ?l }} LIMIT {CANDIDATES_SHOWN + 1}"
    loose_query = (
        f"SELECT DISTINCT ?e WHERE {{ ?e {LABELS} ?l FILTER(CONTAINS(LCASE(STR(?l)), {json.dumps(name.lower(), ensure_ascii=False)})) "
        f"FILTER(!STRSTARTS(STR(?e), \"https://tiegraph.org/ontology\")) }} "
        f"LIMIT {CANDIDATES_SHOWN + 1}"
    )
    found = _entities(engine, exact)
    if not found:
        try:
            return resolve_place(engine, name, hint=hint and not loose)  # a loose look-up hints below, once
        except NotFound:
            if not loose:
                raise
            found = _entities(engine, loose_query)
    if len(found) == 1:
        return found[0]
    if found:
        raise AmbiguousName(name, [(iri, described(engine, iri)) for iri in found[:CANDIDATES_SHOWN]])
    suggestion = place_hint(engine, name) if hint else "give its id, IRI or label"
    raise NotFound(f"no entity has the id, IRI or label {name!r}, nor a place that name; {suggestion}")


def _entities(engine: ox.Store, query: str) -> list[str]:
    return sorted(row["e"].value for row in engine.query(query, use_default_graph_as_union=True) if isinstance(row["e"], ox.NamedNode))
