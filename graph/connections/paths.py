"""The k shortest simple paths between two entities, walking facts in either direction.

Relations point towards places (a firm is *in* a city, an incentive *has* a recipient), so a
directed search almost never connects two entities: the search walks the undirected multigraph of
graph/adjacency.py and each hop reports the direction in which its facts are stated. A path is a
sequence of distinct nodes; each hop lists every fact joining its two nodes (e.g. both
`Lei Jun founded Xiaomi` and `Xiaomi founder Lei Jun`), each with its source documents and date.
n-ary events (an incentive, a facility, an enrolment) are nodes, so a path goes through them.

Search meets in the middle: simple paths of up to ⌈L/2⌉ hops from each end, joined on their last
node, so a 4-hop question explores two 2-hop neighbourhoods instead of one 4-hop one.

Hub rule: a node is a hub when it is a country or a concept of a controlled vocabulary (an
industry, an incentive kind), or when more than `hub_degree` facts (default 1,000) touch it.
Hubs may be the ends of a path but are never walked through: "both are in China" explains nothing.
Among paths of equal length, those through less-connected nodes come first (lower sum of the
intermediate nodes' degrees), then by IRI, so the order is stable.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from graph.connections.adjacency import Adjacency
from graph.errors import InputError

HUB_DEGREE = 1000
DEFAULT_K = 5
DEFAULT_MAX_LENGTH = 4
MAX_LENGTH_LIMIT = 6
CANDIDATES_PER_LENGTH = 5000

NodePath = tuple[int, ...]


@dataclass(frozen=True)
class PathFilter:
    """What a path may use: predicates, classes of intermediate nodes, a date window.

    A dated fact passes the window when the period its date names (2020 = the whole year)
    overlaps it; an undated fact (geography, say) passes when `undated` is True.
    """

    predicates: frozenset[str] | None = None
    classes: frozenset[str] | None = None
    since: str | None = None
    until: str | None = None
    undated: bool = True
    hub_degree: int = HUB_DEGREE

    def __post_init__(self) -> None:
        """Refuse a window that is not made of periods, or that ends before it starts."""
        first = period_bounds(self.since, "since")[0] if self.since else None
        last = period_bounds(self.until, "until")[1] if self.until else None
        if first and last and first > last:
            raise InputError(f"since={self.since} is after until={self.until}: no fact can fall in that window; swap them or widen it")


PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def period_bounds(period: str, parameter: str) -> tuple[str, str]:
    """The first and last day of a year, month or date (`2020` → 2020-01-01, 2020-12-31)."""
    found = PERIOD.fullmatch(period.strip())
    try:
        if not found:
            raise ValueError
        year, month, day = int(found[1]), int(found[2] or 0), int(found[3] or 0)
        if day:
            start = end = datetime.date(year, month, day)
        elif month:
            start, end = datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
        else:
            start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    except ValueError:
        raise InputError(f"{parameter}={period!r} is not a year, month or date; write 2020, 2020-06 or 2020-06-30") from None
    return start.isoformat(), end.isoformat()


def find_paths(
    adjacency: Adjacency, source: int, target: int, k: int = DEFAULT_K, max_length: int = DEFAULT_MAX_LENGTH, rules: PathFilter = PathFilter()
) -> list[NodePath]:
    """The `k` shortest simple paths from `source` to `target` of at most `max_length` hops."""
    if source == target:
        raise InputError("a path needs two different entities; both names point at the same one")
    if not 1 <= max_length <= MAX_LENGTH_LIMIT or k < 1:
        raise InputError(f"max length must be 1–{MAX_LENGTH_LIMIT} and k at least 1; got {max_length} and {k}")
    walk = _Walk(adjacency, source, target, rules)
    forward = walk.half_paths(source, target, math.ceil(max_length / 2))
    backward = walk.half_paths(target, source, max_length // 2)
    found: list[NodePath] = []
    for length in range(1, max_length + 1):
        ahead, behind = math.ceil(length / 2), length // 2
        candidates = walk.join(forward[ahead], backward[behind], behind == 0)
        candidates.sort(key=lambda path: (sum(adjacency.degree(v) for v in path[1:-1]), [adjacency.iris[v] for v in path]))
        found.extend(candidates[: k - len(found)])
        if len(found) >= k:
            break
    return found


def fact_rows(adjacency: Adjacency, a: int, b: int, rules: PathFilter = PathFilter()) -> list[int]:
    """The rows (facts) joining `a` and `b` that the filter lets a path use."""
    allowed = _row_test(adjacency, rules)
    return sorted(r for other, r in adjacency.links(a) if other == b and allowed(r))


class _Walk:
    """One search: which rows and nodes it may use, and the neighbours it has looked up."""

    def __init__(self, adjacency: Adjacency, source: int, target: int, rules: PathFilter) -> None:
        self.adjacency, self.ends, self.rules = adjacency, {source, target}, rules
        self.allowed = _row_test(adjacency, rules)
        self.cache: dict[int, list[int]] = {}

    def passable(self, v: int) -> bool:
        """May a path go through `v`? Ends always; otherwise not a hub and of an allowed class."""
        if v in self.ends:
            return True
        a = self.adjacency
        if a.is_vocabulary_hub(v) or a.degree(v) > self.rules.hub_degree:
            return False
        return self.rules.classes is None or bool(a.classes(v) & self.rules.classes)

    def neighbours(self, v: int) -> list[int]:
        if v not in self.cache:
            self.cache[v] = sorted({other for other, r in self.adjacency.links(v) if other != v and self.allowed(r)})
        return self.cache[v]

    def half_paths(self, start: int, stop: int, depth: int) -> list[dict[int, list[NodePath]]]:
        """Simple paths from `start` of each length up to `depth`, by last node; never through `stop`."""
        layers: list[dict[int, list[NodePath]]] = [{start: [(start,)]}]
        for _ in range(depth):
            layer: dict[int, list[NodePath]] = {}
            expanded = [end for end in layers[-1] if end != stop and (end == start or self.passable(end))]
            self.adjacency.prefetch(expanded)  # one round trip per layer on a remote store
            for end in expanded:
                paths = layers[-1][end]
                for u in self.neighbours(end):
                    for path in paths:
                        if u not in path:
                            layer.setdefault(u, []).append((*path, u))
            layers.append(layer)
        return layers

    def join(self, ahead: dict[int, list[NodePath]], behind: dict[int, list[NodePath]], direct: bool) -> list[NodePath]:
        """Whole paths: a prefix from the source and a suffix from the target sharing their last node."""
        joined: list[NodePath] = []
        for middle, prefixes in ahead.items():
            if direct:
                if middle in behind:
                    joined.extend(prefixes)
                continue
            if middle in self.ends or not self.passable(middle) or middle not in behind:
                continue
            for prefix in prefixes:
                used = set(prefix)
                for suffix in behind[middle]:
                    if used.isdisjoint(suffix[:-1]):
                        joined.append(prefix + suffix[-2::-1])
                        if len(joined) >= CANDIDATES_PER_LENGTH:
                            return joined
        return joined


def _row_test(adjacency: Adjacency, rules: PathFilter) -> Callable[[int], bool]:
    """A predicate on rows: allowed predicate, and a date overlapping the window (if any)."""
    # By IRI, not by number: a remote neighbourhood numbers predicates as it meets them.
    predicates, names = rules.predicates, adjacency.predicates
    window = rules.since is not None or rules.until is not None or not rules.undated
    low = _start(rules.since) if rules.since else ""
    high = _end(rules.until) if rules.until else "9999"

    def allowed(r: int) -> bool:
        if predicates is not None and names[adjacency.row_p[r]] not in predicates:
            return False
        if not window:
            return True
        date = adjacency.row_date(r)
        if date is None:
            return rules.undated
        return _start(date) <= high and _end(date) >= low

    return allowed


def _start(date: str) -> str:
    """First day of the period a date names: 2020 → 2020-01-01, 2021-02 → 2021-02-01."""
    day = date[:10]
    return day + "-01-01"[len(day) - 4 :] if len(day) < 10 else day


def _end(date: str) -> str:
    """Last day of the period (compared as text, so 2021-02-31 is fine as an upper bound)."""
    day = date[:10]
    return day + "-12-31"[len(day) - 4 :] if len(day) < 10 else day
