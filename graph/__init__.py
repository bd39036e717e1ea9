"""tiegraph's knowledge-graph layer. Data flows one way: ontology + seeds → store → queries, paths,
ties, exports → `api/`; nothing here imports `api`.

Top level: `errors` (every domain error) and `settings`. One subpackage per concern, each
`__init__` its table of contents:

    model        the ontology as data: vocabulary, namespaces, events, labels
    store        opening the dataset on an engine; formats, revision, saved state, bulk reads
    remote       a remote SPARQL store as an engine
    load         staging, validation (SHACL compiled to SPARQL), atomic writes, inference
    query        SPARQL queries and updates, results, the SERVICE/LOAD guard, statistics
    search       the name index and ranked search
    places       place names resolved against the gazetteer
    entities     entity pages, their RDF, evidence, resolving names
    connections  paths and ties
    export       GEXF and GraphML
    sheets       fact sheets: an article's facts in YAML, checked and added
    build        offline builders: the gazetteer, synthetic graphs
"""

from graph.errors import (
    AmbiguousName,
    BadValue,
    InputError,
    NotFound,
    ParseFailed,
    Problem,
    QueryFailed,
    QuerySyntaxError,
    QueryTimeout,
    RemoteAccessRefused,
    RemoteStoreFailed,
    RemoteTimeout,
    SettingsError,
    SheetProblems,
    SystemGraphProtected,
    TiegraphError,
    UnresolvedName,
    UnsupportedFormat,
    UnsupportedShape,
    ValidationFailed,
)
from graph.load import LoadReport, load_files, open_dataset, refresh_ontology, validate_files
from graph.places import PlaceIndex, resolve_place
from graph.query import Stats, collect_stats, run_query
from graph.settings import Settings, load_settings
from graph.store import engine_of

__all__ = [
    "AmbiguousName",
    "BadValue",
    "InputError",
    "LoadReport",
    "NotFound",
    "ParseFailed",
    "PlaceIndex",
    "Problem",
    "QueryFailed",
    "QuerySyntaxError",
    "QueryTimeout",
    "RemoteAccessRefused",
    "RemoteStoreFailed",
    "RemoteTimeout",
    "Settings",
    "SettingsError",
    "SheetProblems",
    "SystemGraphProtected",
    "Stats",
    "TiegraphError",
    "UnresolvedName",
    "UnsupportedFormat",
    "UnsupportedShape",
    "ValidationFailed",
    "collect_stats",
    "engine_of",
    "load_files",
    "refresh_ontology",
    "load_settings",
    "open_dataset",
    "resolve_place",
    "run_query",
    "validate_files",
]
