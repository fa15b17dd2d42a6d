"""One customer's risks, read from that customer's records only, are the ones the whole
journal gives for them (briefings and the workspace rely on it being cheap and the same)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custjournal.services.commitments import list_commitments
from custjournal.services.customers import list_customers
from custjournal.services.demo import build_demo
from custjournal.services.risks import evaluate_risks
from custjournal.store import Journal

BUILT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Journal:
    path = tmp_path_factory.mktemp("scoped") / "journal.db"
    journal = Journal.open(f"sqlite:///{path}", backup=False)
    build_demo(journal, now=BUILT)
    return journal


@pytest.mark.parametrize("hours", [0, 21, 69, 24 * 25])
def test_each_customers_risks_match_the_whole_journal(demo: Journal, hours: int) -> None:
    now = BUILT + timedelta(hours=hours)
    everything = evaluate_risks(demo, now=now)
    assert everything  # the sample always has something at risk
    for row in list_customers(demo, now=now):
        scoped = evaluate_risks(demo, now=now, customer_id=row.id)
        theirs = {c.id for c in list_commitments(demo, customer_id=row.id)}
        expected = [r for r in everything if r.customer_id == row.id or theirs & set(r.also)]
        assert [(r.key, r.reason) for r in scoped] == [(r.key, r.reason) for r in expected]


def test_a_double_booking_is_listed_under_both_customers(tmp_path) -> None:
    from custjournal.services.commitments import add_appointment
    from custjournal.services.customers import create_customer

    journal = Journal.open(f"sqlite:///{tmp_path / 'j.db'}", backup=False)
    first = create_customer(journal, name="Aalto Oy", now=BUILT)
    second = create_customer(journal, name="Bergen AS", now=BUILT)
    start = BUILT + timedelta(days=2)
    earlier = add_appointment(
        journal, customer_id=first.id, title="Kick-off", starts_at=start, duration_minutes=60,
        channel="video", now=BUILT,
    )  # fmt: skip
    add_appointment(
        journal, customer_id=second.id, title="Review", starts_at=start + timedelta(minutes=30),
        duration_minutes=60, channel="video", now=BUILT,
    )  # fmt: skip
    clash = [r for r in evaluate_risks(journal, now=BUILT) if r.rule_id == "double-booked"]
    assert len(clash) == 1 and clash[0].customer_id == second.id
    assert clash[0].also == (earlier.id,)
    for customer in (first, second):
        mine = evaluate_risks(journal, now=BUILT, customer_id=customer.id)
        assert [r.key for r in mine if r.rule_id == "double-booked"] == [clash[0].key]
