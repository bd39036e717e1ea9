"""Find the entity a user means: by id, by IRI, or by a label that fits only one entity.

Order: an IRI or an id (`lei-jun` for `https://tiegraph.org/id/lei-jun`) that the store knows;
then an exact label or alternative label (plain, @en or @zh), which wins over looser matches;
then a case-insensitive match on part of a label. More than one entity at the first step that
finds any is an `AmbiguousName` listing them; none at all is `NotFound`.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from graph.errors import AmbiguousName, InputError, NotFound
from graph.evidence import labels
from graph.namespaces import ID

LABELS = "<http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel>"
CANDIDATES_SHOWN = 10


def resolve(engine: ox.Store, name: str) -> str:
    """The IRI of the one entity `name` designates."""
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
    loose = (
        f"SELECT DISTINCT ?e WHERE {{ ?e {LABELS} ?l FILTER(CONTAINS(LCASE(STR(?l)), {json.dumps(name.lower(), ensure_ascii=False)})) "
        f"FILTER(!STRSTARTS(STR(?e), \"https://tiegraph.org/ontology\")) }} "
        f"LIMIT {CANDIDATES_SHOWN + 1}"
    )
    for query in (exact, loose):
        found = sorted(row["e"].value for row in engine.query(query, use_default_graph_as_union=True) if isinstance(row["e"], ox.NamedNode))
        if len(found) == 1:
            return found[0]
        if found:
            named = labels(engine, found)
            raise AmbiguousName(name, [(iri, named.get(iri)) for iri in found[:CANDIDATES_SHOWN]])
    raise NotFound(f"no entity has the id, IRI or label {name!r}")
