"""Property test: on random multigraphs, path search agrees with networkx's shortest-path routines.

Every path found is simple, joins the two ends, uses only facts and nodes the filters allow, and
the lengths found are exactly the first k lengths networkx's `shortest_simple_paths` yields (up
to the maximum length) on the same graph with the filters applied by hand.
"""

from __future__ import annotations

from itertools import islice

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.connections import Adjacency, find_paths, PathFilter

TG = "https://tiegraph.org/ontology#"
PREDICATES = [f"{TG}founder", f"{TG}locatedIn", f"{TG}recipient"]
CLASSES = [f"{TG}City", f"{TG}Person", f"{TG}Company", f"{TG}Country"]
YEARS = ["2019", "2020", "2021", None]


@st.composite
def cases(draw: st.DrawFn) -> tuple:
    n = draw(st.integers(2, 10))
    facts = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(PREDICATES), st.sampled_from(YEARS)).filter(lambda f: f[0] != f[1]),
            min_size=4,
            max_size=35,
        )
    )
    classes = draw(st.lists(st.sampled_from(CLASSES[:3] * 3 + CLASSES[3:]), min_size=n, max_size=n))  # countries rarer
    source, target = draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
    unfiltered = st.none() | st.none()  # filters on a third of the cases each, so paths stay common
    predicates = draw(unfiltered | st.sets(st.sampled_from(PREDICATES), min_size=1))
    allowed_classes = draw(unfiltered | st.sets(st.sampled_from(CLASSES[:3]), min_size=1))
    window = draw(unfiltered | st.tuples(st.sampled_from(YEARS[:3]), st.sampled_from(YEARS[:3])).map(sorted))  # since <= until: the other order is refused
    undated = draw(st.booleans())
    rules = PathFilter(
        frozenset(predicates) if predicates else None,
        frozenset(allowed_classes) if allowed_classes else None,
        window[0] if window else None,
        window[1] if window else None,
        undated if window else True,
        draw(st.integers(3, 40)),
    )
    return n, facts, classes, source, target, rules, draw(st.integers(1, 6)), draw(st.integers(1, 5))


def project(n: int, facts: list, classes: list[str]) -> Adjacency:
    """One source graph per year, so each fact's date is its graph's issue date."""
    a = Adjacency()
    for v in range(n):
        a.set_classes(f"n{v}", [classes[v]])
    a.add((f"n{s}", p, f"n{o}", f"g{year}") for s, o, p, year in facts)
    for year in YEARS:
        a.set_issued(f"g{year}", year)
    a.reindex()
    return a


def reference(n: int, facts: list, classes: list[str], source: int, target: int, rules: PathFilter) -> nx.Graph:
    """The same filters applied by hand: networkx sees only usable facts and passable nodes."""
    degree = [sum(v in (s, o) for s, o, _, _ in facts) for v in range(n)]
    passable = {
        v for v in range(n)
        if v in (source, target)
        or (classes[v] != f"{TG}Country" and degree[v] <= rules.hub_degree and (rules.classes is None or classes[v] in rules.classes))
    }
    g = nx.Graph()
    g.add_nodes_from(passable)
    for s, o, p, year in facts:
        if rules.predicates is not None and p not in rules.predicates:
            continue
        if rules.since is not None and (year is None and not rules.undated or year is not None and not rules.since <= year <= rules.until):
            continue
        if s in passable and o in passable:
            g.add_edge(s, o)
    return g


@settings(max_examples=400, deadline=None)
@given(cases())
def test_paths_are_the_shortest_simple_allowed_paths(case: tuple) -> None:
    n, facts, classes, source, target, rules, max_length, k = case
    a = project(n, facts, classes)
    s, t = a.index[f"n{source}"], a.index[f"n{target}"]
    found = [[int(a.iris[v][1:]) for v in path] for path in find_paths(a, s, t, k, max_length, rules)]
    g = reference(n, facts, classes, source, target, rules)

    expected = [p for p in islice(nx.shortest_simple_paths(g, source, target), k)] if nx.has_path(g, source, target) else []
    expected = [p for p in expected if len(p) - 1 <= max_length]
    assert [len(p) for p in found] == [len(p) for p in expected]
    assert len({tuple(p) for p in found}) == len(found)
    for path in found:
        assert path[0] == source and path[-1] == target
        assert len(set(path)) == len(path)
        assert all(g.has_edge(u, v) for u, v in zip(path, path[1:]))
    if found:
        assert len(found[0]) - 1 == nx.shortest_path_length(g, source, target)
