"""Resolve a place name to the one IRI the graph gives that place, or refuse it with the candidates.

People name a place in many ways: 武汉, 武汉市, Wuhan, wuhan shi, Wuhan City, Wǔhàn. Every
place (an entity of tg:Place or a subclass) is known by its labels and aliases (graph/name_source.py
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

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Dataset

from graph.errors import AmbiguousName, InputError, NotFound
from graph.search.name_source import LABEL, name_properties
from graph.search.names import HAN_RUN, fold
from graph.model.labels import best_label
from graph.model.namespaces import RDFS_LABEL
from graph.model.ontology import load_ontology
from graph.store.revision import NO_REVISION, is_inferred, store_revision
from graph.store.dataset import engine_of
from graph.model.vocabulary import TG

CANDIDATES_SHOWN = 10
SEPARATORS = re.compile(r"[\s'’‘`\-_.,·]+")
# Endings of Chinese names and trailing English or pinyin words, each with the kind it names.
CHINESE_ENDINGS = {
    "特别行政区": "sar", "自治区": "region", "自治州": "prefecture", "自治县": "county", "自治旗": "banner",
    "地区": "prefecture", "林区": "district", "特区": "district", "省": "province", "市": "city", "县": "county",
    "区": "district", "旗": "banner", "盟": "league",
}
LATIN_ENDINGS = {
    "special administrative region": "sar", "sar": "sar", "autonomous region": "region", "zizhiqu": "region",
    "autonomous prefecture": "prefecture", "zizhizhou": "prefecture", "prefecture": "prefecture", "diqu": "prefecture",
    "autonomous county": "county", "zizhixian": "county", "county": "county", "xian": "county",
    "autonomous banner": "banner", "banner": "banner", "qi": "banner", "league": "league", "meng": "league",
    "forestry district": "district", "special district": "district", "district": "district", "qu": "district",
    "province": "province", "sheng": "province", "municipality": "city", "city": "city", "shi": "city",
}
_LATIN_BY_LENGTH = sorted(((tuple(k.split()), v) for k, v in LATIN_ENDINGS.items()), key=lambda item: -len(item[0]))
_CHINESE_BY_LENGTH = sorted(CHINESE_ENDINGS.items(), key=lambda item: -len(item[0]))


def whole_key(text: str) -> str:
    """A name compared whole: case folded, separators dropped, tone marks kept (NFC)."""
    return SEPARATORS.sub("", unicodedata.normalize("NFC", text).casefold())


def shortened(text: str) -> tuple[str, str | None]:
    """(the name without its kind of division, tone marks dropped; that kind or None)."""
    folded = fold(text).strip()
    if HAN_RUN.search(folded):
        compact = SEPARATORS.sub("", folded)
        for ending, kind in _CHINESE_BY_LENGTH:
            if compact.endswith(ending) and len(compact) > len(ending):
                return compact[: -len(ending)], kind
        return compact, None
    words = [w for w in re.split(r"[\s\-_,.]+", folded) if w]
    for ending, kind in _LATIN_BY_LENGTH:
        if len(words) > len(ending) and tuple(words[-len(ending) :]) == ending:
            return SEPARATORS.sub("", "".join(words[: -len(ending)])), kind
    return SEPARATORS.sub("", "".join(words)), None


@dataclass
class PlaceIndex:
    """Every place's names, keyed three ways for the three steps of the lookup."""

    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    short: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    kinds: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def close(self, name: str, most: int = 3) -> list[str]:
        """Places whose whole name is spelt nearly like `name`, the closest first (for a hint)."""
        names = {**self.aliases, **self.labels}
        near = difflib.get_close_matches(whole_key(name), list(names), n=most, cutoff=0.75)
        return list(dict.fromkeys(iri for key in near for iri in sorted(names[key])))[:most]

    @classmethod
    def build(cls, engine: ox.Store) -> PlaceIndex:
        """Read the names of every place in the store (all graphs)."""
        properties = name_properties()
        classes = " ".join(f"<{c}>" for c in sorted(load_ontology().subclasses(TG.Place)))
        query = (
            f"SELECT DISTINCT ?e ?p ?name WHERE {{ VALUES ?class {{ {classes} }} ?e a ?class . "
            f"VALUES ?p {{ {' '.join(f'<{p}>' for p in properties)} }} ?e ?p ?name FILTER(isLiteral(?name)) }}"
        )
        index = cls()
        for e, p, name in engine.query(query, use_default_graph_as_union=True):
            iri, text = e.value, name.value
            (index.labels if properties[p.value] == LABEL else index.aliases)[whole_key(text)].add(iri)
            core, kind = shortened(text)
            if core:
                index.short[core].add(iri)
            if kind:
                index.kinds[iri].add(kind)
        return index

    def candidates(self, name: str) -> list[str]:
        """The places `name` designates at the first step that finds any (sorted IRIs)."""
        key = whole_key(name)
        for found in (self.labels.get(key), self.aliases.get(key)):
            if found:
                return sorted(found)
        core, kind = shortened(name)
        found = self.short.get(core, set())
        of_kind = {iri for iri in found if kind in self.kinds.get(iri, ())}
        return sorted(of_kind or found)


_INDEXES: dict[str, PlaceIndex] = {}
_KEPT = 4


def place_index(engine: ox.Store) -> PlaceIndex:
    """The place index of the store's current content, built once per content revision."""
    revision = store_revision(engine)
    if revision == NO_REVISION:  # never written through the loader: nothing to key a cache on
        return PlaceIndex.build(engine)
    if revision not in _INDEXES:
        while len(_INDEXES) >= _KEPT:
            _INDEXES.pop(next(iter(_INDEXES)))
        _INDEXES[revision] = PlaceIndex.build(engine)
    return _INDEXES[revision]


def resolve_place(kg: Dataset | ox.Store, name: str) -> str:
    """The IRI of the one place `name` designates; `AmbiguousName` (with candidates) or `NotFound` otherwise."""
    engine = engine_of(kg) if isinstance(kg, Dataset) else kg  # an engine: embedded or remote
    if not name.strip():
        raise InputError("a place name is empty; give a name such as Wuhan, 武汉 or hefei shi")
    found = place_index(engine).candidates(name)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"no place is named {name!r}; {place_hint(engine, name)}")
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
