"""Data built offline, never by the service: the gazetteer from a pinned package's table, the
exchange-rate reference graph from the ECB rates a pinned package ships, and synthetic graphs for
benchmarks. Each runs as a `tiegraph` command.

    gazetteer     seeds/gazetteer.trig from cpca's administrative-code table
    divisions     administrative divisions read from that table
    romanisation  pinyin of place names
    generator     deterministic synthetic data shaped like the seeds
    exchange_rates  graph/load/reference/exchange-rates.trig: yearly mean rates into US dollars
"""

from graph.build.gazetteer import OUTPUT, TABLE, read_package, render, write_gazetteer
from graph.build.divisions import read_divisions
from graph.build.generator import FIRMS_PER_SOURCE, generated_article, write_generated
from graph.build.exchange_rates import OUTPUT as RATES_OUTPUT, render as render_rates, write_exchange_rates

__all__ = [
    "FIRMS_PER_SOURCE",
    "generated_article",
    "OUTPUT",
    "read_divisions",
    "RATES_OUTPUT",
    "read_package",
    "render",
    "render_rates",
    "TABLE",
    "write_exchange_rates",
    "write_gazetteer",
    "write_generated",
]
