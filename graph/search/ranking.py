"""Find entities by name: ranked search over the name index (graph/name_index.py).

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

Posting lists are sorted by name length, and a longer name never scores more within a weight,
so a search reads names shortest first and stops as soon as none left can beat the `limit`-th
best score (or after MAX_SCAN names per weight): its cost does not grow with the graph. A tier
whose weight cannot reach that score is not looked at at all, which spares a query of two
common words (`yang fang`) intersecting their prefixes' long posting lists.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import URIRef

from graph.errors import InputError
from graph.search.name_index import KINDS, LETTERS_SHIFT, NAME_MASK, NameIndex
from graph.search.names import shown, words
from graph.model.namespaces import PREFIXES
from graph.model.ontology import load_ontology

EXACT, PREFIX, TYPO = 0, 1, 2
WEIGHTS = {(EXACT, True): 0.9, (EXACT, False): 0.8, (PREFIX, True): 0.7, (PREFIX, False): 0.6, (TYPO, True): 0.5, (TYPO, False): 0.5}
MAX_SCAN = 2_000  # names looked at per weight, so a query for a very common word stays fast
TYPO_QUERY_WORDS = 3  # typos are forgiven in queries of up to three words


@dataclass(frozen=True)
class Hit:
    """An entity found, its classes, its score and the name that matched."""

    iri: str
    types: frozenset[str]
    score: float
    name: str
    kind: str


class SearchIndex(NameIndex):
    """The name index with ranked search on top."""

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
            cut = self._scan(query, compact, [{compact}], [{compact}], None, wanted, best)
            accepted = [{w} for w in query]
            cut |= self._scan(query, compact, accepted, accepted, EXACT, wanted, best)
            for tier in (PREFIX, TYPO):
                if tier == TYPO and len(query) > TYPO_QUERY_WORDS:
                    break
                if not cut and WEIGHTS[tier, True] <= best.threshold:
                    break  # a name this tier adds scores under the best `limit`: spare finding them
                more = [self._prefixed(w) if tier == PREFIX else self._typos.near(w) for w in query]
                if any(more):
                    accepted = [a | m for a, m in zip(accepted, more)]
                    cut |= self._scan(query, compact, accepted, more, tier, wanted, best)
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
    ) -> bool:
        """Score names of `tier` (None: the query is the whole name) while they can still enter
        the best `limit`: names come shortest first, and a longer name scores no more. True
        when MAX_SCAN cut the scan short of that point.

        `new` holds the words this tier accepts that earlier ones did not; a one-word query
        needs only their names, since the others have been scored.
        """
        top = 1.0 if tier in (None, EXACT) else WEIGHTS[tier, True]  # an exact match may be the whole name
        for scanned, key in enumerate(self._candidates(query, accepted, new)):
            name, letters = key & NAME_MASK, max(1, key >> LETTERS_SHIFT)
            if scanned >= MAX_SCAN:
                return True
            if top * min(1.0, len(compact) / letters) <= best.threshold or (tier is None and letters > len(compact)):
                return False
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
                whole = name_compact == compact and matched == EXACT  # a long name has no run-together key
                score = 1.0 if whole else WEIGHTS[matched, name_compact.startswith(query[0])] * min(1.0, len(compact) / len(name_compact))
            best.offer(entity, score, name)
        return False

    def _candidates(self, query: list[str], accepted: list[set[str]], new: list[set[str]]) -> Iterable[int]:
        """Posting keys of the names that may match, each once, shortest names first.

        A one-word query reads the names of the words new to this tier (the others are scored).
        Otherwise the rarest query word leads when its names are few enough to check one by one
        (a label with a number in it: a handful); else the sets of all words are intersected.
        """
        sizes = [sum(len(self._postings.get(w, ())) for w in words_) for words_ in accepted]
        rarest = min(range(len(accepted)), key=sizes.__getitem__)
        if len(query) == 1 or sizes[rarest] <= MAX_SCAN:
            lead = new[0] if len(query) == 1 else accepted[rarest]
            return _unique(heapq.merge(*(self._postings.get(w, ()) for w in lead)))
        held = sorted(({key for w in words_ for key in self._postings.get(w, ())} for words_ in accepted), key=len)
        return sorted(held[0].intersection(*held[1:]))


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
