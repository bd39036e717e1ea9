"""The incentive ledger: every incentive as one row, found by its grantor's place and level, its
grantor, its recipient (with the recipient's subsidiaries, rolled up), instrument, year, amount and
currency; sorted and paged, with totals, each row citing its source documents.

One SPARQL query finds the matching incentives with the fields that filter, sort and add up
(grantor, instrument, date, amount, currency); labels, levels and sources are then read for the
rows shown only. Amounts are converted at each incentive's own date (graph/ledger/rates.py).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph.entities.evidence import entity, labels, sources
from graph.entities.resolve import resolve
from graph.errors import InputError
from graph.ledger.levels import GRANTOR_PLACE, LEVELS, levels, zone_classes
from graph.ledger.rates import Conversion, convert
from graph.ledger.structure import Chain, holdings
from graph.model.events import event_date_predicates
from graph.model.namespaces import RDF_TYPE
from graph.model.vocabulary import TG

SORTS = ("date", "-date", "amount", "-amount")
SKOS_BROADER = "http://www.w3.org/2004/02/skos/core#broader"
MAX_LIMIT = 1000


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
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
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
        for name, bound in (("amount_min", self.amount_min), ("amount_max", self.amount_max)):
            if bound is not None and not bound.is_finite():
                raise InputError(f"{name} is a number such as 1000000, not {bound}")
        if self.offset < 0 or not 1 <= self.limit <= MAX_LIMIT:
            raise InputError(f"offset must be ≥ 0 and limit 1–{MAX_LIMIT}; got {self.offset} and {self.limit}")


@dataclass
class _Match:
    """One incentive as the query found it."""

    iri: str
    grantors: set[str] = field(default_factory=set)
    recipients: set[str] = field(default_factory=set)
    instruments: set[str] = field(default_factory=set)
    stage: str | None = None
    date: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    converted: Conversion | None = None
    unconverted: str | None = None  # why there is no converted amount


Levels = dict[str, tuple[str | None, list[str]]]  # grantor → (level, the places it answers for)


def ledger(engine: ox.Store, query: LedgerQuery) -> dict[str, object]:
    """A page of rows, the number of matching incentives and their totals."""
    matches, chains, level_of = _selected(engine, query)
    page = matches[query.offset : query.offset + query.limit]
    named = labels(engine, {c for m in matches for c in (*m.instruments, *([m.stage] if m.stage else []))})
    return {
        "total": len(matches),
        "offset": query.offset,
        "limit": query.limit,
        "next_offset": query.offset + query.limit if query.offset + query.limit < len(matches) else None,
        "totals": _totals(matches, level_of, query.convert_to, named),
        "rows": _rows(engine, page, chains, level_of),
    }


def ledger_rows(engine: ox.Store, query: LedgerQuery) -> list[dict[str, object]]:
    """Every matching incentive as a flat row of plain values, in the query's order: ready for
    `csv.DictWriter` or `pandas.DataFrame` (paging aside)."""
    matches, chains, level_of = _selected(engine, query)
    return [flat(row) for row in _rows(engine, matches, chains, level_of)]


def _selected(engine: ox.Store, query: LedgerQuery) -> tuple[list[_Match], dict[str, Chain], Levels]:
    """The matching incentives in order, the recipients' chains, and their grantors' levels."""
    matches, chains = _matching(engine, query)
    level_of = levels(engine, {g for m in matches for g in m.grantors})
    if query.level:
        matches = [m for m in matches if any(level_of[g][0] == query.level for g in m.grantors)]
    return matches, chains, level_of


FLAT_COLUMNS = (
    "incentive_id", "incentive", "grantor", "grantor_level", "grantor_place", "recipient", "chain", "instrument", "stage", "date",
    "amount", "currency", "converted_amount", "converted_currency", "rate", "rate_basis", "rate_source", "sources", "source_iris",
)


def csv_text(rows: Iterable[dict[str, object]]) -> str:
    """Flat rows as CSV with a header row (`FLAT_COLUMNS`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


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
def _matching(engine: ox.Store, query: LedgerQuery) -> tuple[list[_Match], dict[str, Chain]]:
    chains: dict[str, Chain] = {}
    selective, filters = [], []  # patterns that narrow the incentives, then tests of their fields
    if query.recipient:
        firm = resolve(engine, query.recipient)
        chains = holdings(engine, firm) if query.rollup else {firm: Chain((firm,))}
        selective.append(f"VALUES ?recipient {{ {' '.join(f'<{r}>' for r in sorted(chains))} }}")
    if query.grantor:
        selective.append(f"VALUES ?grantor {{ <{resolve(engine, query.grantor)}> }}")
    if query.place:
        zones = " ".join(f"<{c}>" for c in sorted(zone_classes()))
        answers_for = "|".join(f"<{p}>" for p in GRANTOR_PLACE)
        selective.append(
            f"{{ ?grantor {answers_for} ?answers_for }} UNION {{ ?grantor a ?zone VALUES ?zone {{ {zones} }} BIND(?grantor AS ?answers_for) }} "
            f"?answers_for <{TG.locatedIn}>? <{resolve(engine, query.place)}> ."
        )
    if query.instrument:
        selective.append(f"?wanted <{SKOS_BROADER}>* <{resolve(engine, query.instrument)}> . ?i <{TG.kind}> ?wanted .")
    if query.stage:
        selective.append(f"?i <{TG.stage}> <{resolve(engine, query.stage)}> .")
    if query.currency:
        filters.append(f"FILTER(?currency = {json.dumps(query.currency.upper())})")
    for bound, test in ((query.year_from, ">="), (query.year_to, "<=")):
        if bound is not None:
            filters.append(f'FILTER(BOUND(?date) && xsd:integer(SUBSTR(STR(?date), 1, 4)) {test} {int(bound)})')
    # An incentive's date is its first of tg:date, tg:startDate, tg:reportedOn (graph.model.events).
    ranked = event_date_predicates()
    dated = " ".join(f"OPTIONAL {{ ?i <{p}> ?date{n} }}" for n, p in enumerate(ranked)) + f" BIND(COALESCE({', '.join(f'?date{n}' for n in range(len(ranked)))}) AS ?date)"
    # The narrowing patterns come before the OPTIONALs: Oxigraph keeps that order, and the other way
    # round it reads every incentive's fields first (180 s for a province at 3.5 M quads, not 20 ms).
    sparql = (
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
        f"SELECT ?i ?grantor ?recipient ?kind ?stage ?date ?amount ?currency WHERE {{ {' '.join(selective)} "
        f"?i <{TG.grantor}> ?grantor ; <{TG.recipient}> ?recipient ; a <{TG.Incentive}> . "
        f"OPTIONAL {{ ?i <{TG.kind}> ?kind }} OPTIONAL {{ ?i <{TG.stage}> ?stage }} {dated} "
        f"OPTIONAL {{ ?i <{TG.amount}> ?amount }} OPTIONAL {{ ?i <{TG.currency}> ?currency }} {' '.join(filters)} }}"
    )
    found: dict[str, _Match] = {}
    for row in engine.query(sparql, use_default_graph_as_union=True):
        match = found.setdefault(row["i"].value, _Match(row["i"].value))
        match.grantors.add(row["grantor"].value)
        match.recipients.add(row["recipient"].value)
        if row["kind"] is not None:
            match.instruments.add(row["kind"].value)
        match.stage = match.stage or _value(row["stage"])
        match.date = match.date or _value(row["date"])
        match.currency = match.currency or _value(row["currency"])
        if match.amount is None and row["amount"] is not None:
            match.amount = _decimal(row["amount"].value)
    matches = [_converted(m, query.convert_to) for m in found.values()]
    matches = [m for m in matches if _in_range(m, query)]
    return _sorted(matches, query.sort), chains


def _converted(match: _Match, to: str) -> _Match:
    if match.amount is None or match.currency is None:
        match.unconverted = "no amount stated"
    elif match.date is None:
        match.unconverted = "undated: no rate to convert at"
    else:
        try:
            match.converted = convert(match.amount, match.currency, to.upper(), match.date[:10])
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
    """By date or converted amount (rows without one last, either way), then by IRI."""
    matches = sorted(matches, key=lambda m: m.iri)
    descending = sort.startswith("-")
    if sort.endswith("date"):
        known, unknown = [m for m in matches if m.date], [m for m in matches if not m.date]
        return sorted(known, key=lambda m: m.date or "", reverse=descending) + unknown
    known, unknown = [m for m in matches if m.converted], [m for m in matches if not m.converted]
    return sorted(known, key=lambda m: m.converted.amount if m.converted else 0, reverse=descending) + unknown


# ---------------------------------------------------------------------- adding up
def _totals(matches: list[_Match], level_of: Levels, to: str, named: dict[str, str]) -> dict[str, object]:
    """Stated amounts by currency, and converted amounts by instrument and stage (named by their
    labels) and by grantor level: announced money apart from money paid."""
    by_currency: dict[str, Decimal] = {}
    by_instrument: dict[str, Decimal] = {}
    by_level: dict[str, Decimal] = {}
    by_stage: dict[str, Decimal] = {}
    converted = Decimal(0)
    for m in matches:
        if m.amount is not None and m.currency:
            by_currency[m.currency] = by_currency.get(m.currency, Decimal(0)) + m.amount
        if m.converted is None:
            continue
        converted += m.converted.amount
        for instrument in sorted(named.get(i, i) for i in m.instruments) or ["(none stated)"]:
            by_instrument[instrument] = by_instrument.get(instrument, Decimal(0)) + m.converted.amount
        for level in sorted({level_of[g][0] or "(unknown)" for g in m.grantors}):
            by_level[level] = by_level.get(level, Decimal(0)) + m.converted.amount
        stage = named.get(m.stage, m.stage) if m.stage else "(not stated)"
        by_stage[stage] = by_stage.get(stage, Decimal(0)) + m.converted.amount
    return {
        "incentives": len(matches),
        "by_currency": {c: float(v) for c, v in sorted(by_currency.items())},
        "converted": {
            "currency": to.upper(),
            "amount": float(converted),
            "incentives": sum(1 for m in matches if m.converted),
            "unconverted": sum(1 for m in matches if not m.converted),
            "by_instrument": {k: float(v) for k, v in sorted(by_instrument.items())},
            "by_level": {k: float(v) for k, v in sorted(by_level.items())},
            "by_stage": {k: float(v) for k, v in sorted(by_stage.items())},
        },
    }


# ---------------------------------------------------------------------- showing
def _rows(engine: ox.Store, page: list[_Match], chains: dict[str, Chain], level_of: Levels) -> list[dict[str, object]]:
    cited = {m.iri: _graphs_stating(engine, m.iri) for m in page}
    details = sources(engine, {g for graphs in cited.values() for g in graphs})
    named = labels(engine, _mentioned(page, chains, level_of))
    rows = []
    for m in page:
        recipient = _nearest(m.recipients, chains)
        rows.append({
            "incentive": entity(m.iri, named),
            "grantors": [{**entity(g, named), "level": level_of[g][0], "places": [entity(p, named) for p in level_of[g][1]]} for g in sorted(m.grantors)],
            "recipient": entity(recipient, named),
            "chain": _chain(chains.get(recipient, Chain((recipient,))), named),
            "instruments": [entity(i, named) for i in sorted(m.instruments)],
            "stage": entity(m.stage, named) if m.stage else None,
            "date": m.date,
            "amount": {"value": float(m.amount), "currency": m.currency} if m.amount is not None else None,
            "converted": m.converted.to_dict() if m.converted else None,
            "unconverted": m.unconverted,
            "sources": [details[g].to_dict() for g in sorted(cited[m.iri])],
        })
    return rows


def _chain(chain: Chain, named: dict[str, str]) -> list[dict[str, object]]:
    """The chain's members, the member first; each but the last with the share its next one holds."""
    shares = [*chain.shares, None]
    return [{**entity(link, named), **({"share": float(shares[n]) if shares[n] is not None else None} if n < len(chain.links) - 1 else {})} for n, link in enumerate(chain.links)]


def _mentioned(page: list[_Match], chains: dict[str, Chain], level_of: Levels) -> set[str]:
    iris: set[str] = set()
    for m in page:
        iris |= {m.iri, *m.grantors, *m.recipients, *m.instruments, *([m.stage] if m.stage else []), *(p for g in m.grantors for p in level_of[g][1])}
        iris |= {link for r in m.recipients if r in chains for link in chains[r].links}
    return iris


def _nearest(recipients: Iterable[str], chains: dict[str, Chain]) -> str:
    """The recipient closest to the firm asked about (the firm itself first)."""
    return min(recipients, key=lambda r: (len(chains[r].links) if r in chains else 0, r))


def _graphs_stating(engine: ox.Store, incentive: str) -> set[str]:
    typed = engine.quads_for_pattern(ox.NamedNode(incentive), ox.NamedNode(RDF_TYPE), ox.NamedNode(str(TG.Incentive)), None)
    return {q.graph_name.value for q in typed if isinstance(q.graph_name, ox.NamedNode)}


def _value(term: ox.Term | None) -> str | None:
    return term.value if term is not None else None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
