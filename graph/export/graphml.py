"""Write a projection as GraphML with typed `<key>` declarations, for Cytoscape, yEd and igraph.

Streaming like `graph.export.gexf`, for the same reasons; unlike networkx's `write_graphml`, every edge
of the multigraph gets its own id (the event IRI, or subject–predicate–object), which graphology
requires. GraphML 1.0's schema makes every id an `xs:NMTOKEN` (no `/`, `#`, `%`, space…), so ids
are tokens made from the IRI (`tgid:xpeng` for `https://tiegraph.org/id/xpeng`, see `token`) and
each node keeps its IRI as the `iri` attribute. GraphML has no viz extension, so colour (`#rrggbb`), size and map position (`x`, `y`)
are ordinary node attributes that Cytoscape and yEd can map to visual properties.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import BinaryIO

from graph.export.columns import Columns, Spool, attribute, lone_text, name_text, value_text
from graph.model.namespaces import shorten
from graph.export.gexf import UNITS_PER_DEGREE, Written
from graph.export.palette import colour_of, hex_colour, node_size
from graph.export.projection import Edge, Node, Value, class_label

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
SPELL_KEYS = ("start", "end")
# `\w` is what `str.isalnum` accepts, and `_`, which stands for itself only in escapes.
_NOT_IN_TOKEN = re.compile(r"[^\w.:-]|_")
POSITION: dict[str, Value] = {"x": 0.0, "y": 0.0}


def write_graphml(elements: Iterable[Node | Edge], out: BinaryIO, size_by: str = "degree") -> Written:
    """Stream `elements` to `out` as GraphML; dates of dated facts are `start` / `end` attributes."""
    nodes: list[Node] = []
    ends: list[str] = []  # both ends of every edge, counted at the end in one C-speed pass
    node_columns, edge_columns = Columns(), Columns()
    node_columns.add({"iri": "", "label": "", "kind": "", "color": "", "size": 0.0})
    edge_columns.add({"label": "", "kind": "", "weight": 0.0})
    edges = Spool()
    try:
        for element in elements:
            if type(element) is Node:
                nodes.append(element)
                # The columns of `_node_values`, in its order, without building the values twice.
                if element.position:
                    node_columns.add(POSITION)
                node_columns.add(element.attributes)
                node_columns.add(_spell(element.start, element.end))
            else:
                ends += (element.source, element.target)
                spell = _spell(element.start, element.end)
                edge_columns.add(element.attributes)
                edge_columns.add(spell)
                edges.write(_edge(element, spell))
        degree = Counter(ends)
        del ends
        out.write(_header(node_columns, edge_columns).encode("utf-8"))
        chunk: list[str] = []
        for node in nodes:
            chunk.append(f'    <node id="{token(node.id)}">\n{_data("n", _node_values(node, node_size(node.attributes, degree[node.id], size_by)))}    </node>\n')
            if len(chunk) >= 4096:
                out.write("".join(chunk).encode("utf-8"))
                chunk.clear()
        out.write("".join(chunk).encode("utf-8"))
        edges.copy_to(out)
        out.write(b"  </graph>\n</graphml>\n")
    finally:
        edges.close()
    return Written(len(nodes), edges.count)


def _node_values(node: Node, size: float) -> dict[str, Value]:
    values: dict[str, Value] = {"iri": node.id, "label": node.label, "kind": class_label(node.cls), "color": _colour(node.cls), "size": size}
    if node.position:
        # Screen coordinates, as yEd and Cytoscape use: y grows downwards, so north is negative.
        values["x"], values["y"] = node.position[0] * UNITS_PER_DEGREE, -node.position[1] * UNITS_PER_DEGREE
    return values | node.attributes | _spell(node.start, node.end)


def _edge(edge: Edge, spell: dict[str, Value]) -> str:
    """An edge's element; its label, kind and weight first, as declared (the same types on every edge)."""
    return (
        f'    <edge id="{token(edge.id)}" source="{token(edge.source)}" target="{token(edge.target)}">\n'
        f'      <data key="e:label">{attribute(edge.label)}</data>\n      <data key="e:kind">{attribute(edge.kind)}</data>\n'
        f'      <data key="e:weight">{edge.weight}</data>\n{_data("e", edge.attributes)}{_data("e", spell)}    </edge>\n'
    )


def token(iri: str) -> str:
    """An XML name token for an IRI or an edge id: known namespaces as prefixes (`tgid:xpeng`), and
    every other character a name token cannot hold, `_` and space included, as `_hh_` (its code in
    hex), so that no two IRIs share a token."""
    return "_20_".join(map(_token_part, iri.split(" "))) if " " in iri else _token_part(iri)


@lru_cache(maxsize=1 << 20)
def _token_part(iri: str) -> str:
    """One IRI's token; cached, as an edge id repeats its ends' IRIs (a whole graph has fewer
    distinct IRIs than edges)."""
    return _NOT_IN_TOKEN.sub(lambda match: f"_{ord(match[0]):x}_", shorten(iri).strip("<>"))


def _spell(start: str | None, end: str | None) -> dict[str, Value]:
    if not start and not end:
        return {}
    return {key: value for key, value in zip(SPELL_KEYS, (start, end)) if value}


@cache
def _colour(cls: str) -> str:
    return hex_colour(colour_of(cls))


def _header(node_columns: Columns, edge_columns: Columns) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd">',
    ]
    for prefix, target, columns in (("n", "node", node_columns), ("e", "edge", edge_columns)):
        lines += [
            f'  <key id="{prefix}:{attribute(name)}" for="{target}" attr.name="{attribute(name)}" attr.type="{kind}"/>'
            for name, kind in columns.typed()
        ]
    lines.append('  <graph id="tiegraph" edgedefault="directed">')
    return "\n".join(lines) + "\n"


def _data(prefix: str, values: dict[str, Value]) -> str:
    if not values:
        return ""
    lone = lone_text(values)
    if lone:
        return _one_data(prefix, *lone)
    return "".join([f'      <data key="{prefix}:{name_text(k)}">{value_text(v)}</data>\n' for k, v in sorted(values.items())])


@lru_cache(maxsize=1 << 16)
def _one_data(prefix: str, name: str, value: str) -> str:
    return f'      <data key="{prefix}:{name_text(name)}">{attribute(value)}</data>\n'
