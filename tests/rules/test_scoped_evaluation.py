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


@pytest.mark.parametrize("series_of", ["first", "second"])
def test_a_series_clashing_with_another_customers_meeting_is_seen_from_both_sides(
    tmp_path, series_of: str
) -> None:
    # One customer's reading picks other customers' appointments near theirs; a weekly series
    # can meet them anywhere, on either side.
    from custjournal.services.commitments import add_appointment
    from custjournal.services.customers import create_customer

    journal = Journal.open(f"sqlite:///{tmp_path / 'j.db'}", backup=False)
    first = create_customer(journal, name="Aalto Oy", now=BUILT)
    second = create_customer(journal, name="Bergen AS", now=BUILT)
    weekly = BUILT + timedelta(days=1)
    single = weekly + timedelta(days=7, minutes=15)  # the series' second meeting
    owner, other = (first, second) if series_of == "first" else (second, first)
    add_appointment(
        journal, customer_id=owner.id, title="Weekly sync", starts_at=weekly,
        duration_minutes=60, channel="video", rrule="FREQ=WEEKLY;COUNT=4", now=BUILT,
    )  # fmt: skip
    add_appointment(
        journal, customer_id=other.id, title="Audit", starts_at=single, duration_minutes=60,
        channel="video", now=BUILT,
    )  # fmt: skip
    everything = evaluate_risks(journal, now=BUILT)
    clash = [r for r in everything if r.rule_id == "double-booked"]
    assert len(clash) == 1
    for customer in (first, second):
        mine = evaluate_risks(journal, now=BUILT, customer_id=customer.id)
        assert [r.key for r in mine if r.rule_id == "double-booked"] == [clash[0].key]


def test_one_customers_reading_leaves_out_appointments_far_from_theirs(tmp_path) -> None:
    from custjournal.services.commitments import add_appointment
    from custjournal.services.customers import create_customer
    from custjournal.services.risks import load_snapshot, rule_settings

    journal = Journal.open(f"sqlite:///{tmp_path / 'j.db'}", backup=False)
    mine = create_customer(journal, name="Aalto Oy", now=BUILT)
    theirs = create_customer(journal, name="Bergen AS", now=BUILT)
    start = BUILT + timedelta(days=1)

    def book(customer, title: str, at) -> int:  # noqa: ANN001
        return add_appointment(
            journal, customer_id=customer.id, title=title, starts_at=at, duration_minutes=60,
            channel="video", now=BUILT,
        ).id  # fmt: skip

    own = book(mine, "Kick-off", start)
    near = book(theirs, "Review", start + timedelta(minutes=70))  # within the travel buffer
    far = book(theirs, "Audit", start + timedelta(days=5))
    with journal.reading() as session:
        snapshot = load_snapshot(
            session, now=BUILT, settings=rule_settings(session), reduced=True,
            customer_id=mine.id,
        )  # fmt: skip
    read = {c.id for c in snapshot.commitments}
    assert {own, near} <= read
    assert far not in read
