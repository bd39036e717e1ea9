"""Exports for Gephi and other graph tools: the RDF graph projected onto nodes and edges, written
as GEXF or GraphML as it streams, whole or a chosen part.

    exporting         export_graph: the one entry point
    projection        entities as nodes, relations as edges
    subgraph          which part to export
    gexf, graphml     the streaming writers
    columns           what both writers share
    palette           colours and sizes
    stated_facts      what source graphs state, read in one pass
    fact_cache        those facts saved beside an on-disk store
    attribute_values  literals as typed attribute values
    csv_table         rows of plain values as CSV (the ledger, tie tables)
    reference_data    what reference datasets add to a projection
"""

from graph.export.csv_table import csv_text
from graph.export.exporting import EXPORT_FORMATS, ExportRequest, export_graph, size_choices
from graph.export.projection import Edge, Node, project, to_networkx
from graph.export.subgraph import Selection, around, constructed, of_types
from graph.export.palette import FAMILY_COLOURS
from graph.export.fact_cache import CACHE_FILE
from graph.export.stated_facts import stated_graphs

__all__ = [
    "around",
    "CACHE_FILE",
    "constructed",
    "csv_text",
    "Edge",
    "EXPORT_FORMATS",
    "export_graph",
    "ExportRequest",
    "FAMILY_COLOURS",
    "Node",
    "of_types",
    "project",
    "Selection",
    "size_choices",
    "stated_graphs",
    "to_networkx",
]
