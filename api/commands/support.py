"""What every `tiegraph` command shares: friendly errors and an opened knowledge graph."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

import click
from rdflib import Dataset

from graph import Settings, TiegraphError, engine_of, open_dataset, refresh_ontology
from graph.model import ONTOLOGY_FILE
from graph.connections import index_directory
from graph.store import keep_beside


def friendly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn tiegraph's own errors into a one-line message and exit status 1."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except TiegraphError as error:
            raise click.ClickException(str(error)) from None

    return run


@contextmanager
def opened(settings: Settings) -> Iterator[Dataset]:
    """The knowledge graph of `settings`, closed again when the command is done."""
    kg = open_dataset(settings)
    keep_beside(engine_of(kg), index_directory(settings))  # a later command starts from the saved place index
    if refresh_ontology(kg):
        click.echo(f"the store's copy of the ontology was older than {ONTOLOGY_FILE.name}: rewritten", err=True)
    try:
        yield kg
    finally:
        kg.close()
