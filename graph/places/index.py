"""Every place's names, keyed for the three steps of a look-up, read once and then brought forward
write by write.

A place is an entity of tg:Place or a subclass, in any graph; its names are the literals of the
name properties (graph/search/name_source.py). `names` maps each place to the names it was indexed
under, so a place whose names or classes change can be taken out of every key and read again.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache

import pyoxigraph as ox

from graph.model.namespaces import RDF_TYPE
from graph.model.ontology import load_ontology
from graph.model.vocabulary import TG
from graph.places.names import shortened, whole_key
from graph.search.name_source import LABEL, name_properties
from graph.store.revision import store_revision

Keys = dict[str, tuple[str, ...]]  # tuples: unpickled four times as fast as sets (no cyclic GC)
REBUILD_PAST = 20_000  # changed subjects past which reading every place again is cheaper


@cache
def place_classes() -> tuple[str, ...]:
    """tg:Place and its subclasses, read from the ontology."""
    return tuple(sorted(str(c) for c in load_ontology().subclasses(TG.Place)))


@dataclass
class PlaceIndex:
    """The names of every place at one store revision. Its values are never changed in place:
    bringing it forward makes a new index, while a thread may still read this one or the saver
    write it out."""

    revision: str = ""
    labels: Keys = field(default_factory=dict)
    aliases: Keys = field(default_factory=dict)
    short: Keys = field(default_factory=dict)
    kinds: Keys = field(default_factory=dict)
    names: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)  # place → (kind of name, name)

    @classmethod
    def build(cls, engine: ox.Store) -> PlaceIndex:
        """Read the names of every place in the store (all graphs)."""
        index = cls(store_revision(engine))
        index._add(_read_all(engine))
        return index

    def brought_forward(self, engine: ox.Store, revision: str, changes: Iterable[ox.Triple]) -> PlaceIndex:
        """The index at `revision`, which the triples `changes` separate from this one's: only the
        places among their subjects whose names or classes changed are read again."""
        properties, classes = name_properties(), set(place_classes())
        touched = {
            t.subject.value
            for t in changes
            if isinstance(t.subject, ox.NamedNode)
            and (t.predicate.value in properties or t.predicate.value == RDF_TYPE and t.object.value in classes)
        }
        if len(touched) > REBUILD_PAST:
            return PlaceIndex.build(engine)
        index = replace(self, revision=revision, **{k: dict(getattr(self, k)) for k in ("labels", "aliases", "short", "kinds", "names")})
        for iri in touched & index.names.keys():
            index._remove(iri)
        index._add(_read_some(engine, sorted(touched)))
        return index

    def candidates(self, name: str) -> list[str]:
        """The places `name` designates at the first step that finds any (sorted IRIs)."""
        key = whole_key(name)
        for found in (self.labels.get(key), self.aliases.get(key)):
            if found:
                return sorted(found)
        core, kind = shortened(name)
        found = self.short.get(core, ())
        of_kind = {iri for iri in found if kind in self.kinds.get(iri, ())}
        return sorted(of_kind or found)

    def close(self, name: str, most: int = 3) -> list[str]:
        """Places whose whole name is spelt nearly like `name`, the closest first (for a hint)."""
        names = {**self.aliases, **self.labels}
        near = difflib.get_close_matches(whole_key(name), list(names), n=most, cutoff=0.75)
        return list(dict.fromkeys(iri for key in near for iri in sorted(names[key])))[:most]

    def _filed(self, kind: int, text: str) -> tuple[list[tuple[Keys, str]], str | None]:
        """The tables and keys a name of a place is filed under, and the kind of division it names."""
        core, division = shortened(text)
        found = [(self.labels if kind == LABEL else self.aliases, whole_key(text))]
        return (found + [(self.short, core)] if core else found), division

    def _add(self, rows: Iterable[tuple[str, int, str]]) -> None:
        """File (place, kind of name, name) rows."""
        for iri, kind, text in rows:
            known = self.names.get(iri, ())
            if (kind, text) in known:
                continue  # the same name stated in two graphs
            self.names[iri] = (*known, (kind, text))
            keys, division = self._filed(kind, text)
            for table, key in keys:
                _put(table, key, iri)
            if division:
                _put(self.kinds, iri, division)

    def _remove(self, iri: str) -> None:
        """Take a place out of every key it is filed under."""
        for kind, text in self.names.pop(iri):
            for table, key in self._filed(kind, text)[0]:
                left = tuple(found for found in table.get(key, ()) if found != iri)
                if left:
                    table[key] = left
                else:
                    table.pop(key, None)
        self.kinds.pop(iri, None)


def _put(table: Keys, key: str, value: str) -> None:
    found = table.get(key, ())
    if value not in found:
        table[key] = (*found, value)


def _read_all(engine: ox.Store) -> Iterable[tuple[str, int, str]]:
    """Every place's names. The places and the names are read apart and joined by hash (two
    subqueries): joining each place to its names one by one took 9 s at 111,000 places."""
    places = f"SELECT DISTINCT ?e WHERE {{ VALUES ?class {{ {_iris(place_classes())} }} ?e a ?class }}"
    names = f"SELECT ?e ?p ?name WHERE {{ VALUES ?p {{ {_iris(name_properties())} }} ?e ?p ?name FILTER(isLiteral(?name)) }}"
    return _rows(engine, f"SELECT ?e ?p ?name WHERE {{ {{ {places} }} {{ {names} }} }}")


def _read_some(engine: ox.Store, iris: list[str]) -> Iterator[tuple[str, int, str]]:
    """The names of those of `iris` that are places, read by pattern: a SPARQL query naming the
    places in VALUES was planned as a scan of every name (0.5 s per query at 3.5 M quads)."""
    properties, classes, rdf_type = name_properties(), set(place_classes()), ox.NamedNode(RDF_TYPE)
    for iri in iris:
        node = ox.NamedNode(iri)
        if any(q.object.value in classes for q in engine.quads_for_pattern(node, rdf_type, None)):
            for p, kind in properties.items():
                for q in engine.quads_for_pattern(node, ox.NamedNode(p), None):
                    if isinstance(q.object, ox.Literal):
                        yield iri, kind, q.object.value


def _rows(engine: ox.Store, query: str) -> Iterable[tuple[str, int, str]]:
    properties, iris = name_properties(), {}
    for e, p, name in engine.query(query, use_default_graph_as_union=True):
        yield iris.setdefault(e.value, e.value), properties[p.value], name.value  # one string per place: a smaller saved file


def _iris(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)
