"""Broken and hostile calendar files: a clear message with the line, nothing written, no hang."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from custjournal.domain import Commitment, ValidationError
from custjournal.services.commitments import agenda
from custjournal.services.interchange.common import read_file
from custjournal.services.interchange.ics import import_ics


def calendar(*event_lines: str, extra: str = "") -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        "BEGIN:VEVENT",
        "UID:bad-1@test",
        "DTSTAMP:20261120T090000Z",
        "SUMMARY:Bad one",
        "ATTENDEE:mailto:anna@mueller.de",
        *event_lines,
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n" + extra).encode("utf-8")


def count(journal) -> int:
    with journal.reading() as session:
        return session.scalar(select(func.count(Commitment.id)))


def refused(journal, data: bytes, now) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        import_ics(journal, data, source="bad.ics", now=now)
    assert count(journal) == 0
    return error.value


def test_missing_end_names_the_open_component(journal, people, now):
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261201T100000Z\r\n"
    )
    error = refused(journal, data, now)
    assert error.field == "bad.ics line 3"
    assert "END:VEVENT is missing" in error.problem


def test_mismatched_end(journal, people, now):
    data = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    error = refused(journal, data, now)
    assert error.field == "bad.ics line 4"
    assert "BEGIN:VEVENT (line 2) is still open" in error.problem


def test_thousands_of_nested_components_are_refused_quickly(journal, people, now):
    depth = 5000
    body = "BEGIN:VCALENDAR\r\n" + "BEGIN:X-NEST\r\n" * depth + "END:X-NEST\r\n" * depth
    started = time.perf_counter()
    error = refused(journal, (body + "END:VCALENDAR\r\n").encode(), now)
    # A runaway guard, not a speed target (those live in the benchmark): walking 5,000 levels
    # deep the naive way takes minutes; a loaded CI machine must not make this flaky.
    assert time.perf_counter() - started < 20
    assert error.field == "bad.ics line 5"
    assert "nested more than 4 deep" in error.problem


def test_a_3_mb_folded_line_is_refused_with_its_line(journal, people, now):
    folded = "DESCRIPTION:" + "\r\n ".join(["x" * 74] * (3 * 1024 * 1024 // 74))
    error = refused(journal, calendar("DTSTART:20261201T100000Z", folded), now)
    assert error.field == "bad.ics line 10"
    assert "longer than 256 KB" in error.problem


def test_a_large_attachment_is_skipped_not_refused(journal, people, now):
    attach = "ATTACH;ENCODING=BASE64;VALUE=BINARY:" + "\r\n ".join(["QUJD" * 18] * 40000)
    report = import_ics(journal, calendar("DTSTART:20261201T100000Z", attach), now=now)
    assert report.created == 1


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.ics"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk or time
    with pytest.raises(ValidationError) as error:
        read_file(big)
    assert error.value.field == str(big)
    assert "50.0 MB" in error.value.problem and "over 20 MB" in error.value.problem


def test_a_50_mb_payload_is_refused_by_the_service_too(journal, people, now):
    with pytest.raises(ValidationError, match="over 20 MB"):
        import_ics(journal, b" " * (50 * 1024 * 1024), now=now)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20260230T100000Z", "not a real date (day is out of range for month)"),
        ("100000101T100000Z", "years after 9999 are not supported"),
        ("20261301", "not a real date (month must be in 1..12)"),
        ("tomorrow", "is not a date or date-time"),
    ],
)
def test_impossible_dates_name_the_line_and_the_problem(journal, people, now, value, expected):
    error = refused(journal, calendar(f"DTSTART:{value}"), now)
    assert error.field == "bad.ics line 9"
    assert error.problem.startswith("DTSTART ") and expected in error.problem


def test_end_before_start(journal, people, now):
    error = refused(journal, calendar("DTSTART:20261201T100000Z", "DTEND:20261201T090000Z"), now)
    assert (error.field, error.problem) == ("bad.ics line 10", "DTEND is before DTSTART")


def test_a_line_that_is_not_a_property(journal, people, now):
    error = refused(journal, calendar("DTSTART:20261201T100000Z", "THIS IS NOT ICAL"), now)
    assert error.field == "bad.ics line 10"
    assert "expected NAME:VALUE" in error.problem or "no ':'" in error.problem


def test_not_utf8(journal, people, now):
    data = calendar("DTSTART:20261201T100000Z").replace(b"Bad one", b"B\xe4d one")
    error = refused(journal, data, now)
    assert (error.field, error.problem) == (
        "bad.ics line 7",
        "is not UTF-8 text (save the file as UTF-8)",
    )


def test_an_address_book_is_not_a_calendar(journal, people, now):
    error = refused(journal, b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n", now)
    assert error.field == "bad.ics line 1"
    assert "expected BEGIN:VCALENDAR" in error.problem


def test_empty_file(journal, people, now):
    assert "empty" in refused(journal, b"", now).problem


BOMBS = {
    "secondly-forever": "FREQ=SECONDLY",
    "a-billion": "FREQ=DAILY;COUNT=1000000000",
    "interval-zero": "FREQ=DAILY;INTERVAL=0",
    "every-by-list": (
        "FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYWEEKNO=1,10,20,30,40,50;"
        "BYYEARDAY=1,50,100,150,200,250,300,350;BYMONTHDAY=1,5,10,15,20,25,28;"
        "BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=0,4,8,12,16,20;BYMINUTE=0,15,30,45;"
        "BYSECOND=0,20,40;BYSETPOS=1,-1"
    ),
}


@pytest.mark.parametrize("rule", BOMBS.values(), ids=BOMBS.keys())
def test_recurrence_bombs_import_fast_unexpanded_with_a_warning(journal, people, now, rule):
    data = calendar("DTSTART:20261201T100000Z", f"RRULE:{rule}")
    started = time.perf_counter()
    report = import_ics(journal, data, source="bomb.ics", now=now)
    elapsed = time.perf_counter() - started
    # A runaway guard, not a speed target: expanding any of these runs for hours.
    assert elapsed < 20, f"import took {elapsed:.2f} s"
    assert report.created == 1
    assert any("bomb.ics line 10" in w and "runaway repeat rule" in w for w in report.warnings)
    with journal.reading() as session:
        stored = session.scalars(select(Commitment)).one()
        rrule, details = stored.rrule, stored.details
    # The rule is kept as written: in the rule column when the agenda can expand it within
    # bounds, otherwise beside the details (the agenda would spin on it).
    assert rule in rrule or rule in details
    started = time.perf_counter()
    agenda(journal, start=now, end=now + timedelta(days=60))
    assert time.perf_counter() - started < 20  # runaway guard: a spinning agenda never ends


def test_a_dst_gap_time_in_a_floating_event_is_refused_with_its_line(journal, people, now):
    # 2027-03-28 01:30 does not exist in Lisbon (the user's zone): clocks jump 01:00 -> 02:00.
    error = refused(journal, calendar("DTSTART:20270328T013000"), now)
    assert error.field == "bad.ics line 4"  # the event's BEGIN line
    assert "does not exist" in error.problem


def test_a_floating_time_is_read_on_the_users_clock(journal, people, now):
    import_ics(journal, calendar("DTSTART:20270701T090000"), now=now)
    with journal.reading() as session:
        stored = session.scalars(select(Commitment)).one()
        due, tz = stored.due_at, stored.timezone
    assert (due, tz) == (datetime(2027, 7, 1, 8, 0, tzinfo=UTC), "Europe/Lisbon")
