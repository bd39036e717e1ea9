"""A firm's corporate family, for rolling its subsidiaries' incentives up to it.

Each subsidiary or business unit (`tg:parentOrganisation`, stated in any source) belongs to the
family with its chain up to the firm (`NIO China → NIO`). The walk is breadth first and visits
each organisation once, so a cycle of parents ends it and each member keeps its shortest chain.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph.model.vocabulary import TG

PARENT = ox.NamedNode(str(TG.parentOrganisation))


@dataclass(frozen=True)
class Chain:
    """A member of the family and the organisations above it, the member first, the firm last."""

    links: tuple[str, ...]


def holdings(engine: ox.Store, firm: str) -> dict[str, Chain]:
    """`firm` and every organisation below it, each with its chain up to `firm`."""
    family = {firm: Chain((firm,))}
    frontier = [firm]
    while frontier:
        below = []
        for parent in frontier:
            for quad in engine.quads_for_pattern(None, PARENT, ox.NamedNode(parent)):
                child = quad.subject
                if isinstance(child, ox.NamedNode) and child.value not in family:
                    family[child.value] = Chain((child.value, *family[parent].links))
                    below.append(child.value)
        frontier = below
    return family
