"""Every incentive's filtering and adding-up fields in one table, kept at the store's revision.

Totals over the whole ledger need every incentive's grantor, instrument, stage, date, amount and
currency; reading them with SPARQL takes seconds per request on a national graph (11.8 s at
100,000 incentives). The table reads them once, by scanning each field's predicate, with each
grantor's level and the places it answers for (and the places containing those, so a filter by
province is a set look-up). After a write it is brought forward through the change journal
(graph/store/kept.py): only the incentives, grantors and places a write touched are read again.
Saved beside an on-disk store as `ledger-table.pickle`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from sys import intern
from dataclasses import dataclass, field, replace
from typing import NamedTuple
from functools import cached_property
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph.ledger.levels import levels, zone_classes
from graph.model.events import event_date_predicates
from graph.model.namespaces import RDF_TYPE
from graph.model.vocabulary import TG
from graph.store.engine import Engine
from graph.store.kept import Kept
from graph.store.revision import store_revision

FORMAT = 2  # of the saved file; a file of another format is read again from the store
REBUILD_PAST = 20_000  # incentives, grantors and places touched by one write: past this, read everything
LOCATED_IN = ox.NamedNode(str(TG.locatedIn))
GRANTOR, RECIPIENT, KIND, STAGE, AMOUNT, CURRENCY = (str(p) for p in (TG.grantor, TG.recipient, TG.kind, TG.stage, TG.amount, TG.currency))


class Entry(NamedTuple):
    """One incentive's fields; several values of a one-valued field keep the least, so the table
    does not depend on the order the store returns them in."""

    grantors: frozenset[str]
    recipients: frozenset[str]
    instruments: frozenset[str]
    stage: str | None
    date: str | None  # the first of the event's ranked dates (graph.model.events)
    amount: Decimal | None
    currency: str | None


class Grantor(NamedTuple):
    """A grantor's level, the places it answers for, and every place containing one of those."""

    level: str | None
    places: tuple[str, ...]
    within: frozenset[str]


@dataclass
class LedgerTable:
    """The ledger's fields at one store revision. Its values are never changed in place: bringing
    it forward makes a new table, while a thread may still read this one or the saver write it."""

    revision: str = ""
    entries: dict[str, Entry] = field(default_factory=dict)  # in IRI order
    grantors: dict[str, Grantor] = field(default_factory=dict)
    uses: dict[str, int] = field(default_factory=dict)  # how many incentives each grantor gave

    @classmethod
    def build(cls, engine: Engine | ox.Store) -> LedgerTable:
        """Read every incentive in the store."""
        entries = _in_order(_entries(engine, None))
        uses = Counter(g for e in entries.values() for g in e.grantors)
        return cls(store_revision(engine), entries, _grantors(engine, set(uses)), dict(uses))

    def brought_forward(self, engine: Engine | ox.Store, revision: str, changes: Iterable[ox.Triple]) -> LedgerTable:
        """The table at `revision`, which the triples `changes` separate from this one's: the
        incentives among their subjects are read again, and the grantors among them or answering
        for a place among them (a place moved to another province moves its grantors with it)."""
        subjects = {t.subject.value for t in changes if isinstance(t.subject, ox.NamedNode)}
        if len(subjects) > REBUILD_PAST:
            return LedgerTable.build(engine)
        entries, uses = dict(self.entries), Counter(self.uses)
        for iri in subjects & entries.keys():
            uses.subtract(entries.pop(iri).grantors)
        fresh = _entries(engine, subjects)
        for entry in fresh.values():
            uses.update(entry.grantors)
        if not fresh.keys() <= self.entries.keys():
            entries.update(fresh)
            entries = _in_order(entries)  # new incentives: their places in IRI order
        else:
            entries.update(fresh)  # the same keys again keep their places
        uses = +uses  # grantors no incentive names any more are let go
        stale = {g for g, found in self.grantors.items() if g in uses and (g in subjects or not subjects.isdisjoint(found.within))}
        grantors = {g: found for g, found in self.grantors.items() if g in uses and g not in stale}
        grantors.update(_grantors(engine, stale | (uses.keys() - self.grantors.keys())))
        return replace(self, revision=revision, entries=entries, grantors=grantors, uses=dict(uses))

    @cached_property
    def by_grantor(self) -> dict[str, set[str]]:
        """Each grantor's incentives."""
        return _inverted(self.entries, "grantors")

    @cached_property
    def by_recipient(self) -> dict[str, set[str]]:
        """Each recipient's incentives."""
        return _inverted(self.entries, "recipients")


def _inverted(entries: dict[str, Entry], field_name: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for iri, entry in entries.items():
        for value in getattr(entry, field_name):
            found.setdefault(value, set()).add(iri)
    return found


def _in_order(entries: dict[str, Entry]) -> dict[str, Entry]:
    return dict(sorted(entries.items()))


def _stamp() -> tuple[object, ...]:
    """What a saved table depends on besides the store: its format and the ontology's terms."""
    return FORMAT, event_date_predicates(), tuple(sorted(zone_classes()))


_KEPT = Kept(LedgerTable, "ledger-table.pickle", _stamp)


def ledger_table(engine: Engine | ox.Store) -> LedgerTable:
    """The ledger table of the store's current content."""
    return _KEPT.current(engine)


# ---------------------------------------------------------------------- reading
def _entries(engine: Engine | ox.Store, among: set[str] | None) -> dict[str, Entry]:
    """The incentives of the store (or only those of `among`), read field by field."""
    typed = ox.NamedNode(RDF_TYPE), ox.NamedNode(str(TG.Incentive))
    if among is None:
        incentives = {q.subject.value for q in engine.quads_for_pattern(None, *typed) if isinstance(q.subject, ox.NamedNode)}
        values = _scan(engine, incentives)
    else:
        incentives = {iri for iri in among if any(True for _ in engine.quads_for_pattern(ox.NamedNode(iri), *typed))}
        values = _look_up(engine, incentives)
    dates = event_date_predicates()
    found = {}
    for iri in incentives:
        fields = values.get(iri, {})
        if not fields.get(GRANTOR) or not fields.get(RECIPIENT):
            continue  # not a ledger row: an incentive names who gave and who received
        found[iri] = Entry(
            frozenset(fields[GRANTOR]),
            frozenset(fields[RECIPIENT]),
            frozenset(fields.get(KIND, ())),
            min(fields.get(STAGE, ()), default=None),
            next((min(fields[p]) for p in dates if fields.get(p)), None),
            min((d for d in map(_decimal, fields.get(AMOUNT, ())) if d is not None), default=None),
            min(fields.get(CURRENCY, ()), default=None),
        )
    return found


def _fields() -> tuple[str, ...]:
    return (GRANTOR, RECIPIENT, KIND, STAGE, AMOUNT, CURRENCY, *event_date_predicates())


Values = dict[str, dict[str, set[str]]]  # incentive → field → values


def _scan(engine: Engine | ox.Store, incentives: set[str]) -> Values:
    """Each field of every incentive, one predicate at a time (a scan of its index each)."""
    values: Values = {}
    for predicate in _fields():
        for q in engine.quads_for_pattern(None, ox.NamedNode(predicate), None):
            subject = q.subject.value
            if subject in incentives:
                values.setdefault(subject, {}).setdefault(predicate, set()).add(intern(q.object.value))  # one copy in memory and on file
    return values


def _look_up(engine: Engine | ox.Store, incentives: set[str]) -> Values:
    """The fields of a few incentives, one subject at a time."""
    wanted = set(_fields())
    values: Values = {}
    for iri in incentives:
        for q in engine.quads_for_pattern(ox.NamedNode(iri), None, None):
            if q.predicate.value in wanted:
                values.setdefault(iri, {}).setdefault(q.predicate.value, set()).add(intern(q.object.value))
    return values


def _grantors(engine: Engine | ox.Store, grantors: set[str]) -> dict[str, Grantor]:
    found = {}
    for grantor, (level, places) in levels(engine, grantors).items():
        within = set(places)
        for place in places:
            within |= {q.object.value for q in engine.quads_for_pattern(ox.NamedNode(place), LOCATED_IN, None) if isinstance(q.object, ox.NamedNode)}
        found[grantor] = Grantor(level, tuple(places), frozenset(within))
    return found


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
