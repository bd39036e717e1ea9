"""tiegraph's knowledge-graph layer: settings, store, ontology, loading, queries.

Data flows one way: ontology + seeds → store → queries → `api/`; nothing here imports `api`.
"""

from graph.errors import (
    AmbiguousName,
    InputError,
    NotFound,
    ParseFailed,
    Problem,
    QueryFailed,
    QuerySyntaxError,
    SettingsError,
    TiegraphError,
    UnsupportedFormat,
    ValidationFailed,
)
from graph.loading import LoadReport, load_files, validate_files
from graph.places import PlaceIndex, resolve_place
from graph.queries import Stats, collect_stats, run_query
from graph.settings import Settings, load_settings
from graph.store import engine_of, open_dataset

__all__ = [
    "AmbiguousName",
    "InputError",
    "LoadReport",
    "NotFound",
    "ParseFailed",
    "PlaceIndex",
    "Problem",
    "QueryFailed",
    "QuerySyntaxError",
    "Settings",
    "SettingsError",
    "Stats",
    "TiegraphError",
    "UnsupportedFormat",
    "ValidationFailed",
    "collect_stats",
    "engine_of",
    "load_files",
    "load_settings",
    "open_dataset",
    "resolve_place",
    "run_query",
    "validate_files",
]
