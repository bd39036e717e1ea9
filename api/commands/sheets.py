"""`tiegraph check` and `tiegraph add`: fact sheets judged, then written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from api.commands.support import friendly, opened
from graph import Settings
from graph.model import PREFIXES
from graph.sheets import Sheet, SheetReport, add_sheets, check_sheets, rows_sheet


@click.command()
@click.argument("sheets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["trig", "json"]), default="trig", show_default=True, help="How to show what the sheets would write.")
@click.option("-o", "--output", default="-", type=click.File("wb"), help="Output file, - for stdout.")
@click.pass_obj
@friendly
def check(settings: Settings, sheets: tuple[Path, ...], output_format: str, output: Any) -> None:
    """Resolve and validate fact SHEETS; show what they would write, or every problem."""
    with opened(settings) as kg:
        report = check_sheets(kg, list(sheets))
    output.write(_shown(report, output_format))


@click.command()
@click.argument("sheets", nargs=-1, type=click.Path(path_type=Path))
@click.option("--rows", type=click.Path(path_type=Path), help="A CSV file whose rows state facts, by --mapping, under --source.")
@click.option("--mapping", type=click.Path(path_type=Path), help="YAML: the facts each row states, {column} for its cells.")
@click.option("--source", type=click.Path(path_type=Path), help="YAML with the source: block the rows come from.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
@friendly
def add(settings: Settings, sheets: tuple[Path, ...], rows: Path | None, mapping: Path | None, source: Path | None, output_format: str) -> None:
    """Check fact SHEETS (or --rows with --mapping and --source), then write each one's source
    graph, replacing it; all or nothing."""
    batch: list[Sheet] = list(sheets)
    if rows or mapping or source:
        if not (rows and mapping and source):
            raise click.UsageError("--rows needs --mapping (which facts a row states) and --source (where the rows come from)")
        batch.append((str(rows), rows_sheet(rows, mapping, source)))
    if not batch:
        raise click.UsageError("give fact sheets, or --rows with --mapping and --source")
    with opened(settings) as kg:
        report = add_sheets(kg, batch)
    if output_format == "json":
        click.echo(_shown(report, "json"))
    else:
        click.echo(f"added {len(report.quads)} quads in {len(report.graphs)} source graph(s): {', '.join(report.graphs)}")


def _shown(report: SheetReport, output_format: str) -> bytes:
    if output_format == "json":
        return json.dumps({**report.summary(), "rows": report.rows()}, ensure_ascii=False, indent=2).encode() + b"\n"
    store = ox.Store()
    store.extend(report.quads)
    return store.dump(format=ox.RdfFormat.TRIG, prefixes={prefix: str(namespace) for prefix, namespace in PREFIXES.items()})
