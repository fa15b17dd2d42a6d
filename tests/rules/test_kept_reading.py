"""A full evaluation's reading kept for the next minutes: the window's minute tick runs the
rules over it again instead of reading the whole journal, so it must give exactly what a
fresh reading gives at each later moment, and must never be used once the journal changed.

Each case here is one where a reading of the first moment alone goes wrong later: a note
logged ahead becomes the latest contact, a visit falls due, a booking passes and the next
one (weeks away) keeps a past customer from counting as gone quiet.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custjournal.domain import Customer
from custjournal.domain.enums import Stage
from custjournal.rules import evaluate
from custjournal.services.commitment_entry import add_appointment
from custjournal.services.customers import create_customer
from custjournal.services.due_changes import complete_commitment
from custjournal.services.etiquette import add_reminder
from custjournal.services.journal import log_interaction
from custjournal.services.risk_refresh import evaluate_again, evaluate_journal
from custjournal.services.risks import load_snapshot, rule_settings, snooze_risk
from custjournal.services.uow import unit_of_work
from custjournal.store import Journal

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
LATER = [0, 1, 15, 25, 35, 59, 60]  # minutes after the reading


@pytest.fixture
def turning(journal: Journal) -> Journal:
    """A journal whose risks change within the hour after NOW, in the three ways above (on
    each database)."""
    return _build(journal)


def _build(journal: Journal) -> Journal:
    early = NOW - 400 * DAY
    silent = create_customer(journal, name="Silent Oy", now=early, stage="active",
                             cadence_days=14)  # fmt: skip
    log_interaction(journal, customer_id=silent.id, now=early, kind="call", channel="phone",
                    occurred_at=NOW - 20 * DAY, body="Quarterly check")  # fmt: skip
    # Logged ahead (the call is in the diary at 10:20): the latest contact from then on.
    log_interaction(journal, customer_id=silent.id, now=NOW - HOUR, kind="call",
                    channel="phone", occurred_at=NOW + 20 * MINUTE,
                    body="Planned call")  # fmt: skip
    past = create_customer(journal, name="Past AB", now=early, stage="past")
    log_interaction(journal, customer_id=past.id, now=early, kind="meeting",
                    channel="in-person", occurred_at=NOW - 300 * DAY, body="Handover")  # fmt: skip
    for starts in (NOW + 10 * MINUTE, NOW + 60 * DAY):
        add_appointment(journal, customer_id=past.id, title="Feedback", starts_at=starts,
                        duration_minutes=30, now=early, channel="video")  # fmt: skip
    new = create_customer(journal, name="Neu GmbH", now=early, stage="active")
    add_reminder(journal, scope="global", category="conduct", text="Shake hands firmly")
    visit = add_appointment(journal, customer_id=new.id, title="Site visit",
                            location="Plant 2", starts_at=NOW + 30 * MINUTE,
                            duration_minutes=20, now=early)  # fmt: skip
    complete_commitment(journal, commitment_id=visit.id, now=NOW - MINUTE)  # done ahead
    add_appointment(journal, customer_id=new.id, title="Workshop", location="Plant 2",
                    starts_at=NOW + 5 * HOUR, duration_minutes=90, now=early)  # fmt: skip
    return journal


def _reading(journal: Journal, now: datetime, serves: timedelta):
    with journal.reading() as session:
        settings = rule_settings(session)
        return load_snapshot(
            session, now=now, settings=settings, reduced=True, serves=serves
        ), settings


def _fresh(journal: Journal, now: datetime) -> list:
    snapshot, settings = _reading(journal, now, timedelta(0))
    return evaluate(snapshot, now, settings)


def test_the_case_turns_within_the_hour(turning) -> None:
    # Not a vacuous comparison: a reading of 10:00 alone, replayed later, goes wrong.
    snapshot, settings = _reading(turning, NOW, timedelta(0))
    late = NOW + 45 * MINUTE
    assert evaluate(snapshot, late, settings) != _fresh(turning, late)
    assert {r.rule_id for r in _fresh(turning, NOW)} >= {
        "silent-customer",
        "first-meeting-etiquette",
    }


@pytest.mark.parametrize("minutes", LATER)
def test_a_reading_kept_for_an_hour_gives_a_fresh_readings_risks(turning, minutes) -> None:
    kept, settings = _reading(turning, NOW, HOUR)
    moment = NOW + minutes * MINUTE
    assert evaluate(kept, moment, settings) == _fresh(turning, moment)


def test_evaluating_again_gives_what_a_full_evaluation_gives(turning) -> None:
    first = evaluate_journal(turning, now=NOW, keep_for=HOUR)
    for minutes in LATER:
        moment = NOW + minutes * MINUTE
        again = evaluate_again(turning, first, now=moment)
        assert again is not None
        assert again.risks == evaluate_journal(turning, now=moment).risks, minutes
        assert again.at == moment and again.mark == first.mark


def test_a_kept_reading_is_not_used_once_the_journal_changed(turning) -> None:
    first = evaluate_journal(turning, now=NOW, keep_for=HOUR)
    customer = create_customer(turning, name="Fresh Ltd", now=NOW - 40 * DAY, stage="active")
    assert evaluate_again(turning, first, now=NOW + MINUTE) is None
    # What a full pass now sees: the new customer, never contacted.
    fresh = evaluate_journal(turning, now=NOW + MINUTE, keep_for=HOUR)
    assert any(r.customer_id == customer.id for r in fresh.risks)


def test_a_kept_reading_serves_only_the_moments_it_covers(turning) -> None:
    first = evaluate_journal(turning, now=NOW, keep_for=HOUR)
    assert evaluate_again(turning, first, now=NOW + HOUR + MINUTE) is None
    assert evaluate_again(turning, first, now=NOW - MINUTE) is None
    assert evaluate_journal(turning, now=NOW).reading is None  # not kept unless asked


def test_a_snooze_ending_within_the_hour_shows_the_risk_again(turning) -> None:
    risk = next(r for r in evaluate_journal(turning, now=NOW).risks
                if r.rule_id == "silent-customer")  # fmt: skip
    # Snoozed before the reading is kept: snoozing is a change of the journal.
    snooze_risk(turning, key=risk.key, until=NOW + 10 * MINUTE, now=NOW)
    first = evaluate_journal(turning, now=NOW + MINUTE, keep_for=HOUR)
    assert risk.key not in {r.key for r in first.risks}
    again = evaluate_again(turning, first, now=NOW + 12 * MINUTE)
    assert again is not None
    assert risk.key in {r.key for r in again.risks}  # the snooze ended at 10:10


def test_a_colleagues_save_to_a_team_journal_is_never_missed(turning, db_url) -> None:
    # A server has no change mark: the reading's snapshot tells which write transactions
    # had finished, and any that finished since (whoever's) means reading again.
    if db_url.startswith("sqlite"):
        pytest.skip("one SQLite file is opened by one app at a time (it is locked)")
    colleague = Journal.open(db_url)
    try:
        first = evaluate_journal(turning, now=NOW, keep_for=HOUR)
        assert evaluate_again(turning, first, now=NOW + MINUTE) is not None  # reads nothing
        assert evaluate_again(turning, first, now=NOW + 2 * MINUTE) is not None
        with unit_of_work(colleague) as session:  # under way while the window reads
            session.add(Customer(name="Colleague AB", stage=Stage.ACTIVE,
                                 created_at=NOW - 40 * DAY))  # fmt: skip
            session.flush()
            reading = evaluate_journal(turning, now=NOW, keep_for=HOUR)
            assert evaluate_again(turning, reading, now=NOW + MINUTE) is not None
        # Committed after the reading began: the reading did not see it; the next minute must.
        assert evaluate_again(turning, reading, now=NOW + MINUTE) is None
        assert evaluate_again(turning, first, now=NOW + MINUTE) is None
        fresh = evaluate_journal(turning, now=NOW + MINUTE, keep_for=HOUR)
        assert any(r.customer_name == "Colleague AB" for r in fresh.risks)
        assert evaluate_again(turning, fresh, now=NOW + 2 * MINUTE) is not None
    finally:
        colleague.close()


def test_a_kept_reading_is_not_used_once_the_laptop_changed_zone(turning, monkeypatch) -> None:
    # With no zone set, times are shown in the machine's: flying to New York changes
    # nothing in the journal, but every "your time" in the risks.
    monkeypatch.setenv("TZ", "Europe/Helsinki")
    first = evaluate_journal(turning, now=NOW, keep_for=HOUR)
    assert evaluate_again(turning, first, now=NOW + MINUTE) is not None
    monkeypatch.setenv("TZ", "America/New_York")
    assert evaluate_again(turning, first, now=NOW + 2 * MINUTE) is None
