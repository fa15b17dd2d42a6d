"""Due dates read from note words, against the note's time and the customer's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custjournal.services.promises.dates import find_dates

HELSINKI = ZoneInfo("Europe/Helsinki")
LISBON = ZoneInfo("Europe/Lisbon")
# Wednesday 18 November 2026, 14:00 in Helsinki.
WRITTEN = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


def _due(text: str, written_at: datetime = WRITTEN, tz: ZoneInfo = HELSINKI) -> datetime | None:
    dated = [d for d in find_dates(text, written_at=written_at, tz=tz) if d.due is not None]
    assert len(dated) == 1, dated
    return dated[0].due


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("by Thursday", "2026-11-19 17:00"),
        ("on Friday", "2026-11-20 17:00"),
        ("Wednesday", "2026-11-25 17:00"),  # the same weekday means next week's
        ("next Friday", "2026-11-27 17:00"),
        ("next week", "2026-11-27 17:00"),
        ("early next week", "2026-11-24 17:00"),
        ("by the end of the week", "2026-11-20 17:00"),
        ("EOW", "2026-11-20 17:00"),
        ("end of month", "2026-11-30 17:00"),
        ("next month", "2026-12-31 17:00"),
        ("before the 15th", "2026-12-14 17:00"),
        ("by the 20th", "2026-11-20 17:00"),
        ("before Friday", "2026-11-19 17:00"),
        ("before the end of the month", "2026-11-30 17:00"),
        ("tomorrow 9am", "2026-11-19 09:00"),
        ("tomorrow at 3", "2026-11-19 15:00"),
        ("tomorrow", "2026-11-19 17:00"),
        ("tonight", "2026-11-18 19:00"),
        ("by Friday morning", "2026-11-20 09:00"),
        ("in two weeks", "2026-12-02 17:00"),
        ("within 3 days", "2026-11-21 17:00"),
        ("within 5 working days", "2026-11-25 17:00"),
        ("in 48 hours", "2026-11-20 14:00"),
        ("2026-12-03", "2026-12-03 17:00"),
        ("on 2026-12-10 at 14:00", "2026-12-10 14:00"),
        ("3 December", "2026-12-03 17:00"),
        ("Dec 3", "2026-12-03 17:00"),
        ("on Friday the 27th", "2026-11-27 17:00"),
        ("by Friday, 20 November", "2026-11-20 17:00"),
        ("by 12 November", "2027-11-12 17:00"),  # a past day without a year is next year's
        ("by January 15", "2027-01-15 17:00"),
        ("by the end of Q1", "2027-03-31 17:00"),
    ],
)
def test_due_words(text: str, expected: str) -> None:
    due = _due(text)
    assert due is not None and due.tzinfo is not None
    assert due.astimezone(HELSINKI).strftime("%Y-%m-%d %H:%M") == expected


@pytest.mark.parametrize(
    "text", ["yesterday", "last Friday", "Friday's workshop", "after Friday", "since Monday"]
)
def test_past_and_after_dates_are_never_a_due(text: str) -> None:
    assert all(d.due is None for d in find_dates(text, written_at=WRITTEN, tz=HELSINKI))


def test_a_week_later_counts_from_the_date_before_it() -> None:
    found = find_dates("by the 25th and a week later", written_at=WRITTEN, tz=HELSINKI)
    assert [d.due.date().isoformat() for d in found if d.due] == ["2026-11-25", "2026-12-02"]


def test_within_a_week_of_an_event_is_not_a_date() -> None:
    found = find_dates("within a week of getting it", written_at=WRITTEN, tz=HELSINKI)
    assert all(d.due is None for d in found)


def test_next_week_across_the_autumn_clock_change_keeps_17_local() -> None:
    # Friday 23 October 2026 in Lisbon is summer time (+01:00); clocks go back on the 25th.
    written = datetime(2026, 10, 23, 16, 0, tzinfo=LISBON)
    due = _due("next week", written, LISBON)
    assert due.astimezone(LISBON).strftime("%Y-%m-%d %H:%M") == "2026-10-30 17:00"
    assert due.utcoffset() == timedelta(0)
    assert due.astimezone(UTC).hour == 17


def test_in_two_weeks_across_the_spring_clock_change() -> None:
    written = datetime(2026, 3, 20, 12, 0, tzinfo=HELSINKI)  # +02:00; +03:00 from 29 March
    due = _due("in two weeks", written, HELSINKI)
    assert due.astimezone(HELSINKI).strftime("%Y-%m-%d %H:%M") == "2026-04-03 17:00"
    assert due.utcoffset() == timedelta(hours=3)


def test_in_hours_counts_real_time_across_the_clock_change() -> None:
    written = datetime(2026, 3, 28, 12, 0, tzinfo=HELSINKI)
    due = _due("in 24 hours", written, HELSINKI)
    # Aware arithmetic in one zone is wall-clock arithmetic in Python: compare in UTC.
    assert due.astimezone(UTC) - written.astimezone(UTC) == timedelta(hours=24)
    assert due.astimezone(HELSINKI).hour == 13  # the wall clock jumped an hour


def test_a_time_the_clocks_skip_moves_on_by_the_gap() -> None:
    written = datetime(2026, 3, 28, 12, 0, tzinfo=HELSINKI)  # 03:00-04:00 on the 29th is skipped
    due = _due("tomorrow at 3:30am", written, HELSINKI)
    assert due.astimezone(HELSINKI).strftime("%Y-%m-%d %H:%M") == "2026-03-29 04:30"


def test_tomorrow_is_the_customers_tomorrow() -> None:
    # 23:30 UTC on the 18th is already the 19th in Helsinki, still the 18th in Los Angeles.
    written = datetime(2026, 11, 18, 23, 30, tzinfo=UTC)
    helsinki = _due("tomorrow", written, HELSINKI)
    la = _due("tomorrow", written, ZoneInfo("America/Los_Angeles"))
    assert helsinki.astimezone(HELSINKI).date().isoformat() == "2026-11-20"
    assert la.astimezone(ZoneInfo("America/Los_Angeles")).date().isoformat() == "2026-11-19"
    assert la.astimezone(ZoneInfo("America/Los_Angeles")).hour == 17
