"""One entry point for graph exports, shared by `tiegraph export` and `GET /export/graph.*`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import BinaryIO

from rdflib import Dataset

from graph.store.collection import collection_paused
from graph.errors import InputError
from graph.model.ontology import load_ontology
from graph.export.gexf import Written, write_gexf
from graph.export.graphml import write_graphml
from graph.export.projection import EVENT_MODES, EventMode, project
from graph.export.subgraph import Selection, around, constructed, of_types

EXPORT_FORMATS = {"gexf": "application/gexf+xml", "graphml": "application/graphml+xml"}


@dataclass(frozen=True)
class ExportRequest:
    """What to export and how; the same options on the command line and over HTTP."""

    format: str = "gexf"
    dynamic: bool = False
    events: EventMode = "nodes"
    around: tuple[str, ...] = ()  # the neighbourhoods of these entities, together
    radius: int = 1
    types: Sequence[str] = field(default_factory=tuple)
    construct: str | None = None
    size_by: str = "degree"

    def check(self) -> None:
        """Refuse impossible combinations before any work starts."""
        if self.format not in EXPORT_FORMATS:
            raise InputError(f"unknown export format {self.format!r}; use {' or '.join(EXPORT_FORMATS)}")
        if self.events not in EVENT_MODES:
            raise InputError(f"events must be nodes or edges, not {self.events!r}")
        if self.dynamic and self.format != "gexf":
            raise InputError("--dynamic needs GEXF: GraphML has no timeline (dates are still start/end attributes)")
        if self.size_by not in size_choices():
            raise InputError(f"size_by={self.size_by!r} is neither degree nor a numeric attribute; use one of {', '.join(size_choices())}")


@cache
def size_choices() -> tuple[str, ...]:
    """What node sizes can follow: degree, or a numeric attribute the ontology defines."""
    return ("degree", *sorted(str(p).rsplit("#", 1)[-1] for p in load_ontology().numeric_properties()))


def select(kg: Dataset, request: ExportRequest) -> Selection:
    """The part of the graph `request` asks for: what every subgraph it names keeps (the
    neighbourhood of an entity, only entities of some classes, say); all of it when it names none."""
    chosen = Selection()
    if request.around:
        chosen = chosen.intersected(Selection.united(around(kg, entity, request.radius) for entity in request.around))
    if request.types:
        chosen = chosen.intersected(of_types(kg, request.types))
    if request.construct:
        chosen = chosen.intersected(constructed(kg, request.construct))
    return chosen


def export_graph(kg: Dataset, out: BinaryIO, request: ExportRequest, selection: Selection | None = None, cache: Path | None = None) -> Written:
    """Write the selected subgraph to `out` in the requested format; `selection` overrides the request's.

    `cache` is where an on-disk store keeps its facts between exports (`graph.export.fact_cache`).
    """
    request.check()
    chosen = selection if selection is not None else select(kg, request)
    with collection_paused():
        elements = project(kg, chosen, request.events, cache)
        if request.format == "graphml":
            return write_graphml(elements, out, size_by=request.size_by)
        return write_gexf(elements, out, dynamic=request.dynamic, size_by=request.size_by)
