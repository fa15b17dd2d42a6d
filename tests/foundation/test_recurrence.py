"""Recurring appointments: wall-clock time kept across DST, hostile rules bounded."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custjournal.domain.errors import ValidationError
from custjournal.domain.recurrence import MAX_OCCURRENCES, check_rrule, occurrences

HELSINKI = ZoneInfo("Europe/Helsinki")
# Friday 2 October 2026, 09:00 in Helsinki (summer time, 06:00 UTC).
START = datetime(2026, 10, 2, 9, 0, tzinfo=HELSINKI)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: expansion is pure Python, so SIGALRM interrupts it."""

    def _expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def expand(rule: str, days: int = 60, start: datetime = START) -> list[datetime]:
    return list(
        occurrences(
            rule,
            start=start,
            timezone="Europe/Helsinki",
            window_start=start - timedelta(days=1),
            window_end=start + timedelta(days=days),
        )
    )


@pytest.mark.parametrize(
    "rule", ["FREQ=WEEKLY", "RRULE:FREQ=WEEKLY;BYDAY=FR", "FREQ=WEEKLY;UNTIL=20261231T000000Z"]
)
def test_weekly_meeting_stays_at_nine_in_helsinki_across_the_october_change(rule: str) -> None:
    found = expand(check_rrule(rule, start=START), days=55)
    assert len(found) == 8
    assert {f.astimezone(HELSINKI).strftime("%a %H:%M") for f in found} == {"Fri 09:00"}
    # The UTC hour moves with the change on 25 October: 06:00 before, 07:00 after.
    utc_hours = [f.astimezone(UTC).hour for f in found]
    assert utc_hours == [6, 6, 6, 6, 7, 7, 7, 7]
    seen_from_lisbon = {f.astimezone(ZoneInfo("Europe/Lisbon")).strftime("%H:%M") for f in found}
    assert seen_from_lisbon == {"07:00"}


def test_monthly_meeting_keeps_its_wall_time_across_the_spring_change() -> None:
    start = datetime(2027, 1, 4, 9, 0, tzinfo=HELSINKI)
    found = expand("FREQ=MONTHLY;BYDAY=1MO;COUNT=6", days=200, start=start)
    assert [f.astimezone(HELSINKI).strftime("%Y-%m-%d %H:%M") for f in found] == [
        "2027-01-04 09:00",
        "2027-02-01 09:00",
        "2027-03-01 09:00",
        "2027-04-05 09:00",
        "2027-05-03 09:00",
        "2027-06-07 09:00",
    ]


def test_a_single_appointment_occurs_once_if_it_falls_in_the_window() -> None:
    assert expand("") == [START]
    later = list(
        occurrences(
            "",
            start=START,
            timezone="Europe/Helsinki",
            window_start=START + timedelta(minutes=1),
            window_end=START + timedelta(days=1),
        )
    )
    assert later == []


def test_window_bounds_are_inclusive_and_occurrences_are_aware() -> None:
    found = list(
        occurrences(
            "FREQ=DAILY",
            start=START,
            timezone="Europe/Helsinki",
            window_start=START + timedelta(days=1),
            window_end=START + timedelta(days=3),
        )
    )
    assert [f - START for f in found] == [timedelta(days=d) for d in (1, 2, 3)]
    assert all(f.utcoffset() is not None for f in found)


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=SECONDLY", "FREQ must be"),
        ("FREQ=MINUTELY", "FREQ must be"),
        ("freq=hourly", "FREQ must be"),
        ("INTERVAL=2", "FREQ must be"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL"),
        ("FREQ=DAILY;INTERVAL=00", "INTERVAL"),
        ("FREQ=DAILY;INTERVAL=-1", "INTERVAL"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a valid RRULE"),
        ("FREQ=WEEKLY;COUNT=many", "COUNT|not a valid RRULE"),
    ],
)
def test_check_rrule_refuses_bombs_and_nonsense_naming_the_field(rule: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught, time_limit(5):
        check_rrule(rule, start=START, field="rrule")
    assert caught.value.field == "rrule"
    assert re.search(words, caught.value.problem)


def test_check_rrule_normalises_and_keeps_empty_rules_empty() -> None:
    assert check_rrule("FREQ=MONTHLY;BYDAY=1TU", start=START) == "RRULE:FREQ=MONTHLY;BYDAY=1TU"
    assert check_rrule("   ", start=START) == ""


def test_expansion_stops_at_max_occurrences() -> None:
    # A daily rule over ten years would give 3,650 items; the agenda gets at most the limit.
    with time_limit(10):
        found = expand("FREQ=DAILY", days=3650)
    assert len(found) == MAX_OCCURRENCES
    assert found == sorted(found)


def test_a_stored_sub_daily_rule_is_still_bounded() -> None:
    # A rule that slipped past the check (e.g. from an old file) still cannot flood the agenda.
    with time_limit(10):
        found = expand("FREQ=SECONDLY", days=3650)
    assert START in found
    assert len(found) <= MAX_OCCURRENCES


def _refused_or_quick(rule: str) -> None:
    """Checking and expanding a 60-day window both finish at once (they take milliseconds)."""
    finished = True
    try:
        with time_limit(1.5):
            try:
                check_rrule(rule, start=START, field="rrule")
            except ValidationError as refused:
                assert refused.field == "rrule"
            expand(rule, days=60)
    except TimeoutError:
        finished = False
    # Failing outside the handler keeps the interrupted dateutil frames out of the report.
    if not finished:
        pytest.fail(f"{rule}: checking or expanding it took over 1.5 s", pytrace=False)


def test_a_stored_negative_interval_is_refused_and_expands_harmlessly() -> None:
    # A rule stored before the check existed (or imported) must not hang or crash the agenda.
    _refused_or_quick("FREQ=DAILY;INTERVAL=-1")


def test_a_stored_interval_of_00_expands_harmlessly() -> None:
    _refused_or_quick("FREQ=DAILY;INTERVAL=00")


def test_a_daily_rule_that_never_occurs_is_refused_quickly() -> None:
    _refused_or_quick("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
