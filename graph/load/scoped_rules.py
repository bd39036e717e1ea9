"""The rules re-run only where a small write can change what they infer, not over the whole store.

Each rule file says, on a `# scope:` line, what its output about a node depends on:
- `pair`: what it infers between two nodes depends only on the facts between them (inverse-of);
- `subject`: what it infers about a node depends only on that node's own facts and those of the
  places containing it, up its chain of tg:locatedIn and tg:capitalOf (capitals, the closure).

So after a write whose changed triples (the delta) have the subjects T, only the output about the
*scope* can change: T, and every place inside a node whose own containment facts changed (found
through the closure already in the store). The rules run, as they are, on a scratch store holding
everything that output depends on: the stated facts about the scope in both directions, the
outgoing facts of every containing place, the ontology's inverse pairs. Their output about the
scope then replaces the store's in one update. The result equals a full run by construction;
tests/test_scoped_rules.py compares the two after random writes.

A write whose scope or scratch store passes `SCOPE_LIMIT` runs every rule instead. The limit is
the transaction limit's size (a write larger than that is a bulk write anyway), not a measured
crossover: a scoped run holds its scratch store in memory, which must stay small.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from graph.load.rule_set import Rule, rules, run_rules
from graph.model.namespaces import ONTOLOGY_GRAPH, TG
from graph.store.engine import Engine
from graph.store.revision import is_inferred

SCOPE_LIMIT = 100_000  # nodes in the scope, or facts in the scratch store
CONTAINMENT = (ox.NamedNode(f"{TG}locatedIn"), ox.NamedNode(f"{TG}capitalOf"))
INVERSE_OF = ox.NamedNode("http://www.w3.org/2002/07/owl#inverseOf")
ONTOLOGY = ox.NamedNode(str(ONTOLOGY_GRAPH))


def quads_of(engine: Engine, graphs: Iterable[ox.NamedNode]) -> list[ox.Quad] | None:
    """What `graphs` hold, read before a write to learn its delta; None when too many to follow
    (or the store is remote, where the rules always run whole)."""
    if not engine.local:
        return None
    found: list[ox.Quad] = []
    for g in graphs:
        for quad in engine.quads_for_pattern(None, None, None, g):
            found.append(quad)
            if len(found) > SCOPE_LIMIT:
                return None
    return found


def delta(before: Iterable[ox.Quad] | None, after: Iterable[ox.Quad]) -> set[ox.Triple] | None:
    """The triples a write added or removed, from the changed graphs' quads before and after it;
    None (run every rule) when `before` was too large or the write changed the ontology."""
    if before is None:
        return None
    old, new = set(before), set(after)
    if any(q.graph_name == ONTOLOGY for q in old ^ new):
        return None
    return {q.triple for q in old} ^ {q.triple for q in new}


def rerun_in_scope(engine: ox.Store, changed: set[ox.Triple]) -> set[ox.Triple] | None:
    """Bring every rule graph up to date after a write that changed the triples `changed`, and
    return the inferred triples that changed; None, having done nothing, when the write is too
    large for a scoped run."""
    if any(rule.scope is None for rule in rules()) or _containment_has_inverse(engine):
        return None
    scope = _scope(engine, changed)
    scratch = _scratch(engine, scope) if scope is not None else None
    if scope is None or scratch is None:
        return None
    run_rules(scratch)
    removed, added = [], []
    for rule in rules():
        old = set(_about(engine, rule, scope))
        new = set(_about(scratch, rule, scope))
        removed += old - new
        added += new - old
    if any(isinstance(term, ox.BlankNode) for q in (*removed, *added) for term in (q.subject, q.object)):
        return None  # DELETE DATA cannot name a blank node: the full run handles them
    if removed or added:
        engine.update(f"DELETE DATA {{ {_quads_text(removed)} }} ; INSERT DATA {{ {_quads_text(added)} }}")
    return {q.triple for q in (*removed, *added)}


def _scope(engine: ox.Store, changed: set[ox.Triple]) -> set[ox.NamedNode] | None:
    """The nodes whose inferred facts the change can alter; None past the limit, or when a
    changed fact's subject is a blank node (which no later update can name).

    The subjects of the changed facts suffice: a pair rule's output between a subject and its
    object is about the subject too, and a subject rule reads only a node's own facts."""
    subjects = {t.subject for t in changed}
    if any(not isinstance(node, ox.NamedNode) for node in subjects):
        return None
    scope: set[ox.NamedNode] = set(subjects)  # type: ignore[arg-type]
    moved = {t.subject for t in changed if t.predicate in CONTAINMENT}
    for place in moved:  # the closure in the store names every place inside, however deep
        scope.update(q.subject for q in engine.quads_for_pattern(None, CONTAINMENT[0], place) if isinstance(q.subject, ox.NamedNode))
        if len(scope) > SCOPE_LIMIT:
            return None
    return scope


def _scratch(engine: ox.Store, scope: set[ox.NamedNode]) -> ox.Store | None:
    """A store with every fact the rules' output about `scope` depends on; None past the limit."""
    facts: list[ox.Quad] = list(engine.quads_for_pattern(None, INVERSE_OF, None, ONTOLOGY))
    for node in scope:
        facts += _stated(engine.quads_for_pattern(node, None, None))
        facts += _stated(engine.quads_for_pattern(None, None, node))
        if len(facts) > SCOPE_LIMIT:
            return None
    containing = {q.object for q in facts if q.predicate in CONTAINMENT and q.subject in scope}
    seen: set[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = set(scope)
    while containing:  # up the chains, through stated and inferred containment alike
        place = containing.pop()
        if place in seen or not isinstance(place, ox.NamedNode):
            continue
        seen.add(place)
        facts += _stated(engine.quads_for_pattern(place, None, None))
        containing.update(q.object for p in CONTAINMENT for q in engine.quads_for_pattern(place, p, None))
        if len(facts) > SCOPE_LIMIT:
            return None
    scratch = ox.Store()
    scratch.extend(facts)
    return scratch


def _stated(quads: Iterator[ox.Quad]) -> list[ox.Quad]:
    return [q for q in quads if isinstance(q.graph_name, ox.NamedNode) and not is_inferred(q.graph_name.value)]


def _about(store: ox.Store, rule: Rule, scope: set[ox.NamedNode]) -> Iterator[ox.Quad]:
    """What `rule` inferred about the scope's nodes, as its scope line defines 'about'."""
    for node in scope:
        yield from store.quads_for_pattern(node, None, None, rule.graph)
        if rule.scope == "pair":
            yield from (q for q in store.quads_for_pattern(None, None, node, rule.graph) if q.subject not in scope)


def _containment_has_inverse(engine: ox.Store) -> bool:
    """An inverse of a containment property would let facts pointing *at* a containing place
    change its chain, which the scratch store does not hold: then only a full run is right."""
    return any(
        q.subject in CONTAINMENT or q.object in CONTAINMENT for q in engine.quads_for_pattern(None, INVERSE_OF, None, ONTOLOGY)
    )


def _quads_text(quads: list[ox.Quad]) -> str:
    return " ".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads)
