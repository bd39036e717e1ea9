"""`tiegraph export gexf|graphml`: the graph, or part of it, for Gephi, Cytoscape, yEd or igraph."""

from __future__ import annotations

from typing import Any

import click

from api.commands.support import friendly, opened
from graph import Settings
from graph.connections import index_directory
from graph.export import EXPORT_FORMATS, ExportRequest, export_graph


@click.command()
@click.argument("export_format", metavar="gexf|graphml", type=click.Choice(list(EXPORT_FORMATS)))
@click.option("--dynamic", is_flag=True, help="GEXF only: dated facts get spells, so Gephi's timeline plays how ties formed.")
@click.option("--events", type=click.Choice(["nodes", "edges"]), default="nodes", show_default=True, help="Draw incentives, roles, statements… as nodes of their own, or as edges carrying their attributes.")
@click.option("--around", "around_entity", metavar="ID", multiple=True, help="Only the neighbourhood of this entity (tgid:xpeng, xpeng or a full IRI); repeat for several, drawn together.")
@click.option("--radius", default=1, show_default=True, type=click.IntRange(min=0), help="Relations to follow from --around.")
@click.option("--types", "types_", multiple=True, metavar="CLASS", help="Only entities of these classes (e.g. Company, City); repeat or separate with commas.")
@click.option("--construct", "construct_file", type=click.File("r", encoding="utf-8"), help="Only the entities and relations of this SPARQL CONSTRUCT query (- for stdin).")
@click.option("--size-by", default="degree", show_default=True, help="Node size from degree or from a numeric attribute such as amount.")
@click.option("-o", "--output", default="-", type=click.File("wb"), help="Output file, - for stdout.")
@click.pass_obj
@friendly
def export(settings: Settings, export_format: str, dynamic: bool, events: str, around_entity: tuple[str, ...], radius: int,
           types_: tuple[str, ...], construct_file: Any, size_by: str, output: Any) -> None:
    """Export the graph (or a subgraph) as GEXF 1.3 or GraphML, ready to open in Gephi."""
    request = ExportRequest(
        format=export_format, dynamic=dynamic, events=events, around=around_entity, radius=radius,
        types=tuple(name.strip() for value in types_ for name in value.split(",") if name.strip()),
        construct=construct_file.read() if construct_file else None, size_by=size_by,
    )
    with opened(settings) as kg:
        written = export_graph(kg, output, request, cache=index_directory(settings))
    click.echo(f"exported {written.nodes} nodes and {written.edges} edges as {export_format}", err=True)
