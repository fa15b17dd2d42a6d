"""Reading only what the rules can see must never change a risk, on years of varied history.

The demo journal is hand-made and small; this one is generated (the scale generator at a
small size): thousands of notes with every kind, channel and mood, overdue and far-off
promises, moved appointments with notices, projects, at moments before, at and after `now`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from custjournal.domain import Commitment
from custjournal.rules import evaluate
from custjournal.services.demo_large import Size, build_large_demo
from custjournal.services.risks import evaluate_risks, load_snapshot, rule_settings
from custjournal.store import Journal

from .build import NOW

DAY = timedelta(days=1)


BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("CUSTJOURNAL_TEST_PG_URL") else [])


@pytest.fixture(scope="module", params=BACKENDS)
def history(request, tmp_path_factory) -> Iterator[Journal]:
    # The reading is SQL written for both databases: both must give the complete risks.
    if request.param == "postgresql":
        databases = request.getfixturevalue("pg_databases")
        url = databases.create()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('hist') / 'h.db'}"
    journal = Journal.open(url, backup=False)
    build_large_demo(journal, now=NOW, size=Size(60, 6_000, 2_400, years=3))
    yield journal
    journal.close()
    if request.param == "postgresql":
        databases.drop(url)


@pytest.mark.parametrize("days", [-400, -45, -1, 0, 2, 10, 30])
def test_the_reduced_reading_gives_exactly_the_complete_risks(history, days) -> None:
    now = NOW + days * DAY
    with history.reading() as session:
        settings = rule_settings(session)
        reduced = load_snapshot(session, now=now, settings=settings, reduced=True)
        complete = load_snapshot(session, now=now, settings=settings)
    found = evaluate(reduced, now, settings)
    assert found == evaluate(complete, now, settings)
    assert len(found) > 10  # a journal with real risks, not a vacuous comparison
    # And it is a reduction worth having: far fewer notes and commitments read.
    assert len(reduced.interactions) * 3 < len(complete.interactions)
    assert len(reduced.commitments) * 2 < len(complete.commitments)


def test_longer_look_ahead_settings_widen_what_is_read(history) -> None:
    with history.reading() as session:
        settings = dict(rule_settings(session))
        narrow = load_snapshot(session, now=NOW, settings=settings, reduced=True)
        settings["rules.double-booked.horizon_days"] = 60
        wide = load_snapshot(session, now=NOW, settings=settings, reduced=True)
        complete = load_snapshot(session, now=NOW, settings=settings)
    assert len(wide.commitments) > len(narrow.commitments)
    assert evaluate(wide, NOW, settings) == evaluate(complete, NOW, settings)


@pytest.mark.parametrize("days", [-45, 0, 10])
def test_one_customers_reading_gives_that_customers_risks(history, days) -> None:
    # A briefing or workspace reads one customer (plus others' meetings that may clash).
    now = NOW + days * DAY
    whole = evaluate_risks(history, now=now)
    busiest = Counter(r.customer_id for r in whole if r.customer_id is not None).most_common(6)
    assert busiest
    for customer_id, _count in busiest:
        with history.reading() as session:
            theirs = set(
                session.scalars(select(Commitment.id).where(Commitment.customer_id == customer_id))
            )
        mine = [r for r in whole if r.customer_id == customer_id or theirs & set(r.also)]
        assert evaluate_risks(history, now=now, customer_id=customer_id) == mine


def test_records_carry_exactly_what_the_orm_reads(history) -> None:
    # The snapshot converts the driver's rows itself (times, enums, money): every field of
    # every record must be what the ORM gives for that row and column.
    from custjournal.domain import Customer, Interaction, Project

    with history.reading() as session:
        snapshot = load_snapshot(session, now=NOW, settings=rule_settings(session))
        for records, model in (
            (snapshot.commitments, Commitment),
            (snapshot.interactions, Interaction),
            (snapshot.customers, Customer),
            (snapshot.projects, Project),
        ):
            assert records
            by_id = {row.id: row for row in session.query(model)}
            for record in records[:: max(1, len(records) // 300)]:
                row = by_id[record.id]
                for name in record.__slots__:
                    if hasattr(row, name):
                        mine, theirs = getattr(record, name), getattr(row, name)
                        assert mine == theirs, (model.__name__, record.id, name)
                        assert type(mine) is type(theirs), (model.__name__, name)


# -30: the day the clocks went back in Europe (25 October 2026, 01:00 UTC) falls in it.
@pytest.mark.parametrize("days", [-45, -30, 0, 10])
def test_a_reading_kept_for_a_while_gives_the_risks_of_each_moment_in_it(history, days) -> None:
    # The window's minute tick runs the rules again over the last full pass's reading (kept
    # for an hour there; a day here, so that time moves more than one risk).
    start = NOW + days * DAY
    with history.reading() as session:
        settings = rule_settings(session)
        kept = load_snapshot(session, now=start, settings=settings, reduced=True, serves=DAY)
        seen = set()
        for minutes in (0, 1, 59, 130, 420, 779, 1439, 1440):
            moment = start + timedelta(minutes=minutes)
            fresh = load_snapshot(session, now=moment, settings=settings, reduced=True)
            found = evaluate(kept, moment, settings)
            assert found == evaluate(fresh, moment, settings), minutes
            seen.add(tuple(risk.key for risk in found))
    assert len(seen) > 1  # time moved risks within the day: not a vacuous comparison
