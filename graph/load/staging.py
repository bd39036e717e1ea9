"""Parse files into an in-memory staging store, where a write is judged before it happens."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
from tqdm import tqdm

from graph.errors import InputError, ParseFailed
from graph.store.formats import base_for, format_of
from graph.model.namespaces import ONTOLOGY_GRAPH, SOURCE
from graph.model.ontology import ONTOLOGY_FILE

Sources = dict[ox.NamedNode, Path | str]  # each staged graph, and where it came from


def derived_graph(path: Path) -> ox.NamedNode:
    """The graph a triples-only file goes to unless told otherwise: one per file name. The file
    must describe it as its source, naming it `<>` (graph/load/validation.py says how)."""
    return ox.NamedNode(f"{SOURCE}file/{path.stem}")


def stage_files(
    paths: Sequence[Path], graph: str | None, rdf_format: str | None, progress: bool
) -> tuple[ox.Store, Sources]:
    """Every file parsed into one staging store; all parse errors reported together."""
    if graph and len(paths) > 1:
        raise InputError("--graph names one graph, so give one file with it")
    staging = ox.Store()
    sources: Sources = {}
    errors = []
    for path in paths:
        if not path.is_file():
            errors.append(f"{path}: no such file")
            continue
        target = ox.NamedNode(graph) if graph else derived_graph(path)
        before = set(staging.named_graphs())
        try:
            with tqdm(desc=f"parse {path.name}", total=None, disable=not progress, unit="file"):
                parsed_as = format_of(path, rdf_format)
                staging.bulk_load(path=str(path), format=parsed_as, to_graph=target, base_iri=base_for(parsed_as, target))
        except SyntaxError as error:
            errors.append(f"{path}: {error.msg}")
            continue
        except (ValueError, OSError) as error:
            errors.append(f"{path}: {error}")
            continue
        for name in set(staging.named_graphs()) - before:
            sources[name] = path
    if errors:
        raise ParseFailed("nothing was written; fix these and load again:\n" + "\n".join(f"  - {e}" for e in errors))
    return staging, sources


def with_ontology(staging: ox.Store, sources: Sources) -> Sources:
    """The ontology staged too: shapes need its classes and concepts, and the store its update."""
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    if ontology not in sources:
        staging.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE, to_graph=ontology)
    return {**sources, ontology: ONTOLOGY_FILE}
