"""Find entities by name: an in-memory index of labels, aliases and pinyin, kept current by revision.

Ranking rule. Every name of an entity (rdfs:label or skos:prefLabel; skos:altLabel and its
sub-properties such as tg:nickname; the pinyin reading of a Chinese name) is a list of words
(graph/names.py). A name matches when each query word is one of its words or its words run
together (`leijun`), exactly, as a prefix, or one typo away (graph/typos.py). Its score is

    weight × (query letters ÷ name letters), spaces not counted, at most 1

where the weight is 1.0 when the query is the whole name, 0.9 when every word matched exactly and
the name starts with the query, 0.8 when every word matched exactly, 0.7 / 0.6 likewise with
a prefix, 0.5 with a typo. An entity scores as its best name; equal scores go to labels before
aliases before pinyin, then to entities before the events, roles and facilities about them, then
by IRI. So `wuhan` puts the city (whole name, 1.0) before Wuhan University (0.8 × 5/15).

Postings are sorted by name length, so within each weight the best names come first and a
search stops after `limit` entities per weight (or MAX_SCAN names), whatever the graph's size.
"""

from __future__ import annotations

import heapq
import threading
from array import array
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from graph.errors import InputError
from graph.events import event_classes
from graph.names import pinyin_words, shown, words
from graph.namespaces import ID, PREFIXES
from graph.ontology import load_ontology
from graph.revision import graph_versions, store_revision
from graph.typos import TypoIndex

LABEL, ALIAS, PINYIN = 0, 1, 2
KINDS = ("label", "alias", "pinyin")
EXACT, PREFIX, TYPO = 0, 1, 2
WEIGHTS = {(EXACT, True): 0.9, (EXACT, False): 0.8, (PREFIX, True): 0.7, (PREFIX, False): 0.6, (TYPO, True): 0.5, (TYPO, False): 0.5}
MAX_SCAN = 2_000  # names looked at per weight, so a query for a very common word stays fast
PREFIX_WORDS = 64  # a prefix stands for at most this many (the shortest) indexed words
TYPO_QUERY_WORDS = 3  # typos are forgiven in queries of up to three words
COMPACT_LETTERS = 16  # names this short are also indexed run together: `leijun`, `xpengmotors`
ID_BITS = 32
NAME_MASK = (1 << ID_BITS) - 1
LETTERS_SHIFT = ID_BITS + 3
CHUNK = 1_000


@dataclass(frozen=True)
class Hit:
    """An entity found, its classes, its score and the name that matched."""

    iri: str
    types: frozenset[str]
    score: float
    name: str
    kind: str


@dataclass
class _Names:
    """What the store says about one entity, as far as search cares."""

    names: set[tuple[int, str]]
    types: set[str]
    graphs: set[str]


class SearchIndex:
    """Every entity's names, in memory; `refresh` follows the store's writes. Thread-safe."""

    def __init__(self, engine: ox.Store) -> None:
        self.engine = engine
        self.revision = ""
        self._lock = threading.RLock()
        self._versions: dict[str, str] = {}
        self._entity_ids: dict[str, int] = {}
        self._iris: list[str] = []
        self._types: list[frozenset[str]] = []
        self._type_sets: dict[frozenset[str], frozenset[str]] = {}  # one shared copy of each set
        self._priors = array("b")
        self._first_name = array("q")  # an entity's names are numbered consecutively
        self._name_count = array("b")
        self._name_entity = array("q")
        self._name_kind = array("b")
        self._name_words: list[str] = []
        self._dead = 0  # names replaced since the build
        self._postings: dict[str, array[int]] = {}
        self._vocabulary: list[str] = []
        self._typos = TypoIndex()
        self._graph_entities: dict[str, array[int]] = {}
        self._building = False  # while True, postings are appended and sorted once at the end

    @classmethod
    def build(cls, engine: ox.Store) -> SearchIndex:
        """Read every entity's names and types from the store once."""
        index = cls(engine)
        with index._lock:
            index.revision, index._versions = store_revision(engine), graph_versions(engine)
            index._building = True
            described = _read(engine, "")
            for iri in sorted(described):
                index._put(iri, described.pop(iri))
            for word, postings in index._postings.items():
                index._postings[word] = array("q", sorted(postings))
            index._vocabulary = sorted(index._postings)
            index._building = False
        return index

    def refresh(self) -> bool:
        """Re-read the entities of the graphs changed since the last look; True if any had.

        Each entity is re-read whole, so a name another graph still gives it stays. When more
        than half the names held are replaced ones, the index is built afresh instead.
        """
        if store_revision(self.engine) == self.revision:
            return False
        with self._lock:
            revision = store_revision(self.engine)
            if revision == self.revision:
                return False
            versions = graph_versions(self.engine)
            changed = {g for g in versions.keys() | self._versions.keys() if versions.get(g) != self._versions.get(g)}
            affected = {self._iris[e] for g in changed for e in self._graph_entities.pop(g, ())}
            if changed:
                graphs = " ".join(f"<{g}>" for g in changed)
                affected |= {row["e"].value for row in self.engine.query(_IN_GRAPHS % (graphs, _ENTITY_FILTER))}
            iris = sorted(affected)
            described: dict[str, _Names] = {}
            for start in range(0, len(iris), CHUNK):
                values = "VALUES ?e { " + " ".join(f"<{iri}>" for iri in iris[start : start + CHUNK]) + " }"
                described.update(_read(self.engine, values))
            for iri in iris:
                self._put(iri, described.get(iri, _Names(set(), set(), set())))
            self.revision, self._versions = revision, versions
            if self._dead * 2 > len(self._name_entity):
                self.__dict__.update({k: v for k, v in SearchIndex.build(self.engine).__dict__.items() if k != "_lock"})
            return True

    # ------------------------------------------------------------------ writing the index
    def _put(self, iri: str, about: _Names) -> None:
        """(Re)index one entity; its old names stay in the postings but no longer lead to it."""
        entity = self._entity_ids.get(iri)
        if entity is None:
            entity = self._entity_ids[iri] = len(self._iris)
            self._iris.append(iri)
            self._types.append(frozenset())
            self._priors.append(0)
            self._first_name.append(0)
            self._name_count.append(0)
        types = frozenset(about.types)
        self._types[entity] = self._type_sets.setdefault(types, types)
        self._priors[entity] = int(any(t in event_classes() for t in types))
        self._dead += self._name_count[entity]
        readings = list(_readings(about.names))[:127]
        self._first_name[entity], self._name_count[entity] = len(self._name_entity), len(readings)
        for kind, keys in readings:
            self._add_name(entity, kind, keys)
        for g in about.graphs:
            self._graph_entities.setdefault(g, array("q")).append(entity)

    def _add_name(self, entity: int, kind: int, keys: list[str]) -> None:
        name = len(self._name_entity)
        self._name_entity.append(entity)
        self._name_kind.append(kind)
        self._name_words.append(" ".join(keys))
        compact = "".join(keys)
        letters = min(len(compact), 255)
        key = (((letters << 2 | kind) << 1 | self._priors[entity]) << ID_BITS) | name
        indexed = {*keys, compact} if len(keys) > 1 and letters <= COMPACT_LETTERS else set(keys)
        for word in indexed:
            postings = self._postings.get(word)
            if postings is None:
                postings = self._postings[word] = array("q")
                if not self._building:
                    insort(self._vocabulary, word)
                self._typos.add(word)
            if not self._building and postings and postings[-1] > key:
                insort(postings, key)
            else:
                postings.append(key)

    def _live(self, name: int) -> bool:
        entity = self._name_entity[name]
        return self._first_name[entity] <= name < self._first_name[entity] + self._name_count[entity]

    # ------------------------------------------------------------------ searching
    def search(self, text: str, types: Iterable[str] = (), limit: int = 10) -> list[Hit]:
        """The best `limit` entities for `text`, of one of `types` (subclasses included) if given."""
        query = words(text)
        if not query:
            raise InputError(f"the search text {text!r} has no letters or digits")
        wanted = expand_types(types)
        self.refresh()
        with self._lock:
            best = _Best(limit)
            compact = "".join(query)
            self._scan(query, compact, [{compact}], [{compact}], None, wanted, best)
            accepted = [{w} for w in query]
            self._scan(query, compact, accepted, accepted, EXACT, wanted, best)
            for tier in (PREFIX, TYPO):
                if tier == TYPO and len(query) > TYPO_QUERY_WORDS:
                    break
                more = [self._prefixed(w) if tier == PREFIX else self._typos.near(w) for w in query]
                if any(more):
                    accepted = [a | m for a, m in zip(accepted, more)]
                    self._scan(query, compact, accepted, more, tier, wanted, best)
            ranked = sorted(best.found.items(), key=lambda item: (-item[1][0], self._name_kind[item[1][1]], self._priors[item[0]], self._iris[item[0]]))
            return [
                Hit(self._iris[e], self._types[e], round(score, 3), shown(self._name_words[name]), KINDS[self._name_kind[name]])
                for e, (score, name) in ranked[:limit]
            ]

    def _scan(
        self,
        query: list[str],
        compact: str,
        accepted: list[set[str]],
        new: list[set[str]],
        tier: int | None,
        wanted: frozenset[str] | None,
        best: _Best,
    ) -> None:
        """Score names of `tier` (None: the query is the whole name) while they can still enter
        the best `limit`: names come shortest first, and a longer name scores no more.

        `new` holds the words this tier accepts that earlier ones did not; a one-word query
        needs only their names, since the others have been scored.
        """
        top = 1.0 if tier is None else WEIGHTS[tier, True]
        for scanned, key in enumerate(self._candidates(new[0] if len(query) == 1 else None, accepted)):
            name, letters = key & NAME_MASK, max(1, key >> LETTERS_SHIFT)
            if scanned >= MAX_SCAN or top * min(1.0, len(compact) / letters) <= best.threshold or (tier is None and letters > len(compact)):
                return
            entity = self._name_entity[name]
            if not self._live(name) or (wanted is not None and not (self._types[entity] & wanted)):
                continue
            keys = self._name_words[name].split(" ")
            name_compact = "".join(keys)
            if tier is None:
                score = 1.0 if name_compact == compact else 0.0
            else:
                matched = _match(query, [*keys, name_compact], accepted)
                if matched is None:
                    continue
                score = WEIGHTS[matched, name_compact.startswith(query[0])] * min(1.0, len(compact) / len(name_compact))
            best.offer(entity, score, name)

    def _candidates(self, driver: set[str] | None, accepted: list[set[str]]) -> Iterable[int]:
        """Posting keys of names holding a word of `driver`, or else of every set in `accepted`
        (a set intersection, done in C), each once, shortest names first."""
        if driver is not None:
            return _unique(heapq.merge(*(self._postings.get(w, ()) for w in driver)))
        held = sorted(({key for w in words_ for key in self._postings.get(w, ())} for words_ in accepted), key=len)
        return sorted(held[0].intersection(*held[1:]))

    def _prefixed(self, word: str) -> set[str]:
        """The shortest indexed words that start with `word` and are longer than it."""
        found = []
        for position in range(bisect_left(self._vocabulary, word), len(self._vocabulary)):
            candidate = self._vocabulary[position]
            if not candidate.startswith(word):
                break
            if candidate != word:
                found.append(candidate)
            if len(found) >= PREFIX_WORDS * 16:
                break
        return set(sorted(found, key=len)[:PREFIX_WORDS])


class _Best:
    """Each entity's best (score, name) so far, and the score a newcomer must beat to rank."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.found: dict[int, tuple[float, int]] = {}
        self._top: set[int] = set()
        self.threshold = 0.0

    def offer(self, entity: int, score: float, name: int) -> None:
        """Keep `score` if it is the entity's best yet."""
        if score <= self.found.get(entity, (0.0, 0))[0]:
            return
        self.found[entity] = (score, name)
        if entity not in self._top:
            if len(self._top) >= self.limit:
                if score <= self.threshold:
                    return
                self._top.remove(min(self._top, key=lambda e: self.found[e][0]))
            self._top.add(entity)
        if len(self._top) >= self.limit:
            self.threshold = min(self.found[e][0] for e in self._top)


def _unique(keys: Iterable[int]) -> Iterator[int]:
    """Sorted keys without repeats (a name holding two of the merged words comes twice)."""
    previous = -1
    for key in keys:
        if key != previous:
            yield key
        previous = key


def _match(query: list[str], keys: list[str], accepted: list[set[str]]) -> int | None:
    """The worst way any query word matched a key of the name (EXACT, PREFIX, TYPO), or None."""
    worst = EXACT
    for word, allowed in zip(query, accepted):
        if word in keys:
            continue
        hits = [key for key in keys if key in allowed]
        if not hits:
            return None
        worst = max(worst, PREFIX if any(key.startswith(word) for key in hits) else TYPO)
    return worst


def _readings(names: set[tuple[int, str]]) -> Iterator[tuple[int, list[str]]]:
    """Each distinct name as (kind, search words); pinyin readings of Chinese names come last."""
    seen: set[tuple[str, ...]] = set()
    readings = [(kind, words(text)) for kind, text in sorted(names)]
    readings += [(PINYIN, keys) for _, text in sorted(names) if (keys := pinyin_words(text))]
    for kind, keys in readings:
        if keys and tuple(keys) not in seen:
            seen.add(tuple(keys))
            yield kind, keys


def expand_types(names: Iterable[str]) -> frozenset[str] | None:
    """`City`, `tg:City` or a class IRI → the IRIs of it and its subclasses; None for no filter."""
    ontology = load_ontology()
    expanded: set[str] = set()
    for name in names:
        prefix, _, local = name.partition(":")
        iri = name if name.startswith(("http://", "https://")) else f"{PREFIXES[prefix]}{local}" if local and prefix in PREFIXES else f"{PREFIXES['tg']}{name}"
        classes = ontology.subclasses(URIRef(iri))
        if URIRef(iri) not in ontology.defined_terms:
            raise InputError(f"{name} is not a class of the tiegraph ontology (e.g. City, tg:Company, tg:Person)")
        expanded |= {str(c) for c in classes}
    return frozenset(expanded) if expanded else None


def name_properties() -> dict[str, int]:
    """Name properties and their kind, read from the ontology (tg:nickname is an altLabel)."""
    aliases = load_ontology().graph.transitive_subjects(RDFS.subPropertyOf, SKOS.altLabel)
    return {str(RDFS.label): LABEL, str(SKOS.prefLabel): LABEL, **{str(p): ALIAS for p in aliases}}


_ENTITY_FILTER = f'FILTER(STRSTARTS(STR(?e), "{ID}"))'
_IN_GRAPHS = "SELECT DISTINCT ?e WHERE { VALUES ?g { %s } GRAPH ?g { ?e ?p ?o } %s }"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _read(engine: ox.Store, values: str) -> dict[str, _Names]:
    """Names, types and graphs of the entities `values` binds to ?e (every entity when empty)."""
    kinds = name_properties()
    properties = " ".join(f"<{p}>" for p in [*kinds, RDF_TYPE])
    query = f"SELECT ?e ?p ?o ?g WHERE {{ {values} VALUES ?p {{ {properties} }} GRAPH ?g {{ ?e ?p ?o }} {_ENTITY_FILTER} }}"
    described: dict[str, _Names] = {}
    for e, p, o, g in engine.query(query):
        about = described.get(e.value)
        if about is None:
            about = described[e.value] = _Names(set(), set(), set())
        about.graphs.add(g.value)
        if p.value == RDF_TYPE:
            about.types.add(o.value)
        elif isinstance(o, ox.Literal):
            about.names.add((kinds[p.value], o.value))
    return described
