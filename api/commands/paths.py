"""`tiegraph path A B` and `tiegraph ties KIND`: how entities are connected, with evidence."""

from __future__ import annotations

import json
from typing import Any

import click

from api.commands.support import friendly, opened
from graph import Settings
from graph.connections import Connections, DEFAULT_K, DEFAULT_MAX_LENGTH, MAX_LENGTH_LIMIT, tie_kinds
from graph.entities import citation


@click.command()
@click.argument("source")
@click.argument("target")
@click.option("--k", "k", default=DEFAULT_K, show_default=True, type=click.IntRange(min=1, max=100), help="How many paths, shortest first.")
@click.option("--max-len", "max_length", default=DEFAULT_MAX_LENGTH, show_default=True, type=click.IntRange(1, MAX_LENGTH_LIMIT), help="Longest path, in hops.")
@click.option("--via", multiple=True, help="Only follow this property (repeatable), e.g. tg:founder.")
@click.option("--class", "classes", multiple=True, help="Only pass through nodes of this class (repeatable), e.g. tg:City.")
@click.option("--since", help="Only facts dated in or after this period (2020, 2020-06, 2020-06-30).")
@click.option("--until", help="Only facts dated in or before this period.")
@click.option("--dated-only", is_flag=True, help="With a window, drop undated facts (such as geography) too.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
@friendly
def path(settings: Settings, source: str, target: str, k: int, max_length: int, via: tuple[str, ...], classes: tuple[str, ...], since: str | None, until: str | None, dated_only: bool, output_format: str) -> None:
    """Show how SOURCE and TARGET (ids, IRIs or labels) are connected, every hop with its sources."""
    with opened(settings) as kg:
        found = Connections.open(settings, kg).paths(source, target, k, max_length, list(via), list(classes), since, until, not dated_only)
    if output_format == "json":
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    click.echo(f"{len(found['paths'])} path(s) from {_name(found['from'])} to {_name(found['to'])} within {max_length} hops")
    for number, found_path in enumerate(found["paths"], 1):
        click.echo(f"\n{number}. " + " — ".join(_name(node) for node in found_path["nodes"]))
        for hop in found_path["hops"]:
            for fact in hop["facts"]:
                click.echo("   " + _fact(hop, fact))


@click.command()
@click.argument("kind", required=False)
@click.option("--entity", help="Only ties involving this entity (id, IRI or label).")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(min=0))
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
@friendly
def ties(settings: Settings, kind: str | None, entity: str | None, offset: int, limit: int, output_format: str) -> None:
    """List ranked ties of KIND (founder-hometown, alma-mater, …) with evidence; no KIND lists the kinds."""
    with opened(settings) as kg:
        connections = Connections.open(settings, kg)
        result: Any = connections.kinds() if kind is None else connections.ties(kind, entity, offset, limit)
    if output_format == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    elif kind is None:
        for described in result:
            click.echo(f"{described['kind']:<20} {described['count']:>8}  {described['title']}")
    else:
        _print_ties(result)


def _print_ties(page: dict[str, Any]) -> None:
    shown = tie_kinds()[page["kind"]].show
    about = f" involving {_name(page['entity'])}" if page["entity"] else ""
    click.echo(f"{page['title']}{about}: {page['total']} tie(s); showing {len(page['ties'])} from {page['offset'] + 1}")
    for tie in page["ties"]:
        key = " – ".join(_name(value) for value in tie["key"].values())
        click.echo(f"\n{tie['rank']}. {key}  (score {tie['score']:g})")
        for var in shown:
            values = tie["summary"].get(var, [])
            if values:
                click.echo(f"   {var}: " + ", ".join(_name(v) for v in values))
        click.echo("   evidence:")
        for fact in tie["evidence"]:
            named = tie["labels"]
            hop = {"from": {"iri": fact["subject"], "label": named.get(fact["subject"])}, "to": {"iri": fact["object"], "label": named.get(fact["object"])}}
            click.echo("     " + _fact(hop, {**fact, "direction": "forward"}))


def _name(node: Any) -> str:
    if isinstance(node, dict):
        return node.get("label") or node.get("id") or node["iri"]
    return str(node)


def _fact(hop: dict[str, Any], fact: dict[str, Any]) -> str:
    """`A —founder→ B` or `A ←recipient— B`, then the date and sources."""
    label = fact["predicate_label"] or fact["predicate"]
    left, right = _short(hop["from"]), _short(hop["to"])
    arrow = f"—{label}→" if fact["direction"] == "forward" else f"←{label}—"
    cited = "; ".join(citation(s) for s in fact["sources"])
    return f"{left} {arrow} {right}  [{fact['date'] or 'undated'}; {cited}]"


def _short(node: dict[str, Any]) -> str:
    return node.get("label") or node["iri"].rsplit("/", 1)[-1]
