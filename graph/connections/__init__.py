"""How entities are tied: a projection for path search, the k shortest paths, named tie
patterns, and a service object that keeps them current with the store.

    service        Connections: paths and ties over one open store
    adjacency      the facts between entities as a compact multigraph
    paths          the k shortest simple paths, with filters
    ties           tie kinds, each a query in tie_queries/<kind>.rq
    neighbourhood  the part of a remote store one path search reads
    tie_rows       a page of ties as flat rows, for CSV
    view           entities' neighbourhoods as a small graph for the explorer to draw
"""

from graph.connections.service import Connections, index_directory
from graph.connections.adjacency import Adjacency
from graph.connections.paths import DEFAULT_K, DEFAULT_MAX_LENGTH, MAX_LENGTH_LIMIT, PathFilter, find_paths
from graph.connections.ties import TieTable, tie_kinds
from graph.connections.tie_rows import tie_rows
from graph.connections.view import MAX_NODES

__all__ = [
    "Adjacency",
    "Connections",
    "DEFAULT_K",
    "DEFAULT_MAX_LENGTH",
    "find_paths",
    "index_directory",
    "MAX_LENGTH_LIMIT",
    "MAX_NODES",
    "PathFilter",
    "TieTable",
    "tie_kinds",
    "tie_rows",
]
