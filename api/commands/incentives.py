"""`tiegraph incentives`: the incentive ledger at the terminal, or as JSON or CSV."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import IO, Any

import click

from api.commands.support import friendly, opened
from graph import Settings, engine_of
from graph.ledger import LEVELS, SORTS, LedgerQuery, cited, csv_text, ledger, ledger_rows


@click.command()
@click.option("--place", help="Grantors answering for this place or any place in it (e.g. Hubei).")
@click.option("--level", type=click.Choice(LEVELS), help="Grantor level.")
@click.option("--grantor", help="One grantor (id, IRI or label).")
@click.option("--recipient", help="One recipient (id, IRI or label); its subsidiaries too unless --no-rollup.")
@click.option("--rollup/--no-rollup", default=True, show_default=True, help="Add what the recipient's subsidiaries and units received.")
@click.option("--instrument", help="An instrument (incentive kind), narrower ones included.")
@click.option("--stage", help="announced, agreed, disbursed or clawed back.")
@click.option("--year-from", type=int)
@click.option("--year-to", type=int)
@click.option("--amount-min", type=Decimal, help="In the --convert-to currency.")
@click.option("--amount-max", type=Decimal, help="In the --convert-to currency.")
@click.option("--currency", help="Only amounts stated in this currency (ISO 4217).")
@click.option("--convert-to", default="USD", show_default=True, help="The currency of totals and converted amounts.")
@click.option("--sort", type=click.Choice(SORTS), default="-date", show_default=True)
@click.option("--offset", default=0, show_default=True, type=click.IntRange(min=0))
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True, help="csv: every matching row, no paging.")
@click.option("-o", "--output", default="-", type=click.File("w", encoding="utf-8"), help="Output file, - for stdout.")
@click.pass_obj
@friendly
def incentives(settings: Settings, output_format: str, output: IO[str], **filters: Any) -> None:
    """List incentives: grantor and level, recipient and chain, instrument, date, amount as stated
    and converted at its date, and the sources; then the totals."""
    query = LedgerQuery(**filters)
    with opened(settings) as kg:
        if output_format == "csv":
            output.write(csv_text(ledger_rows(engine_of(kg), query)))
            return
        page = ledger(engine_of(kg), query)
    if output_format == "json":
        output.write(json.dumps(page, indent=2, ensure_ascii=False) + "\n")
        return
    output.write(f"{page['total']} incentive(s); showing {len(page['rows'])} from {query.offset + 1}\n")
    for row in page["rows"]:
        output.write("\n" + _row(row))
    converted = page["totals"]["converted"]
    stated = ", ".join(f"{amount:,.0f} {currency}" for currency, amount in page["totals"]["by_currency"].items()) or "no amounts"
    output.write(f"\nTotal as stated: {stated}; converted: {converted['amount']:,.2f} {converted['currency']} ({converted['incentives']} converted, {converted['unconverted']} not)\n")


def _row(row: dict[str, Any]) -> str:
    grantors = "; ".join(f"{g['label'] or g['id']} ({g['level'] or 'level unknown'})" for g in row["grantors"])
    chain = " → ".join(link["label"] or link["id"] for link in row["chain"])
    amount = row["amount"]
    stated = f"{amount['value']:,.0f} {amount['currency']}" if amount else "no amount stated"
    converted = row["converted"]
    shown = f" ≈ {converted['amount']:,.2f} {converted['currency']} (rate {converted['rate_basis']})" if converted else ""
    kinds = ", ".join(i["label"] or i["id"] for i in row["instruments"]) or "instrument not stated"
    if row["stage"]:
        kinds += f" ({row['stage']['label']})"
    return (
        f"{row['date'] or 'undated'}  {row['incentive']['label'] or row['incentive']['id']}\n"
        f"   {grantors} → {chain}; {kinds}; {stated}{shown}\n   sources: {cited(row['sources'])}\n"
    )
