"""The `tiegraph` command: thin wrappers over the `graph` library, errors as one clear line."""

from __future__ import annotations

import copy
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import click

from api.commands.support import friendly, opened
from api.table import render_table
from graph import Settings, engine_of, collect_stats, load_files, load_settings, run_query, validate_files
from graph.store import rdf_format
from graph.model import PREFIXES
from graph.query import GRAPH_FORMATS, TABLE_FORMATS, default_format, serialize_result

QUERY_FORMATS = ["table", *TABLE_FORMATS, *GRAPH_FORMATS]
PREFIX_IRIS = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--settings", "settings_file", type=click.Path(dir_okay=False), help="Settings file (KEY=value lines); default ./tiegraph.env if present.")
@click.pass_context
@friendly
def cli(ctx: click.Context, settings_file: str | None) -> None:
    """tiegraph: a knowledge graph of firms, founders, cities and incentives.

    Settings come from TIEGRAPH_* environment variables (TIEGRAPH_STORE picks the store).
    """
    ctx.obj = load_settings(settings_file=settings_file)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--graph", "graph_iri", help="Named graph for a file of triples (default: derived from the file name).")
@click.option("--format", "rdf_format_name", help="RDF format when the suffix does not tell: turtle, trig, ntriples, nquads, jsonld, rdfxml.")
@click.option("--progress/--no-progress", default=None, help="Show progress bars (default: when stderr is a terminal).")
@click.pass_obj
@friendly
def load(settings: Settings, files: tuple[Path, ...], graph_iri: str | None, rdf_format_name: str | None, progress: bool | None) -> None:
    """Validate FILES and load them as one change; each file's graphs replace those of the same name."""
    show = sys.stderr.isatty() if progress is None else progress
    with opened(settings) as kg:
        # This process holds the store's lock, so no reader can see a load that validation undoes.
        report = load_files(kg, list(files), graph=graph_iri, rdf_format=rdf_format_name, progress=show, exclusive=True)
    click.echo(f"loaded {report.quads} quads into {len(report.graphs)} graphs from {len(report.files)} file(s) in {report.seconds:.2f} s")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--graph", "graph_iri", help="Named graph for a file of triples.")
@click.option("--format", "rdf_format_name", help="RDF format when the suffix does not tell.")
@click.pass_obj
@friendly
def validate(settings: Settings, files: tuple[Path, ...], graph_iri: str | None, rdf_format_name: str | None) -> None:
    """Check FILES against the ontology and shapes as `load` would, writing nothing."""
    with opened(settings) as kg:
        report = validate_files(kg, list(files), graph=graph_iri, rdf_format=rdf_format_name)
    click.echo(f"valid: {report.quads} quads in {len(report.graphs)} graphs from {len(report.files)} file(s)")


@cli.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from a file (- for stdin).")
@click.option("--format", "output_format", type=click.Choice(QUERY_FORMATS), help="Output format (default: a table on a terminal, else json / ntriples).")
@click.option("-o", "--output", default="-", type=click.File("wb"), help="Output file, - for stdout.")
@click.pass_obj
@friendly
def query(settings: Settings, sparql: str | None, query_file: Any, output_format: str | None, output: Any) -> None:
    """Run a SPARQL query given as argument, with --file, or on stdin. Usual prefixes are predeclared."""
    text = query_file.read() if query_file else sparql if sparql is not None else sys.stdin.read()
    if not text.strip():
        raise click.UsageError("no query given: pass it as an argument, with --file, or on stdin")
    with opened(settings) as kg:
        result = run_query(kg, text)
        chosen = output_format or ("table" if output.isatty() else default_format(result))
        if chosen == "table":
            output.write(render_table(result).encode("utf-8"))
        else:
            output.write(serialize_result(result, chosen)[0])


@cli.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
@friendly
def stats(settings: Settings, output_format: str) -> None:
    """Count triples, entities per class and quads per source graph."""
    with opened(settings) as kg:
        summary = collect_stats(kg)
    if output_format == "json":
        click.echo(json.dumps(summary.__dict__, indent=2, ensure_ascii=False))
        return
    click.echo(f"triples (distinct, all graphs): {summary.triples}\nquads: {summary.quads}\n\nentities per class:")
    for cls, count in summary.classes.items():
        click.echo(f"  {count:>8}  {cls}")
    click.echo("\nquads per source graph:")
    for graph_name, count in summary.sources.items():
        click.echo(f"  {count:>8}  {graph_name}")


@cli.command()
@click.option("--format", "dump_format", type=click.Choice(["trig", "nquads"]), default="trig", show_default=True)
@click.option("-o", "--output", default="-", type=click.File("wb"), help="Output file, - for stdout.")
@click.pass_obj
@friendly
def dump(settings: Settings, dump_format: str, output: Any) -> None:
    """Write the whole dataset, every named graph, as TriG or N-Quads."""
    with opened(settings) as kg:
        engine_of(kg).dump(output, format=rdf_format(dump_format), prefixes=PREFIX_IRIS)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind; 127.0.0.1 keeps the service on this machine.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Server processes. More than one needs a read-only embedded store (no TIEGRAPH_TOKEN) or a SPARQL endpoint store.",
)
@click.pass_obj
@friendly
def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Serve the SPARQL endpoint and the API over HTTP."""
    import uvicorn

    from api.app import create_app
    from api.http_protocol import JsonErrorProtocol
    from api.workers import check_workers, prepare_indexes, settings_environment

    check_workers(settings, workers)
    signal.signal(signal.SIGTERM, _exit_through_python)
    with opened(settings) as kg:
        if workers == 1:
            uvicorn.run(create_app(settings, kg), host=host, port=port, log_config=_log_config(), access_log=False, http=JsonErrorProtocol)
            return
        prepare_indexes(settings, kg)  # built once here, then each worker opens the saved copies
        os.environ.update(settings_environment(settings))
        uvicorn.run("api.workers:worker_app", factory=True, workers=workers, host=host, port=port, log_config=_log_config(), access_log=False, http=JsonErrorProtocol)


def _exit_through_python(signum: int, _frame: Any) -> None:
    """uvicorn stops on SIGTERM, then raises it again for the handler it found. Exiting through
    Python rather than the default handler closes the store, so the state waiting to be saved
    beside it (a tie table computed a moment before) is saved, not recomputed by the next start."""
    raise SystemExit(128 + signum)


def _log_config() -> dict[str, Any]:
    """uvicorn's logging, with our JSON access lines in place of its own access log."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["json_lines"] = {"format": "%(message)s"}
    config["handlers"]["tiegraph_access"] = {"class": "logging.StreamHandler", "formatter": "json_lines", "stream": "ext://sys.stderr"}
    config["loggers"]["tiegraph.access"] = {"handlers": ["tiegraph_access"], "level": "INFO", "propagate": False}
    return config


def main() -> None:
    """Entry point of the `tiegraph` console script."""
    cli(prog_name="tiegraph")


from api.commands.export import export  # noqa: E402  (registered after the group is defined)
cli.add_command(export)
from api.commands.paths import path, ties  # noqa: E402
from api.commands.build import gazetteer, generate, rates  # noqa: E402
from api.commands.sheets import add, check  # noqa: E402
from api.commands.incentives import incentives  # noqa: E402
cli.add_command(path)
cli.add_command(ties)
cli.add_command(incentives)
cli.add_command(generate)
cli.add_command(gazetteer)
cli.add_command(rates)
cli.add_command(check)
cli.add_command(add)
