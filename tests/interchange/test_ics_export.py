"""Our .ics exports read by independent parsers give the same events at the same instants."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import recurring_ical_events

from custjournal.domain import Commitment, Contact, Customer
from custjournal.domain.enums import Channel, CommitmentKind, CommitmentStatus, Direction
from custjournal.domain.recurrence import occurrences
from custjournal.services.interchange.ics import export_ics, import_ics
from custjournal.store import Journal
from tests.interchange.conftest import add_people

WINDOW = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2027, 6, 1, tzinfo=UTC))


def fill(journal: Journal, now: datetime) -> None:
    """Appointments across zones and a DST change, an all-day one, a series with exceptions."""
    ids = add_people(journal, now)
    with journal.transaction() as session:
        anna = session.query(Contact).filter_by(email="anna@mueller.de").one()

        def add(**values) -> None:
            values.setdefault("kind", CommitmentKind.APPOINTMENT)
            session.add(Commitment(created_at=now, **values))

        add(
            uid="weekly@cj",
            customer_id=ids["Müller GmbH"],
            contact_id=anna.id,
            title="Weekly, with commas; and semicolons",
            details="Line one\nLine two: Ünïcödé",
            due_at=datetime(2027, 3, 1, 8, 0, tzinfo=UTC),  # Mon 09:00 Berlin, before DST
            timezone="Europe/Berlin",
            duration_minutes=45,
            location="Königstraße 12, Stuttgart",
            channel=Channel.IN_PERSON,
            rrule="RRULE:FREQ=WEEKLY;COUNT=8\nEXDATE:20270315T090000",
            confirmed_at=now,
        )
        add(
            uid="helsinki@cj",
            customer_id=ids["Acme Oy"],
            title="Acme review",
            due_at=datetime(2026, 12, 2, 7, 0, tzinfo=UTC),  # 09:00 Helsinki
            timezone="Europe/Helsinki",
            duration_minutes=60,
            channel=Channel.VIDEO,
        )
        add(
            uid="allday@cj",
            customer_id=ids["Acme Oy"],
            title="Board day",
            due_at=datetime(2026, 12, 6, 22, 0, tzinfo=UTC),  # 7 Dec 00:00 Helsinki
            timezone="Europe/Helsinki",
            duration_minutes=1440,
        )
        add(
            uid="monthly-until@cj",
            customer_id=ids["Northwind"],
            title="Northwind monthly",
            due_at=datetime(2026, 11, 30, 15, 0, tzinfo=UTC),  # 10:00 New York
            timezone="America/New_York",
            duration_minutes=30,
            rrule="RRULE:FREQ=MONTHLY;UNTIL=20270501T000000Z\nEXDATE:20270130T150000Z",
        )
        add(
            uid="cancelled@cj",
            customer_id=ids["Northwind"],
            title="Called off",
            due_at=datetime(2026, 12, 10, 15, 0, tzinfo=UTC),
            timezone="America/New_York",
            duration_minutes=30,
            status=CommitmentStatus.CANCELLED,
        )
        add(
            uid="promise@cj",
            kind=CommitmentKind.PROMISE,
            direction=Direction.THEIRS,
            customer_id=ids["Northwind"],
            title="Northwind sends the data dump",
            due_at=datetime(2026, 12, 4, 22, 0, tzinfo=UTC),
            timezone="America/New_York",
        )


def expected_starts(journal: Journal) -> set[tuple[str, datetime]]:
    """What the journal's own agenda expansion says: (uid, start in UTC)."""
    found = set()
    with journal.reading() as session:
        for c in session.query(Commitment).filter_by(kind=CommitmentKind.APPOINTMENT):
            if c.status == CommitmentStatus.CANCELLED:
                continue
            for start in occurrences(
                c.rrule,
                start=c.due_at,
                timezone=c.timezone,
                window_start=WINDOW[0],
                window_end=WINDOW[1],
            ):
                found.add((c.uid, start.astimezone(UTC)))
    return found


@pytest.fixture
def exported(journal: Journal, now: datetime) -> str:
    fill(journal, now)
    return export_ics(journal, now=now).text


def test_recurring_ical_events_sees_the_same_instants(journal, exported):
    calendar = icalendar.Calendar.from_ical(exported)
    seen = set()
    for event in recurring_ical_events.of(calendar).between(*WINDOW):
        if str(event.get("STATUS")) == "CANCELLED":
            continue
        start = event["DTSTART"].dt
        if not isinstance(start, datetime):  # all-day: midnight in the appointment's zone
            continue
        seen.add((str(event["UID"]), start.astimezone(UTC)))
    expected = {e for e in expected_starts(journal) if e[0] != "allday@cj"}
    assert seen == expected
    # The Berlin series keeps 09:00 local on both sides of the 28 March DST change.
    berlin = sorted(s for uid, s in seen if uid == "weekly@cj")
    assert len(berlin) == 7  # COUNT=8 less one EXDATE
    assert {
        s.astimezone(icalendar.timezone.tzp.timezone("Europe/Berlin")).hour for s in berlin
    } == {9}


def test_the_file_is_what_calendar_programs_expect(exported):
    calendar = icalendar.Calendar.from_ical(exported)
    assert str(calendar["VERSION"]) == "2.0" and "PRODID" in calendar
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert zones == {"Europe/Berlin", "Europe/Helsinki", "America/New_York"}
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    weekly = events["weekly@cj"]
    assert weekly["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert weekly["DTEND"].dt - weekly["DTSTART"].dt == timedelta(minutes=45)
    assert str(weekly["SUMMARY"]) == "Weekly, with commas; and semicolons"
    assert str(weekly["LOCATION"]) == "Königstraße 12, Stuttgart"
    assert str(weekly["ATTENDEE"]) == "mailto:anna@mueller.de"
    assert weekly["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    board = events["allday@cj"]
    assert board["DTSTART"].dt == datetime(2026, 12, 7).date()
    assert board["DTEND"].dt == datetime(2026, 12, 8).date()
    assert str(events["cancelled@cj"]["STATUS"]) == "CANCELLED"
    todo = calendar.walk("VTODO")[0]
    assert str(todo["UID"]) == "promise@cj"
    assert todo["DUE"].dt.astimezone(UTC) == datetime(2026, 12, 4, 22, 0, tzinfo=UTC)
    # Lines are folded at 75 octets and end in CRLF, as RFC 5545 requires.
    assert all(len(line.encode()) <= 75 for line in exported.split("\r\n"))
    assert "\n" not in exported.replace("\r\n", "")


def test_exports_are_stable_and_filters_work(journal, exported, now):
    assert export_ics(journal, now=now).text == exported
    only = export_ics(journal, now=now, customer="acme oy", promises=False).text
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(only).walk("VEVENT")}
    assert uids == {"helsinki@cj", "allday@cj"}
    december = export_ics(
        journal,
        now=now,
        start=datetime(2026, 12, 1, tzinfo=UTC),
        end=datetime(2026, 12, 5, tzinfo=UTC),
    )
    uids = {
        str(c["UID"])
        for c in icalendar.Calendar.from_ical(december.text).subcomponents
        if "UID" in c
    }
    # The monthly series began before the range but still runs in it.
    assert uids == {"helsinki@cj", "monthly-until@cj", "promise@cj"}


def test_export_then_import_into_another_journal_round_trips(journal, exported, now, tmp_path):
    other = Journal.open(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        add_people(other, now)
        report = import_ics(other, exported.encode(), now=now)
        assert report.created == 6 and not report.skipped
        assert expected_starts(other) == expected_starts(journal)
        with other.reading() as session:
            by_uid = {c.uid: c for c in session.query(Commitment)}
            names = {c.id: c.name for c in session.query(Customer)}
            session.expunge_all()
        assert names[by_uid["helsinki@cj"].customer_id] == "Acme Oy"  # via X-CUSTJOURNAL-CUSTOMER
        assert by_uid["promise@cj"].direction == Direction.THEIRS
        assert by_uid["helsinki@cj"].channel == Channel.VIDEO
        assert import_ics(other, exported.encode(), now=now).unchanged == 6
    finally:
        other.close()


@pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed")
def test_khal_lists_the_same_meetings(journal, exported, tmp_path):
    (tmp_path / "cal").mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[work]]\npath = {tmp_path / 'cal'}\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = UTC\ndefault_timezone = UTC\n"
        f"[sqlite]\npath = {tmp_path / 'khal.db'}\n"
    )
    source = tmp_path / "export.ics"
    source.write_text(exported, encoding="utf-8", newline="")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    khal = ["khal", "-c", str(config)]
    subprocess.run([*khal, "import", "--batch", str(source)], check=True, env=env, timeout=120)
    listing = subprocess.run(
        [*khal, "list", "--format", "{start} {title}", "--day-format", "",
         "2026-11-01", "2027-05-31"],
        check=True, env=env, capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    seen = {line.strip() for line in listing.splitlines() if line.strip()}
    titles = {"weekly@cj": "Weekly, with commas; and semicolons", "helsinki@cj": "Acme review",
              "monthly-until@cj": "Northwind monthly"}  # fmt: skip
    expected = {
        f"{start:%Y-%m-%d %H:%M} {titles[uid]}"
        for uid, start in expected_starts(journal)
        if uid in titles and start < datetime(2027, 5, 31, tzinfo=UTC)
    }
    timed = {line for line in seen if line[10:11] == " " and line[13:14] == ":"}
    assert timed - {line for line in timed if "Called off" in line} == expected
    weekly = sorted(line[:16] for line in timed if "Weekly" in line)
    assert weekly == [
        "2027-03-01 08:00", "2027-03-08 08:00", "2027-03-22 08:00",  # 15 March excepted
        "2027-03-29 07:00", "2027-04-05 07:00", "2027-04-12 07:00", "2027-04-19 07:00",
    ]  # fmt: skip
    assert any(line.startswith("2026-12-07") and "Board day" in line for line in seen)
