"""Compile our SHACL shapes into SPARQL queries that Oxigraph runs over a whole load at once.

pySHACL walks focus nodes one by one in Python; on a million-triple load that takes minutes,
while the same constraints as set-based SPARQL take about a second. We compile exactly the
SHACL Core subset that `ontology/shapes.ttl` uses and refuse any other construct, so a shape
can never be skipped silently; tests hold the result equal to pySHACL's on the same data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from rdflib import Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from graph.errors import UnsupportedShape
from graph.model.ontology import Ontology

CASTABLE = {XSD.date, XSD.gYearMonth, XSD.gYear, XSD.decimal, XSD.integer, XSD.boolean, XSD.dateTime}
# Types of nodes that staged data points at, copied from the store under this private predicate
# rather than rdf:type: sh:class reads it, while focus-node patterns never match it.
NEIGHBOUR_TYPE = "urn:tiegraph:neighbour-type"
# Placeholders for the focus nodes: enumerated from their types (for checks that must see nodes
# lacking the property), or filtered by type after the property is matched (for the others).
FOCUS = "%FOCUS%"
TYPED = "%TYPED%"
ANNOTATIONS = {RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.message, SH.order}
NODE_SHAPE_KEYS = ANNOTATIONS | {SH.targetClass, SH.property}
PROPERTY_SHAPE_KEYS = ANNOTATIONS | {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH.pattern,
    SH.flags, SH["in"], SH.minInclusive, SH["or"], SH.qualifiedValueShape, SH.qualifiedMinCount,
}


@dataclass(frozen=True)
class Check:
    """One constraint as a SPARQL SELECT yielding ?focus and ?value for each violation.

    Shapes of a class and of its subclasses often repeat a constraint (every shape requires an
    English label): such repeats become one check over the union of their focus types, each
    shape kept with the types it reaches (`reaches`) so a violation names only the shapes that
    target its node.
    """

    reaches: tuple[tuple[URIRef, frozenset[URIRef]], ...]
    path: URIRef
    component: str
    explanation: str
    template: str
    needs_path: bool

    @cached_property  # asked of every check on every write
    def types(self) -> frozenset[URIRef]:
        """Every type a shape of this check targets, subclasses included."""
        return frozenset().union(*(types for _, types in self.reaches))

    def shapes_for(self, types: set[URIRef]) -> list[URIRef]:
        """The shapes of this check that target a node of `types`."""
        return [shape for shape, reached in self.reaches if reached & types]

    @property
    def sparql(self) -> str:
        """The query, its focus pattern filled in with every targeted type."""
        types = sorted(t.n3() for t in self.types)
        focus = f"VALUES ?type {{ {' '.join(types)} }} ?focus a ?type ."
        typed = f"?focus a ?type . FILTER(?type IN ({', '.join(types)}))"
        return self.template.replace(FOCUS, focus).replace(TYPED, typed)


def compile_shapes(shapes: Graph, ontology: Ontology) -> list[Check]:
    """Every constraint of every node shape in `shapes`, as checks, repeats merged."""
    merged: dict[tuple[URIRef, str, str], Check] = {}
    for shape in sorted(set(shapes.subjects(SH.targetClass, None))):
        _refuse_unknown(shapes, shape, NODE_SHAPE_KEYS)
        types: set[URIRef] = set()
        for target in shapes.objects(shape, SH.targetClass):
            types |= ontology.subclasses(target)
        for prop in shapes.objects(shape, SH.property):
            _refuse_unknown(shapes, prop, PROPERTY_SHAPE_KEYS)
            for check in _property_checks(shapes, ontology, shape, prop, frozenset(types)):
                key = (check.path, check.component, check.template)
                if key in merged:
                    known = merged[key]
                    check = replace(check, reaches=known.reaches + check.reaches)
                merged[key] = check
    return list(merged.values())


def _refuse_unknown(shapes: Graph, node: Node, allowed: set[URIRef]) -> None:
    unknown = {p for p in shapes.predicates(node, None) if p not in allowed}
    if unknown:
        names = ", ".join(sorted(shapes.namespace_manager.normalizeUri(p) for p in unknown))
        raise UnsupportedShape(f"shape {node} uses {names}, which tiegraph's validator does not implement")


def _property_checks(shapes: Graph, ontology: Ontology, shape: URIRef, prop: Node, types: frozenset[URIRef]) -> Iterator[Check]:
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise UnsupportedShape(f"shape {shape}: sh:path must be a single predicate IRI, not {path!r}")
    p = path.n3()
    one = lambda key: shapes.value(prop, key)  # noqa: E731

    def minimum_check(component: str, explanation: str, n: int, value_filter: str = "") -> Check:
        if n == 1:
            sparql = f"SELECT DISTINCT ?focus (0 AS ?value) WHERE {{ {FOCUS} FILTER NOT EXISTS {{ ?focus {p} ?v {value_filter} }} }}"
        else:
            sparql = (
                f"SELECT ?focus (COUNT(DISTINCT ?v) AS ?value) WHERE {{ {{ SELECT DISTINCT ?focus WHERE {{ {FOCUS} }} }} "
                f"OPTIONAL {{ ?focus {p} ?v {value_filter} }} }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {n})"
            )
        return Check(((shape, types),), path, component, explanation, sparql, needs_path=False)

    def maximum_check(component: str, explanation: str, n: int) -> Check:
        sparql = f"SELECT ?focus (COUNT(DISTINCT ?v) AS ?value) WHERE {{ ?focus {p} ?v . {TYPED} }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {n})"
        return Check(((shape, types),), path, component, explanation, sparql, needs_path=True)

    def value_check(component: str, explanation: str, violation: str) -> Check:
        sparql = f"SELECT DISTINCT ?focus ?value WHERE {{ ?focus {p} ?value . FILTER({violation}) {TYPED} }}"
        return Check(((shape, types),), path, component, explanation, sparql, needs_path=True)

    if (n := one(SH.minCount)) is not None:
        yield minimum_check(f"sh:minCount {n}", f"needs at least {n} value(s)", int(n))
    if (n := one(SH.maxCount)) is not None:
        yield maximum_check(f"sh:maxCount {n}", f"allows at most {n} value(s)", int(n))
    if (qualified := one(SH.qualifiedValueShape)) is not None:
        languages = _list(shapes, shapes.value(qualified, SH.languageIn))
        if set(shapes.predicates(qualified, None)) != {SH.languageIn} or not languages:
            raise UnsupportedShape(f"shape {shape}: sh:qualifiedValueShape may hold only sh:languageIn")
        n = int(one(SH.qualifiedMinCount) or 1)
        wanted = " || ".join(f'langMatches(lang(?v), "{language}")' for language in languages)
        names = ", ".join(map(str, languages))
        yield minimum_check(
            f"sh:qualifiedMinCount {n} sh:languageIn ({names})",
            f"needs at least {n} value(s) in language {names}",
            n,
            f"FILTER({wanted})",
        )
    if (datatype := one(SH.datatype)) is not None:
        yield value_check(f"sh:datatype {_short(shapes, datatype)}", f"must be a valid {_short(shapes, datatype)} literal", f"!({_datatype_ok(datatype)})")
    if (alternatives := one(SH["or"])) is not None:
        datatypes = [shapes.value(member, SH.datatype) for member in _list(shapes, alternatives)]
        if None in datatypes:
            raise UnsupportedShape(f"shape {shape}: sh:or may only list shapes with one sh:datatype each")
        names = " or ".join(_short(shapes, d) for d in datatypes)
        ok = " || ".join(f"({_datatype_ok(d)})" for d in datatypes)
        yield value_check(f"sh:or ({names})", f"must be a valid {names} literal", f"!({ok})")
    if (cls := one(SH["class"])) is not None:
        allowed = ", ".join(c.n3() for c in sorted(ontology.subclasses(cls)))
        yield value_check(
            f"sh:class {_short(shapes, cls)}",
            f"must point at a {_short(shapes, cls)}",
            f"NOT EXISTS {{ ?value a|<{NEIGHBOUR_TYPE}> ?class FILTER(?class IN ({allowed})) }}",
        )
    if (kind := one(SH.nodeKind)) is not None:
        tests = {SH.IRI: "isIRI(?value)", SH.Literal: "isLiteral(?value)", SH.BlankNodeOrIRI: "!isLiteral(?value)"}
        if kind not in tests:
            raise UnsupportedShape(f"shape {shape}: sh:nodeKind {kind} is not supported")
        yield value_check(f"sh:nodeKind {_short(shapes, kind)}", f"must be a {_short(shapes, kind)}", f"!({tests[kind]})")
    if (pattern := one(SH.pattern)) is not None:
        flags = Literal(str(one(SH.flags) or ""))
        yield value_check(
            f"sh:pattern {pattern}",
            f"must match the pattern {pattern}",
            f"isBlank(?value) || !REGEX(STR(?value), {Literal(str(pattern)).n3()}, {flags.n3()})",
        )
    if (members := one(SH["in"])) is not None:
        allowed_terms = _list(shapes, members)
        same = " || ".join(f"sameTerm(?value, {term.n3()})" for term in allowed_terms)
        listed = ", ".join(str(term) for term in allowed_terms)
        yield value_check("sh:in", f"must be one of {listed}", f"!({same})")
    if (minimum := one(SH.minInclusive)) is not None:
        yield value_check(f"sh:minInclusive {minimum}", f"must be at least {minimum}", f"!COALESCE(?value >= {minimum.n3()}, false)")


def _datatype_ok(datatype: Node) -> str:
    ok = f"isLiteral(?value) && datatype(?value) = {datatype.n3()}"
    if datatype in CASTABLE:
        # Oxigraph keeps ill-formed literals such as "2020-13-45"^^xsd:date as they are: a cast tells.
        ok += f" && COALESCE({datatype.n3()}(STR(?value)) = ?value, false)"
    return ok


def _list(shapes: Graph, head: Node | None) -> list[Node]:
    return list(Collection(shapes, head)) if head is not None else []


def _short(shapes: Graph, term: Node) -> str:
    return shapes.namespace_manager.normalizeUri(term) if isinstance(term, URIRef) else str(term)
