"""A firm's corporate family, for rolling its subsidiaries' incentives up to it.

A subsidiary or business unit (`tg:parentOrganisation`) belongs to the family, and so does an
organisation the firm (or a member) owns a controlling stake in: a `tg:Ownership` of at least half,
or of a share the sources do not state (a holding named without its share is taken as control;
the row then shows the share as unknown). Each member comes with its chain up to the firm
(`NIO China → NIO`) and the share held at each link. The walk is breadth first and visits each
organisation once, so a cycle ends it and each member keeps its shortest chain.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph.model.vocabulary import TG

PARENT, OWNER, OWNED, STAKE = (ox.NamedNode(str(term)) for term in (TG.parentOrganisation, TG.owner, TG.owned, TG.stakePercent))
CONTROL = Decimal(50)


@dataclass(frozen=True)
class Chain:
    """A member of the family and the organisations above it, the member first, the firm last;
    `shares[i]` is the percentage of `links[i]` that `links[i + 1]` holds (None: a subsidiary or
    unit, or a share not stated)."""

    links: tuple[str, ...]
    shares: tuple[Decimal | None, ...] = ()


def holdings(engine: ox.Store, firm: str) -> dict[str, Chain]:
    """`firm` and every organisation below it, each with its chain up to `firm`."""
    family = {firm: Chain((firm,))}
    frontier = [firm]
    while frontier:
        below = []
        for parent in frontier:
            for child, share in _children(engine, parent):
                if child not in family:
                    above = family[parent]
                    family[child] = Chain((child, *above.links), (share, *above.shares))
                    below.append(child)
        frontier = below
    return family


def _children(engine: ox.Store, parent: str) -> Iterator[tuple[str, Decimal | None]]:
    """The organisations directly below `parent`, in a stable order, with the share it holds."""
    node = ox.NamedNode(parent)
    found: dict[str, Decimal | None] = {}
    for quad in engine.quads_for_pattern(None, PARENT, node):
        if isinstance(quad.subject, ox.NamedNode):
            found.setdefault(quad.subject.value, None)
    for quad in engine.quads_for_pattern(None, OWNER, node):
        share = _share(engine, quad.subject)
        if share is not None and share < CONTROL:
            continue
        for owned in engine.quads_for_pattern(quad.subject, OWNED, None):
            if isinstance(owned.object, ox.NamedNode):
                found[owned.object.value] = share
    yield from sorted(found.items())


def _share(engine: ox.Store, ownership: ox.NamedNode | ox.BlankNode | ox.Triple) -> Decimal | None:
    for quad in engine.quads_for_pattern(ownership, STAKE, None):
        try:
            return Decimal(quad.object.value)
        except InvalidOperation:
            return None
    return None
