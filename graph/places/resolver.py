"""Resolve a place name to the one IRI the graph gives that place, or refuse it with the candidates.

People name a place in many ways: 武汉, 武汉市, Wuhan, wuhan shi, Wuhan City, Wǔhàn. Every
place (an entity of tg:Place or a subclass) is known by its labels and aliases (graph/search/name_source.py
says which properties those are), and a name is looked up in three steps; the first step that
finds anything decides, and more than one place there is an `AmbiguousName` listing them:

1. a label, whole: case, spaces, hyphens and apostrophes aside (`xi'an` is Xi'an). Tone marks
   count here, so `Shǎnxī` is 陕西 while `Shanxi` is the English label of 山西;
2. an alias, whole, in the same way (`武汉`, `Wuhan` as toneless pinyin);
3. the name without the kind of division at its end (省 市 县 区 自治州…, or `province`, `city`,
   `shi`, `county`, `xian`, `district`…), tone marks dropped, against the names of places
   likewise shortened. A kind given keeps only places named with that kind, when any is:
   `Jilin` is the province or the city, `Jilin Province` and `吉林市` are one each.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset

from graph.errors import AmbiguousName, InputError, NotFound
from graph.model.labels import best_label
from graph.model.namespaces import RDFS_LABEL
from graph.model.vocabulary import TG
from graph.places.current import place_index
from graph.store.dataset import engine_of
from graph.store.revision import is_inferred

CANDIDATES_SHOWN = 10


def resolve_place(kg: Dataset | ox.Store, name: str, hint: bool = True) -> str:
    """The IRI of the one place `name` designates; `AmbiguousName` (with candidates) or `NotFound`
    otherwise, with the places spelt nearly alike unless `hint` is false."""
    engine = engine_of(kg) if isinstance(kg, Dataset) else kg  # an engine: embedded or remote
    if not name.strip():
        raise InputError("a place name is empty; give a name such as Wuhan, 武汉 or hefei shi")
    found = place_index(engine).candidates(name)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"no place is named {name!r}" + (f"; {place_hint(engine, name)}" if hint else ""))
    shown = found[:CANDIDATES_SHOWN]
    raise AmbiguousName(name, [(iri, described(engine, iri)) for iri in shown])


def place_hint(engine: ox.Store, name: str) -> str:
    """What to try instead of a place name that fits nothing: the places spelt nearly alike."""
    close = place_index(engine).close(name)
    if not close:
        return "give its Chinese name, its pinyin or its English name"
    return f"did you mean {'; '.join(filter(None, (described(engine, iri) for iri in close)))}?"


def described(engine: ox.Store, iri: str) -> str | None:
    """`Chaoyang District, Changchun`: a place's English label and that of the place it directly lies in."""
    label = _english_label(engine, iri)
    parents = sorted(
        q.object.value
        for q in engine.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(str(TG.locatedIn)), None)
        if isinstance(q.object, ox.NamedNode) and isinstance(q.graph_name, ox.NamedNode) and not is_inferred(q.graph_name.value)
    )
    parent = next((p for p in parents if _english_label(engine, p)), None)
    return f"{label}, {_english_label(engine, parent)}" if label and parent else label


def _english_label(engine: ox.Store, iri: str) -> str | None:
    quads = engine.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(RDFS_LABEL), None)
    return best_label((q.object.language, q.object.value) for q in quads if isinstance(q.object, ox.Literal))
