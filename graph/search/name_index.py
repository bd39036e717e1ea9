"""The names of every entity, in memory, as posting lists; built once, then kept current.

A name is a label (rdfs:label, skos:prefLabel), an alias (skos:altLabel and its sub-properties,
such as tg:nickname, read from the ontology) or the pinyin reading of a Chinese name, split into
words by graph/names.py. Each word (and a short name's words run together, `leijun`) leads to a
sorted list of posting keys: name length, kind and entity class packed above the name's number,
so every list is already in the order search wants to read it (graph/search.py).

Writes are followed through the store's content revision (graph/revision.py), which the loader
records after every write: `refresh` compares graph digests, re-reads only the entities of the
graphs that changed, and is cheap to call before every search when nothing did. Replaced names
stay in the lists but no longer count; when they are half of all names the index is rebuilt.
For a store on disk the index is saved beside it (`<store>-index/`), so a restart loads it and
re-reads only what changed meanwhile.
"""

from __future__ import annotations

import gc
import threading
from array import array
from bisect import bisect_left, insort
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import pyoxigraph as ox

from graph.model.events import event_classes
from graph.search.name_source import PINYIN, Names, entities_in, read_names
from graph.search.names import pinyin_words, words
from graph.store.revision import graph_versions, store_revision
from graph.store.saved_state import load_stamped, save_stamped
from graph.search.typos import TypoIndex

KINDS = ("label", "alias", "pinyin")
PREFIX_WORDS = 64  # a prefix stands for at most this many (the shortest) indexed words
COMPACT_LETTERS = 16  # names this short are also indexed run together: `leijun`, `xpengmotors`
ID_BITS = 32
NAME_MASK = (1 << ID_BITS) - 1
LETTERS_SHIFT = ID_BITS + 3
CHUNK = 1_000
INDEX_FILE = "search-index.pickle"
FORMAT = 2  # of the saved file; a file of another format is rebuilt


class NameIndex:
    """Every entity's names and classes, and posting lists of their words. Thread-safe."""

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
    def open(cls, engine: ox.Store, directory: Path | None) -> Self:
        """The copy saved in `directory` brought up to date (only changed graphs are re-read), or
        a new index; saved there again if anything changed. 2 s instead of 30 s at 3 M triples."""
        saved = directory / INDEX_FILE if directory else None
        index = cls._load(engine, saved) if saved else None
        if index is None:
            index = cls.build(engine)
        elif not index.refresh():
            return index
        if saved:
            index.save(saved)
        return index

    def save(self, path: Path) -> None:
        """Write the index to `path`, stamped with its format (graph/saved_state.py)."""
        with self._lock:
            state = {k: v for k, v in self.__dict__.items() if k not in ("engine", "_lock")}
            save_stamped(path, FORMAT, state)

    @classmethod
    def _load(cls, engine: ox.Store, path: Path) -> Self | None:
        """A saved index; None if it is missing, unreadable or of another format."""
        state = load_stamped(path, FORMAT)
        if state is None:
            return None
        index = cls(engine)
        index.__dict__.update(state)
        gc.freeze()
        return index

    @classmethod
    def build(cls, engine: ox.Store) -> Self:
        """Read every entity's names and types from the store once."""
        index = cls(engine)
        with index._lock:
            index.revision, index._versions = store_revision(engine), graph_versions(engine)
            index._building = True
            described = read_names(engine, "")
            for iri in sorted(described):
                index._put(iri, described.pop(iri))
            for word, postings in index._postings.items():
                index._postings[word] = array("q", sorted(postings))
            index._vocabulary = sorted(index._postings)
            index._building = False
        gc.collect()
        gc.freeze()  # a million long-lived objects: spare them every later full collection
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
            affected |= entities_in(self.engine, changed)
            iris = sorted(affected)
            described: dict[str, Names] = {}
            for start in range(0, len(iris), CHUNK):
                values = "VALUES ?e { " + " ".join(f"<{iri}>" for iri in iris[start : start + CHUNK]) + " }"
                described.update(read_names(self.engine, values))
            for iri in iris:
                self._put(iri, described.get(iri, Names(set(), set(), set())))
            self.revision, self._versions = revision, versions
            if self._dead * 2 > len(self._name_entity):
                self.__dict__.update({k: v for k, v in type(self).build(self.engine).__dict__.items() if k != "_lock"})
            return True

    # ------------------------------------------------------------------ writing the index
    def _put(self, iri: str, about: Names) -> None:
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
        readings = list(_readings(about.names, computed_pinyin=not about.romanised))[:127]
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


def _readings(names: set[tuple[int, str]], computed_pinyin: bool = True) -> Iterator[tuple[int, list[str]]]:
    """Each distinct name as (kind, search words); pinyin readings of Chinese names come last.

    An entity whose names include pinyin written out (the gazetteer's `Wǔhàn`, `Wuhan`) gets no
    computed readings: theirs split a name into syllables (雷波 as `lei bo`), which would let
    every two-syllable place outrank a person on one syllable (`lei` must find Lei Jun first).
    """
    seen: set[tuple[str, ...]] = set()
    readings = [(kind, words(text)) for kind, text in sorted(names)]
    if computed_pinyin:
        readings += [(PINYIN, keys) for _, text in sorted(names) if (keys := pinyin_words(text))]
    for kind, keys in readings:
        if keys and tuple(keys) not in seen:
            seen.add(tuple(keys))
            yield kind, keys
