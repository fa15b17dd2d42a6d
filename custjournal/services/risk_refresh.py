"""The whole journal's risks kept up to date after one customer's change, without a full pass.

A full evaluation reads the whole journal (about a second on a stress-sized journal). After
an edit that concerns one customer only, the other customers' risks cannot have changed but
for two kinds, both read again here: a double booking names one appointment of each side,
and a day booked over the limit counts everybody's appointments. So the refresh evaluates
that customer with every open appointment of the look-ahead, and replaces exactly the risks
that are about them, name one of their commitments (before or after the change), or are
about a day. tests/scale/test_risk_refresh.py holds it to the full evaluation.

The refreshed risks are those at the refresh's `now`, the others those at the previous
evaluation's: what time alone changes for other customers (a promise falling due) waits for
the next full evaluation, so callers keep the two moments close (the window: a minute).

When nothing has changed, the next minute's risks need no reading at all: a full evaluation
can keep its reading (`serves`: one that holds for the moments ahead, see risk_reading), and
`evaluate_again` runs the rules over it at a later moment, as long as nothing has been
committed since (Journal.unchanged_since: a file's change mark, a server's finished
transactions). On a large journal a fifth of a full pass, and no reading at all.
tests/rules/test_kept_reading.py holds it to fresh readings.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from custjournal.domain.times import require_aware
from custjournal.rules import Risk, evaluate
from custjournal.rules.snapshot import Snapshot
from custjournal.services.bulk import no_cycle_collection
from custjournal.services.risks import concerns, evaluated, unsnoozed
from custjournal.services.settings import system_timezone
from custjournal.store import Journal


@dataclass(frozen=True, slots=True)
class KeptReading:
    """What a full evaluation read, fit for the rules at any moment from `start` to `until`
    while the journal is unchanged since `state` (Journal.state)."""

    snapshot: Snapshot
    settings: Mapping[str, Any]
    snoozed: Mapping[str, datetime]
    state: Hashable
    start: datetime
    until: datetime
    # The machine's zone then: times are shown in it when no zone is set, and moving the
    # laptop to another zone changes nothing in the journal.
    system_zone: str


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The journal's risks, worst first, as evaluated `at` that moment (the oldest part's,
    after refreshes), and whose each commitment the rules read is (by id).

    `mark`: the journal's change mark they are of (SQLite), or None where no one state of
    the journal can vouch for them: on a server, and after a refresh, whose parts were read
    at different moments.
    """

    at: datetime
    risks: tuple[Risk, ...]
    owners: Mapping[int, int]
    mark: int | None = None
    # The reading they came from, when it can serve later moments (see evaluate_again).
    reading: KeptReading | None = None


def evaluate_journal(
    journal: Journal, *, now: datetime, keep_for: timedelta = timedelta(0)
) -> Evaluation:
    """Every risk at `now` (snoozed ones left out), kept for later refreshes; with
    `keep_for`, its reading too, for evaluate_again up to `now + keep_for`."""
    risks, snapshot, mark, settings, snoozed, state = evaluated(journal, now=now, serves=keep_for)
    reading = None
    if keep_for:
        zone = system_timezone()
        reading = KeptReading(snapshot, settings, snoozed, state, now, now + keep_for, zone)
    return Evaluation(now, tuple(risks), _owners(snapshot), mark, reading)


def evaluate_again(journal: Journal, previous: Evaluation, *, now: datetime) -> Evaluation | None:
    """The risks at `now` from `previous`'s kept reading, without reading the journal; None
    when it cannot serve: none kept, `now` outside what it covers, the journal changed, or
    the machine's zone did."""
    require_aware(now, "now")
    reading = previous.reading
    if reading is None or not reading.start <= now <= reading.until:
        return None
    if system_timezone() != reading.system_zone or not journal.unchanged_since(reading.state):
        return None
    with no_cycle_collection():
        risks = evaluate(reading.snapshot, now, reading.settings)
    found = unsnoozed(risks, reading.snoozed, now)
    return Evaluation(now, tuple(found), previous.owners, previous.mark, reading)


def refresh_customer(
    journal: Journal, previous: Evaluation, *, customer_id: int, now: datetime
) -> Evaluation:
    """`previous` with the risks that one customer's change can have touched evaluated
    afresh at `now`: theirs, those naming one of their commitments, and the full days."""
    require_aware(now, "now")
    fresh, snapshot, *_reading = evaluated(
        journal, now=now, customer_id=customer_id, whole_diary=True
    )
    theirs_now = {c.id for c in snapshot.commitments if c.customer_id == customer_id}
    # A commitment of theirs deleted (or no longer open) since is named by no fresh risk,
    # but may still be named by another customer's old one: the owners tell.
    theirs = theirs_now | {i for i, owner in previous.owners.items() if owner == customer_id}
    found: dict[str, Risk] = {}
    for risk in fresh:
        if risk.customer_id is None or concerns(risk, customer_id, theirs_now):
            found.setdefault(risk.key, risk)
    # The others keep their order (the sort key is a total order): the few fresh ones are
    # placed among them, not 11,000 risks sorted again.
    risks = [
        risk
        for risk in previous.risks
        if risk.customer_id is not None
        and not concerns(risk, customer_id, theirs)
        and risk.key not in found
    ]
    for risk in found.values():
        insort(risks, risk, key=Risk.sort_key)
    owners = {i: o for i, o in previous.owners.items() if o != customer_id}
    owners.update(_owners(snapshot))
    return Evaluation(previous.at, tuple(risks), MappingProxyType(owners), mark=None)


def _owners(snapshot: Snapshot) -> Mapping[int, int]:
    return MappingProxyType({c.id: c.customer_id for c in snapshot.commitments})
