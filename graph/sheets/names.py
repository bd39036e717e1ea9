"""Names in a fact sheet, resolved to entities: the sheet's own entities first (by name, label,
Chinese label, alias or id), then the store's (graph/entities/resolve.py: ids, labels, aliases,
places in any of their forms). A name the store finds several entities for can be narrowed by the
place it lies in, after a comma: `Taizhou, Zhejiang`.
"""

from __future__ import annotations

import difflib
import json

import pyoxigraph as ox

from graph.entities.resolve import resolve
from graph.errors import AmbiguousName, InputError, NotFound, UnresolvedName
from graph.model.vocabulary import TG
from graph.places.resolver import described
from graph.sheets.terms import key

LOCATED_IN = f"<{TG.locatedIn}>"


class Names:
    def __init__(self, engine: ox.Store) -> None:
        self.engine = engine
        self.declared: dict[str, str] = {}
        self.spelt: dict[str, str] = {}  # folded name → as the sheet wrote it

    def declare(self, name: str, iri: str) -> None:
        """Let the sheet's facts refer to `iri` by `name` (folded as relations are)."""
        self.declared.setdefault(key(name), iri)
        self.spelt.setdefault(key(name), name)

    def resolve(self, name: str, hint: bool = True) -> str:
        """The IRI `name` designates; `UnresolvedName` with the candidates otherwise (without
        `hint`, no "did you mean" among the graph's place names)."""
        declared = self.declared.get(key(name))
        if declared:
            return declared
        try:
            return resolve(self.engine, name, loose=False, hint=hint)
        except AmbiguousName as error:
            raise UnresolvedName(self._choices(name, [iri for iri, _ in error.candidates])) from None
        except NotFound as error:
            if "," in name:
                return self._within(name)
            near = [self.spelt[k] for k in difflib.get_close_matches(key(name), list(self.spelt), n=2, cutoff=0.8)]
            hint = f"did you mean {' or '.join(near)}, named in this sheet?" if near else _hint(str(error))
            raise UnresolvedName(f"{name!r} is neither in this sheet nor in the graph ({hint}); declare it under entities: with its class") from None
        except InputError as error:
            raise UnresolvedName(str(error)) from None

    def _within(self, name: str) -> str:
        """`Taizhou, Zhejiang`: the entity named before the comma that lies in the one after it."""
        local, parent = (part.strip() for part in name.rsplit(",", 1))
        parent_iri = self.resolve(parent)
        try:
            return self._inside(resolve(self.engine, local, loose=False), parent_iri, name)
        except AmbiguousName as error:
            inside = [iri for iri, _ in error.candidates if self._lies_in(iri, parent_iri)]
            if len(inside) == 1:
                return inside[0]
            raise UnresolvedName(self._choices(name, inside or [iri for iri, _ in error.candidates])) from None
        except NotFound:
            raise UnresolvedName(f"{local!r} names nothing in the graph; declare it under entities: with its class and where it lies") from None

    def _inside(self, iri: str, parent: str, name: str) -> str:
        if self._lies_in(iri, parent):
            return iri
        raise UnresolvedName(f"{name!r}: {self._shown(iri)} does not lie in {self._shown(parent)}")

    def _lies_in(self, iri: str, parent: str) -> bool:
        return bool(self.engine.query(f"ASK {{ <{iri}> {LOCATED_IN}+ <{parent}> }}", use_default_graph_as_union=True))

    def _choices(self, name: str, candidates: list[str]) -> str:
        listed = " or ".join(self._shown(iri) for iri in candidates)
        spellings = " or ".join(json.dumps(s, ensure_ascii=False) for s in sorted({self._spelling(iri) for iri in candidates}) if s)
        return f"{name!r} is ambiguous: {listed}; write {spellings}"

    def _shown(self, iri: str) -> str:
        """`台州市 (Taizhou, Zhejiang)`: the Chinese label, then the English label and parent."""
        zh = self._label(iri, "zh")
        spelt = self._spelling(iri)
        return f"{zh} ({spelt})" if zh and spelt else zh or spelt or iri

    def _spelling(self, iri: str) -> str | None:
        """How to write the entity unambiguously: its English label, with its parent's."""
        return described(self.engine, iri)

    def _label(self, iri: str, language: str) -> str | None:
        labels = sorted(
            q.object.value
            for q in self.engine.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None)
            if isinstance(q.object, ox.Literal) and q.object.language == language
        )
        return labels[0] if labels else None


def _hint(message: str) -> str:
    """The resolver's suggestion, without its opening words."""
    return message.split("; ", 1)[-1]
