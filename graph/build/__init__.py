"""Data built offline, never by the service: the gazetteer from a pinned package's table, and
synthetic graphs for benchmarks. Both run as `tiegraph` commands.

    gazetteer     seeds/gazetteer.trig from cpca's administrative-code table
    divisions     administrative divisions read from that table
    romanisation  pinyin of place names
    generator     deterministic synthetic data shaped like the seeds
"""

from graph.build.gazetteer import OUTPUT, TABLE, read_package, render, write_gazetteer
from graph.build.divisions import read_divisions
from graph.build.generator import FIRMS_PER_SOURCE, generated_article, write_generated

__all__ = [
    "FIRMS_PER_SOURCE",
    "generated_article",
    "OUTPUT",
    "read_divisions",
    "read_package",
    "render",
    "TABLE",
    "write_gazetteer",
    "write_generated",
]
