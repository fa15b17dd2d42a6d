"""Importing calendars as Thunderbird, Outlook, Google and Apple write them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from custjournal.domain import Commitment, Customer, DueChange, NotFoundError, ValidationError
from custjournal.domain.enums import Channel, CommitmentKind, CommitmentStatus
from custjournal.services.commitments import agenda
from custjournal.services.interchange.common import ImportCancelled
from custjournal.services.interchange.ics import (
    apply_ics,
    import_ics,
    parse_ics,
    preview_ics,
)
from tests.interchange.conftest import sample


def rows(journal) -> dict[str, Commitment]:
    with journal.reading() as session:
        found = {c.title: c for c in session.scalars(select(Commitment))}
        session.expunge_all()  # keep the loaded values readable after the read ends
        return found


def count(journal) -> int:
    with journal.reading() as session:
        return session.scalar(select(func.count(Commitment.id)))


def customer_of(journal, commitment: Commitment) -> str:
    with journal.reading() as session:
        return session.get(Customer, commitment.customer_id).name


def test_thunderbird_series_keeps_rule_exceptions_and_moved_occurrence(journal, people, now):
    report = import_ics(journal, sample("thunderbird.ics"), source="tb.ics", now=now)
    assert (report.created, report.updated, report.skipped) == (3, 0, ())
    found = rows(journal)
    series = found["Wöchentliches Abstimmungsgespräch – Müller GmbH"]
    assert customer_of(journal, series) == "Müller GmbH"
    # 10:00 Berlin in December is 09:00 UTC; the zone is kept so DST moves nothing.
    assert series.due_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert series.timezone == "Europe/Berlin"
    assert series.duration_minutes == 60
    assert series.location == "Müller GmbH, Königstraße 12, Stuttgart"
    assert "Offene Punkte; Risiken" in series.details
    # EXDATEs from the file plus the moved 8 December occurrence are exceptions of the rule,
    # on the Berlin wall clock (the rule has no UTC UNTIL, so the agenda expands it naively).
    assert series.rrule == (
        "RRULE:FREQ=WEEKLY;BYDAY=TU\nEXDATE:20261208T100000,20261222T100000,20261229T100000"
    )
    assert series.confirmed_at == now  # Anna accepted
    moved = found["Wöchentliches Abstimmungsgespräch – Müller GmbH (verschoben)"]
    assert moved.due_at == datetime(2026, 12, 9, 13, 0, tzinfo=UTC)
    assert moved.rrule == ""
    assert moved.uid == "5b1f0c2e-8a47-4d0e-9c51-3f2a6e1d7b90#20261208T100000"


def test_the_agenda_shows_the_series_with_its_exceptions(journal, people, now):
    import_ics(journal, sample("thunderbird.ics"), now=now)
    items = agenda(
        journal,
        start=datetime(2026, 12, 1, tzinfo=UTC),
        end=datetime(2027, 1, 6, tzinfo=UTC),
    )
    weekly = [i.starts_at for i in items if i.commitment.title.endswith("GmbH")]
    assert [w.astimezone(UTC).day for w in weekly] == [1, 15, 5]  # 8, 22, 29 Dec excepted


def test_all_day_events_start_at_midnight_on_the_users_clock_and_last_whole_days(
    journal, people, now
):
    import_ics(journal, sample("thunderbird.ics"), now=now)
    workshop = rows(journal)["Workshop vor Ort (ganztägig)"]
    # The user's zone is Lisbon (UTC+0 in December): 10 December 00:00 for two days.
    assert workshop.due_at == datetime(2026, 12, 10, 0, 0, tzinfo=UTC)
    assert workshop.timezone == "Europe/Lisbon"
    assert workshop.duration_minutes == 2 * 24 * 60
    # Matched although the file writes the address in capitals.
    assert customer_of(journal, workshop) == "Müller GmbH"


def test_outlook_windows_zones_long_uids_and_teams(journal, people, now):
    report = import_ics(journal, sample("outlook.ics"), now=now)
    assert report.created == 3 and not report.warnings
    found = rows(journal)
    review = found["Rollout plan review"]
    # "FLE Standard Time" 14:00 is Helsinki/Kyiv time, UTC+2 in December.
    assert review.due_at == datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert review.timezone in ("Europe/Kiev", "Europe/Kyiv", "Europe/Helsinki")
    assert review.channel == Channel.VIDEO
    assert len(review.uid) <= 100 and review.uid.startswith("sha256-")
    assert customer_of(journal, review) == "Acme Oy"
    acceptance = found["Abnahme Phase 1"]
    assert acceptance.timezone == "Europe/Berlin"
    assert acceptance.due_at == datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    assert acceptance.channel == Channel.IN_PERSON
    assert found["Acme board day (all day)"].duration_minutes == 1440


def test_google_utc_times_cancelled_occurrence_and_personal_events(journal, people, now):
    report = import_ics(journal, sample("google.ics"), source="google.ics", now=now)
    assert report.created == 3
    assert [(s.title, s.where) for s in report.skipped] == [("Dentist", "google.ics line 79")]
    assert "name a customer" in report.skipped[0].reason
    found = rows(journal)
    sync = found["Acme weekly sync"]
    assert sync.timezone == "Europe/Helsinki"
    assert sync.rrule.splitlines()[1] == "EXDATE:20261214T070000Z,20261228T070000Z"
    assert sync.channel == Channel.VIDEO
    scoping = found["Northwind: scoping call"]
    assert scoping.due_at == datetime(2026, 12, 4, 13, 0, tzinfo=UTC)
    assert scoping.timezone == "Europe/Helsinki"  # X-WR-TIMEZONE of the calendar
    assert customer_of(journal, scoping) == "Northwind"  # matched by the organizer
    held = found["Acme kick-off (already held)"]
    assert held.status == CommitmentStatus.DONE  # a past one-off meeting is not "overdue"


def test_apple_events_and_reminders(journal, people, now):
    import_ics(journal, sample("apple.ics"), now=now)
    found = rows(journal)
    review = found["Northwind – quarterly review ☕"]
    assert review.due_at == datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
    assert review.timezone == "America/New_York"
    assert review.location == "Northwind New York office\n5th Avenue 100, New York"
    offer = found["Send Northwind the revised offer"]
    assert offer.kind == CommitmentKind.PROMISE
    assert offer.due_at == datetime(2026, 12, 4, 22, 0, tzinfo=UTC)


@pytest.mark.parametrize("name", ["thunderbird.ics", "outlook.ics", "google.ics", "apple.ics"])
def test_reimport_changes_nothing_and_never_duplicates(journal, people, now, name):
    first = import_ics(journal, sample(name), now=now)
    before = count(journal)
    again = import_ics(journal, sample(name), now=now)
    assert count(journal) == before == first.created
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)


def test_reimport_of_a_moved_event_updates_it_and_records_the_move(journal, people, now):
    import_ics(journal, sample("outlook.ics"), now=now)
    moved = (
        sample("outlook.ics")
        .replace(b"20261203T090000", b"20261204T110000")
        .replace(b"20261203T100000", b"20261204T120000")
        .replace(b"Abnahme Phase 1", b"Abnahme Phase 1 (neu)")
    )
    report = import_ics(journal, moved, now=now)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    row = rows(journal)["Abnahme Phase 1 (neu)"]
    assert row.due_at == datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    with journal.reading() as session:
        change = session.scalars(select(DueChange)).one()
        session.expunge_all()
    assert change.old_due_at == datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    assert change.new_due_at == row.due_at


def test_a_cancelled_event_cancels_the_appointment(journal, people, now):
    import_ics(journal, sample("apple.ics"), now=now)
    cancelled = sample("apple.ics").replace(
        b"SEQUENCE:0\r\nX-APPLE", b"SEQUENCE:1\r\nSTATUS:CANCELLED\r\nX-APPLE"
    )
    assert import_ics(journal, cancelled, now=now).updated == 1
    assert rows(journal)["Northwind – quarterly review ☕"].status == CommitmentStatus.CANCELLED


def test_named_customer_takes_unmatched_events(journal, people, now):
    report = import_ics(journal, sample("google.ics"), customer="acme oy", now=now)
    assert report.created == 4 and not report.skipped
    assert customer_of(journal, rows(journal)["Dentist"]) == "Acme Oy"


def test_an_unknown_named_customer_is_refused_before_anything_is_written(journal, people, now):
    with pytest.raises(NotFoundError):
        import_ics(journal, sample("google.ics"), customer="Nobody Ltd", now=now)
    assert count(journal) == 0


def test_preview_says_what_would_happen_and_writes_nothing(journal, people, now):
    parsed = parse_ics(sample("google.ics"), source="google.ics")
    preview = preview_ics(journal, parsed, now=now)
    assert count(journal) == 0
    actions = {(e.title, e.action, e.customer) for e in preview.events}
    assert ("Acme weekly sync", "create", "Acme Oy") in actions
    assert ("Dentist", "skip", "") in actions
    apply_ics(journal, parsed, now=now)
    again = preview_ics(journal, parsed, now=now)
    assert {e.action for e in again.events} == {"unchanged", "skip"}


def test_one_bad_event_refuses_the_whole_file(journal, people, now):
    broken = sample("google.ics").replace(b"DTSTART:20261204T130000Z", b"DTSTART:20260230T130000Z")
    with pytest.raises(ValidationError) as error:
        import_ics(journal, broken, source="google.ics", now=now)
    assert error.value.field == "google.ics line 63"
    assert "DTSTART" in error.value.problem and "not a real date" in error.value.problem
    assert count(journal) == 0


def test_progress_is_reported_and_cancel_leaves_the_journal_untouched(journal, people, now):
    seen: list[tuple[int, int]] = []
    import_ics(journal, sample("outlook.ics"), now=now, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
    parsed = parse_ics(sample("google.ics"))
    calls = iter([False, False, True])
    with pytest.raises(ImportCancelled):
        apply_ics(journal, parsed, now=now, cancelled=lambda: next(calls, True))
    assert count(journal) == 3  # only the earlier Outlook import


@pytest.mark.parametrize("name", ["thunderbird.ics", "google.ics"])
def test_the_risk_rules_expand_imported_series_like_the_agenda(journal, people, now, name):
    from custjournal.rules.occurrences import starts  # noqa: PLC0415
    from custjournal.rules.snapshot import CommitmentRecord  # noqa: PLC0415

    import_ics(journal, sample(name), now=now)
    window = (datetime(2026, 11, 23, tzinfo=UTC), datetime(2027, 3, 1, tzinfo=UTC))
    items = agenda(journal, start=window[0], end=window[1])
    for c in rows(journal).values():
        if not c.rrule:
            continue
        record = CommitmentRecord(
            id=c.id,
            customer_id=c.customer_id,
            title=c.title,
            due_at=c.due_at,
            kind=c.kind,
            timezone=c.timezone,
            duration_minutes=c.duration_minutes,
            rrule=c.rrule,
        )
        shown = [i.starts_at.astimezone(UTC) for i in items if i.commitment.id == c.id]
        assert starts(record, *window) == shown
        assert len(shown) > 5
