"""Reading and changing with SPARQL: queries as text, results serialised by Oxigraph, the
SERVICE/LOAD guard, validated atomic updates, and the counts behind `tiegraph stats`.

    queries       run_query, collect_stats, count_by_class, count_by_source
    results       result formats and their serialisation
    guard         SERVICE and LOAD kept to allowed hosts
    updates       SPARQL Update validated before it is committed
    update_scope  the graphs an update can read or change
    update_text   careful edits of update text
    forwarding    a `/sparql` query streamed through to a remote store and back
"""

from graph.query.queries import QueryResult, Stats, collect_stats, count_by_class, count_by_source, run_query
from graph.query.results import GRAPH_FORMATS, TABLE_FORMATS, default_format, media_types, serialize_capped, serialize_result
from graph.query.guard import check_remote_access
from graph.query.updates import apply_update
from graph.query.forwarding import forward, offers_for

__all__ = [
    "apply_update",
    "check_remote_access",
    "collect_stats",
    "count_by_class",
    "count_by_source",
    "default_format",
    "forward",
    "GRAPH_FORMATS",
    "media_types",
    "offers_for",
    "QueryResult",
    "run_query",
    "serialize_capped",
    "serialize_result",
    "Stats",
    "TABLE_FORMATS",
]
