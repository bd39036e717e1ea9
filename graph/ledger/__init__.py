"""The incentive ledger: every incentive as a row with its sources, and amounts in one currency.

    rates   amounts converted at the incentive's date with the European Central Bank's reference
            rates, each conversion citing its rate
"""

from graph.ledger.rates import Conversion, convert, cross_rate, dataset

__all__ = ["Conversion", "convert", "cross_rate", "dataset"]
