"""Writing: files parsed into a staging store, judged against the ontology and the SHACL shapes
(compiled to SPARQL), written atomically, then the rules run over what changed.

    loading         load_files / validate_files: the atomic load; refresh_ontology after an upgrade
    staging         files parsed into an in-memory staging store
    checking        staged data judged with what the store already says
    validation      every reason a staged write breaks the ontology or shapes
    shapes          the SHACL shapes compiled to SPARQL
    inference       materialise: derived state brought up to date after a write
    rule_set        rules as data (rules/*.rq), run over a whole store
    scoped_rules    the rules re-run only where a small write reaches
    graph_store     the Graph Store Protocol's operations on whole graphs
    remote_loading  loads into a remote store, in batches of whole graphs
    recovery        open_dataset: the store opened and caught up after an interrupted write
"""

from graph.load.loading import LoadReport, load_files, refresh_ontology, validate_files
from graph.load.shapes import compile_shapes
from graph.load.graph_store import drop_graph, rdf_format_for, read_graph, write_graph
from graph.load.rule_set import rules, run_rules
from graph.load.recovery import Recovery, open_dataset, recover

__all__ = [
    "compile_shapes",
    "drop_graph",
    "load_files",
    "LoadReport",
    "open_dataset",
    "rdf_format_for",
    "read_graph",
    "recover",
    "refresh_ontology",
    "Recovery",
    "rules",
    "run_rules",
    "validate_files",
    "write_graph",
]
