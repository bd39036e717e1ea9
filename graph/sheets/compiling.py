"""A fact sheet compiled to the quads of its source's named graph, with every problem found on
the way, each placed at its line and column (docs/fact-sheets.md describes the format).

Three blocks: `source` (the document, which becomes the graph's description), `entities` (names
that are new, or need a class, labels or aliases) and `facts` (rows of subject, relation and
object, or events with their fields). Names resolve through the sheet's own entities, then the
store (`graph.sheets.names`); relations and classes through the ontology (`graph.sheets.terms`);
values by their relation's range (`graph.sheets.values`). New entities and events get IRIs made
from their names or labels, so adding a sheet again makes the same graph.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph.model.namespaces import ID, SOURCE
from graph.search.names import HAN_RUN, pinyin_words
from graph.errors import BadValue, UnresolvedName
from graph.sheets.names import Names
from graph.sheets.reading import Mapping, Node, Scalar, Sequence, Where
from graph.sheets.terms import DCTERMS, SKOS, TG, Relation, vocabulary
from graph.model.statements import statement_iri, statement_quads
from graph.sheets.values import date, language_of, passage, typed
from graph.model.statements import RDF_TYPE

LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT_LABEL = ox.NamedNode(f"{SKOS}altLabel")
SCHEMA_URL = ox.NamedNode("https://schema.org/url")
# The source block's fields: property, and how the value is written.
SOURCE_FIELDS = {
    "title": (f"{DCTERMS}title", "text"),
    "label": (str(LABEL.value), "text"),
    "title supplied": (f"{TG}titleSupplied", "boolean"),
    "language": (f"{DCTERMS}language", "language"),
    "identifier": (f"{DCTERMS}identifier", "string"),
    "publisher": (f"{DCTERMS}publisher", "string"),
    "url": (SCHEMA_URL.value, "iri"),
    "issued": (f"{DCTERMS}issued", "date"),
    "note": (f"{SKOS}note", "text"),
    "editorial note": (f"{SKOS}editorialNote", "text"),
}
SOURCE_KEYS = {"id", "type", *SOURCE_FIELDS}
ROW_KEYS = {"subject", "relation", "object"}
OPTIONAL_ROW_KEYS = {"at"}  # where in the source the row is stated
NOT_LOCATED = {RDF_TYPE, LABEL, ALT_LABEL}  # what a row says of a node, not a fact to place


@dataclass(frozen=True)
class SheetProblem:
    where: Where
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Compiled:
    """What a sheet says: its source graph, its quads, and where each of its nodes was written."""

    graph: ox.NamedNode
    quads: list[ox.Quad] = field(default_factory=list)
    written_at: dict[str, Where] = field(default_factory=dict)
    problems: list[SheetProblem] = field(default_factory=list)


def compile_sheet(root: Node, engine: ox.Store, file_name: str) -> Compiled:
    """Every quad the sheet states and every problem with it; quads count only when there is none."""
    return _Compiler(engine, file_name).run(root)


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _name(node: ox.NamedNode) -> str:
    return node.value[len(str(ID)) :] if node.value.startswith(str(ID)) else node.value


def slug(text: str) -> str:
    """`Hangzhou Bay New District` → `hangzhou-bay-new-district`; Chinese by its pinyin."""
    if HAN_RUN.search(text):
        text = HAN_RUN.sub(lambda run: " " + " ".join(pinyin_words(run[0]) or []) + " ", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class _Compiler:
    def __init__(self, engine: ox.Store, file_name: str) -> None:
        self.names = Names(engine)
        self.terms = vocabulary()
        self.file_name = file_name
        self.out = Compiled(ox.NamedNode(f"{SOURCE}{slug(Path(file_name).stem) or 'sheet'}"))
        self._links: list[tuple[ox.NamedNode, Relation, ox.NamedNode, Where]] = []

    def run(self, root: Node) -> Compiled:
        if not isinstance(root, Mapping):
            self._problem(root.where, "a sheet is a block of source:, entities: and facts:")
            return self.out
        for name, (where, _) in root.entries.items():
            if name not in ("source", "entities", "facts"):
                self._problem(where, f"unknown block {name!r}; a sheet has source:, entities: and facts:")
        source = root.get("source")
        if not isinstance(source, Mapping):
            self._problem(root.where, "the sheet has no source: block; describe the document the facts come from (title, identifier, language, issued)")
        else:
            self._source(source)
        entities = self._items(root.get("entities"), "entities")
        facts = self._items(root.get("facts"), "facts")
        declared = [(item, self._declare(item, "name")) for item in entities]
        events = [(item, self._declare(item, "event")) for item in facts if isinstance(item, Mapping) and "event" in item.entries]
        for item, iri in declared + events:
            if iri:
                self._record(item, iri)
        for item in facts:
            if not (isinstance(item, Mapping) and "event" in item.entries):
                self._row(item)
        self._check_classes()
        return self.out

    def _check_classes(self) -> None:
        """Each relation between entities said of a class its domain allows, pointing at one its
        range allows (`Geely founder Li Shufu`, not `Li Shufu founder Geely`), by the classes the
        sheet and the store give; a node of no known class is left to the shapes."""
        stated: dict[str, set[str]] = {}
        for q in self.out.quads:
            if q.predicate == RDF_TYPE:
                stated.setdefault(q.subject.value, set()).add(q.object.value)
        for node, relation, target, where in self._links:
            for end, allowed, wanted, role in ((node, relation.subjects, relation.domain, "said of"), (target, relation.objects, relation.range, "pointing at")):
                classes = stated.get(end.value, set()) | {q.object.value for q in self.names.engine.quads_for_pattern(end, RDF_TYPE, None)}
                if allowed and classes and not classes & allowed:
                    shown = ", ".join(sorted(self.terms.class_names.get(c, c.rsplit("#", 1)[-1]) for c in classes))
                    self._problem(where, f"{relation.name!r} is {role} {_a(wanted)}; {_name(end)} is {_a(shown)}: check the order of subject and object, or the relation")
                    break

    # ------------------------------------------------------------------ blocks

    def _source(self, block: Mapping) -> None:
        # The graph is named by the source's id, else its identifier, else its title: never by
        # where the sheet came from, so a sheet posted over HTTP names the same graph.
        named = next((v for v in map(block.get, ("id", "identifier", "title")) if isinstance(v, Scalar) and slug(v.text)), None)
        if named is not None:
            self.out.graph = ox.NamedNode(f"{SOURCE}{slug(named.text)}")
        g = self.out.graph
        self.out.written_at[g.value] = block.where
        self._add(g, RDF_TYPE, ox.NamedNode(f"{TG}SourceDocument"))
        for name, (where, value) in block.entries.items():
            if name not in SOURCE_KEYS:
                self._problem(where, f"unknown source field {name!r}; use {', '.join(sorted(SOURCE_KEYS))}")
            elif name == "type":
                for scalar in self._scalars(value):
                    self._class(g, scalar)
            elif name != "id" and isinstance(value, Scalar):
                self._source_field(g, name, value)
        if "title" not in block.entries:
            self._problem(block.where, "the source has no title; give the document's headline (title supplied: true if it is yours)")
        if "label" not in block.entries and isinstance(block.get("title"), Scalar):
            self._add(g, LABEL, ox.Literal(block.get("title").text, language="en"))  # type: ignore[union-attr]
        if "identifier" not in block.entries:
            self._add(g, ox.NamedNode(f"{DCTERMS}identifier"), ox.Literal(g.value[len(str(SOURCE)) :]))

    def _source_field(self, g: ox.NamedNode, name: str, value: Scalar) -> None:
        prop, form = SOURCE_FIELDS[name]
        try:
            if form == "text":
                term: ox.Literal | ox.NamedNode = ox.Literal(value.text, language=language_of(value.text))
            elif form == "boolean":
                term = typed(value.text, "http://www.w3.org/2001/XMLSchema#boolean", name)
            elif form == "date":
                term = date(value.text, name)
            elif form == "iri":
                term = ox.NamedNode(value.text)
            elif form == "language":
                if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", value.text):
                    raise BadValue(f"language takes a language code such as en or zh (BCP 47), not {value.text!r}")
                term = ox.Literal(value.text)
            else:
                term = ox.Literal(value.text)
        except (BadValue, ValueError) as error:
            self._problem(value.where, str(error) if isinstance(error, BadValue) else f"{name} must be an absolute URL such as https://example.com/article")
            return
        self._add(g, ox.NamedNode(prop), term)

    def _declare(self, item: Node, name_key: str) -> ox.NamedNode | None:
        """The IRI a record of `entities` (named by `name`) or of `facts` (an `event`) stands for,
        its names made known to the sheet's other rows."""
        if not isinstance(item, Mapping):
            self._problem(item.where, "an entity is a block with name:, a: (its class) and its labels")
            return None
        names = [s.text for k in ("label", "zh", "aliases") for s in self._scalars(item.get(k))]
        if name_key == "name":
            name = item.get("name")
            if not isinstance(name, Scalar) or not name.text.strip():
                self._problem(item.where, "this entity has no name:; give the name the facts call it by")
                return None
            names.insert(0, name.text)
        elif not names and not isinstance(item.get("id"), Scalar):
            self._problem(item.where, "an event needs a label: (what it is, for people) or an id:")
            return None
        given = item.get("id")
        if isinstance(given, Scalar):
            iri = ox.NamedNode(given.text if given.text.startswith(("http://", "https://")) else f"{ID}{given.text}")
        elif name_key == "name":
            iri = self._existing(names[0]) or ox.NamedNode(f"{ID}{slug(names[0])}")
        else:
            iri = ox.NamedNode(f"{ID}{slug(names[0])}")
        for known in names + ([given.text] if isinstance(given, Scalar) else []):
            self.names.declare(known, iri.value)
        self.out.written_at.setdefault(iri.value, item.where)
        return iri

    def _existing(self, name: str) -> ox.NamedNode | None:
        """The store's entity of that name, when exactly one: a sheet restating its class or labels."""
        try:
            return ox.NamedNode(self.names.resolve(name, hint=False))  # a new name is no mistake
        except UnresolvedName:
            return None

    def _record(self, item: Mapping, iri: ox.NamedNode) -> None:
        """An entity's or an event's class, labels and relations."""
        is_event = "event" in item.entries
        first = len(self.out.quads)
        for name, (where, value) in item.entries.items():
            if name in ("name", "id") or is_event and name == "at":
                continue
            if name in ("a", "event"):
                for scalar in self._scalars(value):
                    self._class(iri, scalar)
            elif name == "label":
                for scalar in self._scalars(value):
                    self._add(iri, LABEL, ox.Literal(scalar.text, language=language_of(scalar.text)))
            elif name == "zh":
                for scalar in self._scalars(value):
                    self._add(iri, LABEL, ox.Literal(scalar.text, language="zh"))
            elif name == "aliases":
                for scalar in self._scalars(value):
                    self._add(iri, ALT_LABEL, ox.Literal(scalar.text, language=language_of(scalar.text)))
            else:
                relation = self._relation(name, where)
                if relation:
                    for scalar in self._scalars(value):
                        self._value(iri, relation, scalar)
        if not is_event and "label" not in item.entries and isinstance(item.get("name"), Scalar):
            name = item.get("name").text  # type: ignore[union-attr]
            self._add(iri, LABEL, ox.Literal(name, language=language_of(name)))
        if is_event:
            self._locate(item.get("at"), first)

    def _row(self, item: Node) -> None:
        """`[subject, relation, object]`, or the same as a block with subject:, relation:, object:."""
        at: Node | None = None
        if isinstance(item, Sequence) and len(item.items) in (3, 4):
            subject, relation_name, objects, at = (*item.items, None)[:4]
        elif isinstance(item, Mapping) and ROW_KEYS <= set(item.entries):
            for name, (where, _) in item.entries.items():
                if name not in ROW_KEYS | OPTIONAL_ROW_KEYS:
                    self._problem(where, f"unknown field {name!r} in a fact row; a row has subject:, relation:, object: and at: (an event starts with event:)")
            subject, relation_name, objects, at = (item.get(k) for k in ("subject", "relation", "object", "at"))  # type: ignore[assignment]
        else:
            self._problem(item.where, "a fact is [subject, relation, object, where stated], a block with subject:, relation:, object: and at:, or an event starting with event:")
            return
        if not isinstance(subject, Scalar) or not isinstance(relation_name, Scalar):
            self._problem(item.where, "a fact's subject and relation are single names")
            return
        node = self._entity(subject)
        relation = self._relation(relation_name.text, relation_name.where)
        if node is None or relation is None:
            return
        self.out.written_at.setdefault(node.value, item.where)
        first = len(self.out.quads)
        for scalar in self._scalars(objects):
            self._value(node, relation, scalar)
        self._locate(at, first)

    def _locate(self, at: Node | None, first: int) -> None:
        """Place the facts a row added (the quads from `first` on) where `at:` says the source
        states them: one rdf:Statement each (graph.model.statements)."""
        if at is None:
            return
        if not isinstance(at, Scalar):
            self._problem(at.where, "at: is one value, such as ¶3 or chars 120-245")
            return
        try:
            found = passage(at.text)
        except BadValue as error:
            self._problem(at.where, str(error))
            return
        for quad in self.out.quads[first:]:
            if quad.predicate not in NOT_LOCATED:
                self.out.written_at.setdefault(statement_iri(self.out.graph, quad.triple).value, at.where)
                self.out.quads.extend(statement_quads(self.out.graph, quad.triple, found))

    # ------------------------------------------------------------------ terms

    def _relation(self, name: str, where: Where) -> Relation | None:
        relation = self.terms.relation(name)
        if relation is None:
            near = self.terms.near_relations(name)
            self._problem(where, f"unknown relation {name!r}; " + (f"did you mean {' or '.join(near)}?" if near else "the relations are listed in docs/data-model.md"))
        return relation

    def _class(self, node: ox.NamedNode, scalar: Scalar) -> None:
        cls = self.terms.cls(scalar.text)
        if cls is None:
            near = self.terms.near_classes(scalar.text)
            self._problem(scalar.where, f"unknown class {scalar.text!r}; " + (f"did you mean {' or '.join(near)}?" if near else "the classes are listed in docs/data-model.md"))
            return
        self._add(node, RDF_TYPE, ox.NamedNode(cls))

    def _entity(self, scalar: Scalar) -> ox.NamedNode | None:
        try:
            return ox.NamedNode(self.names.resolve(scalar.text))
        except UnresolvedName as error:
            self._problem(scalar.where, str(error))
            return None

    def _value(self, node: ox.NamedNode, relation: Relation, scalar: Scalar) -> None:
        if relation.datatype is None:
            target = self._entity(scalar)
            if target is not None:
                self._add(node, ox.NamedNode(relation.iri), target)
                self._links.append((node, relation, target, scalar.where))
            return
        try:
            self._add(node, ox.NamedNode(relation.iri), typed(scalar.text, relation.datatype, relation.name))
        except BadValue as error:
            self._problem(scalar.where, str(error))

    # ------------------------------------------------------------------ plumbing

    def _items(self, node: Node | None, block: str) -> list[Node]:
        if node is None or isinstance(node, Scalar) and not node.text:
            return []
        if not isinstance(node, Sequence):
            self._problem(node.where, f"{block}: is a list, one item per line starting with '- '")
            return []
        return node.items

    def _scalars(self, node: Node | None) -> list[Scalar]:
        """A value, or each value of a list; nested blocks are refused where they stand."""
        if node is None:
            return []
        if isinstance(node, Scalar):
            return [node] if node.text or node.quoted else []
        if isinstance(node, Sequence):
            found = []
            for item in node.items:
                if isinstance(item, Scalar):
                    found.append(item)
                else:
                    self._problem(item.where, "expected a name or a value here, not a block")
            return found
        self._problem(node.where, "expected a name, a value or a list of them, not a block")
        return []

    def _add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.out.quads.append(ox.Quad(s, p, o, self.out.graph))

    def _problem(self, where: Where, message: str) -> None:
        self.out.problems.append(SheetProblem(where, message))
