"""The incentive ledger: every incentive as a row with its sources, filtered, rolled up to parent
firms, added up and converted to one currency.

    ledger     LedgerQuery; ledger (a page with totals), ledger_rows (flat rows for CSV or a
               DataFrame) and csv_text
    levels     a grantor's level of government (central … county, development zone) and the
               places it answers for
    table      ledger_table: every incentive's fields at the store's revision, brought forward
               through the change journal and saved beside an on-disk store
    structure  a firm's subsidiaries and units, each with its chain up to the firm
    rates      amounts converted at the incentive's date with the European Central Bank's
               reference rates, each conversion citing its rate
"""

from graph.ledger.ledger import FLAT_COLUMNS, SORTS, LedgerQuery, cited, csv_text, flat, ledger, ledger_rows
from graph.ledger.levels import LEVELS, level_of
from graph.ledger.rates import Conversion, convert, cross_rate, dataset
from graph.ledger.structure import Chain, holdings
from graph.ledger.table import LedgerTable, ledger_table

__all__ = [
    "Chain",
    "cited",
    "Conversion",
    "convert",
    "cross_rate",
    "csv_text",
    "dataset",
    "flat",
    "FLAT_COLUMNS",
    "holdings",
    "ledger",
    "ledger_rows",
    "LedgerQuery",
    "LedgerTable",
    "ledger_table",
    "level_of",
    "LEVELS",
    "SORTS",
]
