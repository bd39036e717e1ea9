"""The incentive ledger: every incentive as one row, found by its grantor's place and level, its
grantor, its recipient (with the recipient's subsidiaries, rolled up), instrument, year, amount and
currency; sorted and paged, with totals, each row citing its source documents.

The fields that filter, sort and add up (grantor and its level and places, recipient, instrument,
stage, date, amount, currency) come from the ledger table kept at the store's revision
(graph/ledger/table.py); labels and sources are then read for the rows shown only. Amounts are converted at each incentive's own date (graph/ledger/rates.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph.export.csv_table import csv_text as table_text
from graph.entities.evidence import entity, labels, sources
from graph.entities.resolve import resolve
from graph.errors import InputError
from graph.ledger.levels import LEVELS
from graph.ledger.rates import Conversion, convert
from graph.ledger.structure import Chain, holdings
from graph.ledger.table import Entry, Grantor, ledger_table
from graph.model.namespaces import RDF_TYPE
from graph.model.vocabulary import TG

SORTS = ("date", "-date", "amount", "-amount")
SKOS_BROADER = "http://www.w3.org/2004/02/skos/core#broader"
MAX_LIMIT = 1000
ZERO = Decimal(0)


@dataclass(frozen=True)
class LedgerQuery:
    """Which incentives, in what order, which page, and in what currency to add them up.

    Names (`place`, `grantor`, `recipient`, `instrument`) are ids, IRIs or labels; `rollup` adds
    what the recipient's subsidiaries and units received; the amount range is in `convert_to`."""

    place: str | None = None
    level: str | None = None
    grantor: str | None = None
    recipient: str | None = None
    rollup: bool = True
    instrument: str | None = None
    stage: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    amount_min: Decimal | int | float | str | None = None
    amount_max: Decimal | int | float | str | None = None
    currency: str | None = None
    convert_to: str = "USD"
    sort: str = "-date"
    offset: int = 0
    limit: int = 50

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise InputError(f"sort is one of {', '.join(SORTS)}, not {self.sort!r}")
        if self.level is not None and self.level not in LEVELS:
            raise InputError(f"level is one of {', '.join(LEVELS)}, not {self.level!r}")
        for name in ("amount_min", "amount_max"):
            bound = getattr(self, name)
            if bound is None:
                continue
            try:
                number = Decimal(str(bound))  # 1000000, 1e6 and "1000000" alike
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite():
                raise InputError(f"{name} is a number such as 1000000, not {bound}")
            object.__setattr__(self, name, number)
        if self.offset < 0 or not 1 <= self.limit <= MAX_LIMIT:
            raise InputError(f"offset must be ≥ 0 and limit 1–{MAX_LIMIT}; got {self.offset} and {self.limit}")


@dataclass
class _Match:
    """One incentive the query found, with its amount converted for this query."""

    iri: str
    entry: Entry
    converted: Conversion | None = None
    unconverted: str | None = None  # why there is no converted amount


Grantors = dict[str, Grantor]


def ledger(engine: ox.Store, query: LedgerQuery) -> dict[str, object]:
    """A page of rows, the number of matching incentives and their totals."""
    matches, chains, grantors = _matching(engine, query)
    page = matches[query.offset : query.offset + query.limit]
    return {
        "total": len(matches),
        "offset": query.offset,
        "limit": query.limit,
        "next_offset": query.offset + query.limit if query.offset + query.limit < len(matches) else None,
        "totals": _totals(engine, matches, grantors, query.convert_to),
        "rows": _rows(engine, page, chains, grantors),
    }


def ledger_rows(engine: ox.Store, query: LedgerQuery) -> list[dict[str, object]]:
    """Every matching incentive as a flat row of plain values, in the query's order: ready for
    `csv.DictWriter` or `pandas.DataFrame` (paging aside)."""
    matches, chains, grantors = _matching(engine, query)
    return [flat(row) for row in _rows(engine, matches, chains, grantors)]


FLAT_COLUMNS = (
    "incentive_id", "incentive", "grantor", "grantor_level", "grantor_place", "recipient", "chain", "instrument", "stage", "date",
    "amount", "currency", "converted_amount", "converted_currency", "rate", "rate_basis", "rate_source", "sources", "source_iris",
)


def csv_text(rows: Iterable[dict[str, object]]) -> str:
    """Flat rows as CSV with a header row (`FLAT_COLUMNS`)."""
    return table_text(rows, FLAT_COLUMNS)


def cited(sources: Iterable[dict]) -> str:  # type: ignore[type-arg]
    """`Title (2021-04); Other title (undated)`: a row's sources on one line."""
    return "; ".join(f"{s['title'] or s['iri']} ({s['issued'] or 'undated'})" for s in sources)


def flat(row: dict) -> dict[str, object]:  # type: ignore[type-arg]
    """A ledger row as one line of plain values (`FLAT_COLUMNS`), lists joined by `; `."""
    converted = row["converted"] or {}
    return {
        "incentive_id": row["incentive"]["id"],
        "incentive": row["incentive"]["label"],
        "grantor": "; ".join(g["label"] or g["id"] for g in row["grantors"]),
        "grantor_level": "; ".join(g["level"] or "" for g in row["grantors"]),
        "grantor_place": "; ".join(p["label"] or p["id"] for g in row["grantors"] for p in g["places"]),
        "recipient": row["recipient"]["label"] or row["recipient"]["id"],
        "chain": " → ".join(c["label"] or c["id"] for c in row["chain"]),
        "instrument": "; ".join(i["label"] or i["id"] for i in row["instruments"]),
        "stage": row["stage"]["label"] if row["stage"] else None,
        "date": row["date"],
        "amount": row["amount"]["value"] if row["amount"] else None,
        "currency": row["amount"]["currency"] if row["amount"] else None,
        "converted_amount": converted.get("amount"),
        "converted_currency": converted.get("currency"),
        "rate": converted.get("rate"),
        "rate_basis": converted.get("rate_basis"),
        "rate_source": converted.get("rate_source"),
        "sources": cited(row["sources"]),
        "source_iris": " ".join(s["iri"] for s in row["sources"]),
    }


# ---------------------------------------------------------------------- finding
def _matching(engine: ox.Store, query: LedgerQuery) -> tuple[list[_Match], dict[str, Chain], Grantors]:
    """The matching incentives in order, the recipients' chains, and the grantors' levels: tests
    of the ledger table's fields (graph/ledger/table.py), after the names are resolved."""
    table = ledger_table(engine)
    chains: dict[str, Chain] = {}
    among: list[set[str]] = []  # the incentives of the recipients, grantors and places asked for
    tests: list[Callable[[Entry], bool]] = []
    if query.recipient:
        firm = resolve(engine, query.recipient)
        chains = holdings(engine, firm) if query.rollup else {firm: Chain((firm,))}
        among.append(_union(table.by_recipient, chains))
    if query.grantor:
        among.append(_union(table.by_grantor, [resolve(engine, query.grantor)]))
    if query.place:
        place = resolve(engine, query.place)
        among.append(_union(table.by_grantor, [g for g, found in table.grantors.items() if place in found.within]))
    if query.level:
        tests.append(lambda e, at=frozenset(g for g, found in table.grantors.items() if found.level == query.level): not at.isdisjoint(e.grantors))
    if query.instrument:
        tests.append(lambda e, kinds=_narrower(engine, resolve(engine, query.instrument)): not kinds.isdisjoint(e.instruments))
    if query.stage:
        tests.append(lambda e, stage=resolve(engine, query.stage): e.stage == stage)
    if query.currency:
        tests.append(lambda e, currency=query.currency.upper(): e.currency == currency)
    if query.year_from is not None:
        tests.append(lambda e, year=query.year_from: _year(e.date) is not None and _year(e.date) >= year)  # type: ignore[operator]
    if query.year_to is not None:
        tests.append(lambda e, year=query.year_to: _year(e.date) is not None and _year(e.date) <= year)  # type: ignore[operator]
    candidates = table.entries.items() if not among else [(iri, table.entries[iri]) for iri in sorted(set.intersection(*among))]
    matches = [_converted(_Match(iri, e), query.convert_to) for iri, e in candidates if all(test(e) for test in tests)]
    matches = [m for m in matches if _in_range(m, query)]
    return _sorted(matches, query.sort), chains, table.grantors


def _union(index: dict[str, set[str]], keys: Iterable[str]) -> set[str]:
    return set().union(*(index.get(key, ()) for key in keys))


def _narrower(engine: ox.Store, concept: str) -> frozenset[str]:
    """The concept and every concept under it in its scheme."""
    rows = engine.query(f"SELECT ?c WHERE {{ ?c <{SKOS_BROADER}>* <{concept}> }}", use_default_graph_as_union=True)
    return frozenset({concept, *(row["c"].value for row in rows)})


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _converted(match: _Match, to: str) -> _Match:
    if match.entry.amount is None or match.entry.currency is None:
        match.unconverted = "no amount stated"
    elif match.entry.date is None:
        match.unconverted = "undated: no rate to convert at"
    else:
        try:
            match.converted = convert(match.entry.amount, match.entry.currency, to.upper(), match.entry.date[:10])
        except InputError as error:
            match.unconverted = str(error)
    return match


def _in_range(match: _Match, query: LedgerQuery) -> bool:
    if query.amount_min is None and query.amount_max is None:
        return True
    if match.converted is None:
        return False
    value = match.converted.amount
    return (query.amount_min is None or value >= query.amount_min) and (query.amount_max is None or value <= query.amount_max)


def _sorted(matches: list[_Match], sort: str) -> list[_Match]:
    """By date or converted amount (rows without one last, either way), then by IRI (the table's
    order, which a stable sort keeps)."""
    descending = sort.startswith("-")
    if sort.endswith("date"):
        known, unknown = [m for m in matches if m.entry.date], [m for m in matches if not m.entry.date]
        return sorted(known, key=lambda m: m.entry.date or "", reverse=descending) + unknown
    known, unknown = [m for m in matches if m.converted], [m for m in matches if not m.converted]
    return sorted(known, key=lambda m: m.converted.amount if m.converted else 0, reverse=descending) + unknown


# ---------------------------------------------------------------------- adding up
def _totals(engine: ox.Store, matches: list[_Match], grantors: Grantors, to: str) -> dict[str, object]:
    """Stated amounts by currency, and converted amounts by instrument and stage (named by their
    labels) and by grantor level: announced money apart from money paid. Converted amounts are
    first added up by their rows' instruments, grantors' levels and stage, which many rows share."""
    by_currency: dict[str, Decimal] = {}
    levels_of: dict[frozenset[str], frozenset[str]] = {}
    groups: dict[tuple[frozenset[str], frozenset[str], str | None], Decimal] = {}
    for m in matches:
        e = m.entry
        if e.amount is not None and e.currency:
            by_currency[e.currency] = by_currency.get(e.currency, ZERO) + e.amount
        if m.converted is not None:
            levels = levels_of.get(e.grantors)
            if levels is None:
                levels = levels_of[e.grantors] = frozenset(grantors[g].level or "(unknown)" for g in e.grantors)
            key = (e.instruments, levels, e.stage)
            groups[key] = groups.get(key, ZERO) + m.converted.amount
    named = labels(engine, {c for instruments, _, stage in groups for c in (*instruments, *([stage] if stage else []))})
    by_instrument: dict[str, Decimal] = {}
    by_level: dict[str, Decimal] = {}
    by_stage: dict[str, Decimal] = {}
    for (instruments, levels, stage), amount in groups.items():
        for instrument in sorted(named.get(i, i) for i in instruments) or ["(none stated)"]:
            by_instrument[instrument] = by_instrument.get(instrument, ZERO) + amount
        for level in sorted(levels):
            by_level[level] = by_level.get(level, ZERO) + amount
        stage_name = named.get(stage, stage) if stage else "(not stated)"
        by_stage[stage_name] = by_stage.get(stage_name, ZERO) + amount
    converted = sum(1 for m in matches if m.converted)
    return {
        "incentives": len(matches),
        "by_currency": {c: float(v) for c, v in sorted(by_currency.items())},
        "converted": {
            "currency": to.upper(),
            "amount": float(sum(groups.values(), ZERO)),
            "incentives": converted,
            "unconverted": len(matches) - converted,
            "by_instrument": {k: float(v) for k, v in sorted(by_instrument.items())},
            "by_level": {k: float(v) for k, v in sorted(by_level.items())},
            "by_stage": {k: float(v) for k, v in sorted(by_stage.items())},
        },
    }


# ---------------------------------------------------------------------- showing
def _rows(engine: ox.Store, page: list[_Match], chains: dict[str, Chain], grantors: Grantors) -> list[dict[str, object]]:
    cited = {m.iri: _graphs_stating(engine, m.iri) for m in page}
    details = sources(engine, {g for graphs in cited.values() for g in graphs})
    named = labels(engine, _mentioned(page, chains, grantors))
    rows = []
    for m in page:
        recipient = _nearest(m.entry.recipients, chains)
        rows.append({
            "incentive": entity(m.iri, named),
            "grantors": [{**entity(g, named), "level": grantors[g].level, "places": [entity(p, named) for p in grantors[g].places]} for g in sorted(m.entry.grantors)],
            "recipient": entity(recipient, named),
            "chain": _chain(chains.get(recipient, Chain((recipient,))), named),
            "instruments": [entity(i, named) for i in sorted(m.entry.instruments)],
            "stage": entity(m.entry.stage, named) if m.entry.stage else None,
            "date": m.entry.date,
            "amount": {"value": float(m.entry.amount), "currency": m.entry.currency} if m.entry.amount is not None else None,
            "converted": m.converted.to_dict() if m.converted else None,
            "unconverted": m.unconverted,
            "sources": [details[g].to_dict() for g in sorted(cited[m.iri])],
        })
    return rows


def _chain(chain: Chain, named: dict[str, str]) -> list[dict[str, object]]:
    """The chain's members, the member first; each but the last with the share its next one holds."""
    shares = [*chain.shares, None]
    return [{**entity(link, named), **({"share": float(shares[n]) if shares[n] is not None else None} if n < len(chain.links) - 1 else {})} for n, link in enumerate(chain.links)]


def _mentioned(page: list[_Match], chains: dict[str, Chain], grantors: Grantors) -> set[str]:
    iris: set[str] = set()
    for m in page:
        iris |= {m.iri, *m.entry.grantors, *m.entry.recipients, *m.entry.instruments, *([m.entry.stage] if m.entry.stage else []), *(p for g in m.entry.grantors for p in grantors[g].places)}
        iris |= {link for r in m.entry.recipients if r in chains for link in chains[r].links}
    return iris


def _nearest(recipients: Iterable[str], chains: dict[str, Chain]) -> str:
    """The recipient closest to the firm asked about (the firm itself first)."""
    return min(recipients, key=lambda r: (len(chains[r].links) if r in chains else 0, r))


def _graphs_stating(engine: ox.Store, incentive: str) -> set[str]:
    typed = engine.quads_for_pattern(ox.NamedNode(incentive), ox.NamedNode(RDF_TYPE), ox.NamedNode(str(TG.Incentive)), None)
    return {q.graph_name.value for q in typed if isinstance(q.graph_name, ox.NamedNode)}
