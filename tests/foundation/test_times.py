"""Natural date entry, DST refusals and a Helsinki meeting seen from Lisbon."""

from __future__ import annotations

import gc
import weakref
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

import pytest

from custjournal.domain.errors import ValidationError
from custjournal.domain.times import format_dual, localize, parse_iso, parse_when, strftime, zone

HELSINKI = ZoneInfo("Europe/Helsinki")
LISBON = ZoneInfo("Europe/Lisbon")
# Monday 23 November 2026, 12:00 in Helsinki.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tomorrow 9am", datetime(2026, 11, 24, 9, 0)),
        ("Tomorrow at 9:30 pm", datetime(2026, 11, 24, 21, 30)),
        ("fri 17:00", datetime(2026, 11, 27, 17, 0)),
        ("friday at 5pm", datetime(2026, 11, 27, 17, 0)),
        ("2026-12-03 14:30", datetime(2026, 12, 3, 14, 30)),
        ("3 dec 14:30", datetime(2026, 12, 3, 14, 30)),
        ("next week", datetime(2026, 11, 30, 9, 0)),
        ("in 3 days", datetime(2026, 11, 26, 9, 0)),
        ("in 2 weeks", datetime(2026, 12, 7, 9, 0)),
        ("today 15:00", datetime(2026, 11, 23, 15, 0)),
        ("tonight", datetime(2026, 11, 23, 19, 0)),
        # Monday 09:00 has passed on a Monday at noon: the next Monday is meant.
        ("mon 9am", datetime(2026, 11, 30, 9, 0)),
        ("next mon 10:00", datetime(2026, 11, 30, 10, 0)),
        ("tomorrow noon", datetime(2026, 11, 24, 12, 0)),
        ("tomorrow 12am", datetime(2026, 11, 24, 0, 0)),
    ],
)
def test_natural_dates_are_read_on_the_wall_clock_of_the_zone(
    typed: str, expected: datetime
) -> None:
    got = parse_when(typed, now=NOW, tz=HELSINKI, field="due")
    assert got.utcoffset() is not None
    assert got.astimezone(HELSINKI).replace(tzinfo=None) == expected


def test_relative_hours_count_from_now() -> None:
    assert parse_when("in 2 hours", now=NOW, tz=HELSINKI) == datetime(
        2026, 11, 23, 12, 0, tzinfo=UTC
    )


def test_today_is_the_day_in_the_users_zone_not_in_utc() -> None:
    # 23:30 UTC on the 23rd is already the 24th in Helsinki.
    late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    got = parse_when("tomorrow 9am", now=late, tz=HELSINKI)
    assert got.astimezone(HELSINKI).replace(tzinfo=None) == datetime(2026, 11, 25, 9, 0)


def test_an_explicit_offset_wins_over_the_zone() -> None:
    got = parse_when("2026-12-03T14:30+05:30", now=NOW, tz=HELSINKI)
    assert got.astimezone(UTC) == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("31 feb", "not a real date"),
        ("2026-02-30 10:00", "not a real date"),
        ("tomorrow 25:00", "not a time of day"),
        ("tomorrow 13pm", "hours run 1-12"),
        ("blah", "not a date I understand"),
        ("", "empty"),
    ],
)
def test_impossible_dates_are_refused_naming_the_field(typed: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when(typed, now=NOW, tz=HELSINKI, field="--due")
    assert caught.value.field == "--due"
    assert words in caught.value.problem
    assert str(caught.value).startswith("--due: ")


@pytest.mark.parametrize(
    ("typed", "now", "tz"),
    [
        # Helsinki jumps from 03:00 to 04:00 on Sunday 29 March 2026.
        ("2026-03-29 03:30", NOW, HELSINKI),
        ("tomorrow 3:30am", datetime(2026, 3, 28, 12, 0, tzinfo=UTC), HELSINKI),
        ("sun 3:30", datetime(2026, 3, 26, 12, 0, tzinfo=UTC), HELSINKI),
        # Lisbon jumps from 01:00 to 02:00 the same night.
        ("2026-03-29 01:15", NOW, LISBON),
    ],
)
def test_a_time_skipped_by_the_spring_change_is_refused(
    typed: str, now: datetime, tz: ZoneInfo
) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when(typed, now=now, tz=tz, field="starts_at")
    assert caught.value.field == "starts_at"
    assert "does not exist" in caught.value.problem
    assert tz.key in caught.value.problem


def test_the_repeated_autumn_hour_is_accepted_as_the_first_one() -> None:
    # 03:30 happens twice in Helsinki on 25 October 2026; the first (summer time) is taken.
    got = localize(datetime(2026, 10, 25, 3, 30), HELSINKI)
    assert got.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["sunset", "wedding", "monster"])
def test_words_that_merely_start_like_a_weekday_are_not_dates(typed: str) -> None:
    with pytest.raises(ValidationError):
        parse_when(typed, now=NOW, tz=HELSINKI, field="due")


@pytest.mark.parametrize("typed", ["13pm", "99 dec"])
def test_typos_are_refused_rather_than_read_as_another_time(typed: str) -> None:
    with pytest.raises(ValidationError):
        parse_when(typed, now=NOW, tz=HELSINKI, field="due")


def test_parse_iso_refuses_a_time_without_zone_unless_one_is_given() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_iso("2026-11-23T10:00", "--now")
    assert caught.value.field == "--now"
    assert parse_iso("2026-11-23T10:00", "--now", tz=HELSINKI) == datetime(
        2026, 11, 23, 8, 0, tzinfo=UTC
    )
    assert parse_iso("2026-11-23T10:00:00Z", "--now") == NOW


def test_unknown_zones_are_refused_naming_the_field() -> None:
    for bad in ("Mars/Olympus", "", " Europe/Helsinki", "../etc/passwd", "/etc/localtime"):
        with pytest.raises(ValidationError) as caught:
            zone(bad, "timezone")
        assert caught.value.field == "timezone"


def test_a_zone_is_kept_once_read_however_many_zones_the_journal_has() -> None:
    # ZoneInfo itself keeps eight zones alive; customers in thirty zones made every time
    # shown read its zone's file again (73 reads to paint Today once).
    tokyo = weakref.ref(zone("Asia/Tokyo"))
    for name in sorted(available_timezones())[:40]:
        zone(name)
    gc.collect()
    assert tokyo() is not None
    assert zone("Asia/Tokyo") is tokyo()
    # A refused name is not kept: it is refused again, naming the field.
    with pytest.raises(ValidationError):
        zone("Mars/Olympus")
    with pytest.raises(ValidationError):
        zone("Mars/Olympus")


# A 09:00 meeting in Helsinki, the week before and the days after the October change
# (25 Oct 2026: Helsinki EEST→EET and Lisbon WEST→WET, both at 01:00 UTC).
@pytest.mark.parametrize(
    ("day", "utc_hour", "shown"),
    [
        (23, 6, "Fri 23 Oct 07:00 your time — 09:00 in Helsinki"),
        (26, 7, "Mon 26 Oct 07:00 your time — 09:00 in Helsinki"),
        (28, 7, "Wed 28 Oct 07:00 your time — 09:00 in Helsinki"),
    ],
)
def test_helsinki_meeting_seen_from_lisbon_across_the_october_change(
    day: int, utc_hour: int, shown: str
) -> None:
    start = localize(datetime(2026, 10, day, 9, 0), HELSINKI)
    assert start.astimezone(UTC).hour == utc_hour
    assert format_dual(start, user_tz="Europe/Lisbon", other_tz="Europe/Helsinki") == shown


def test_while_new_york_still_has_summer_time_the_gap_to_helsinki_shrinks() -> None:
    # Europe changed on 25 Oct, New York changes on 1 Nov: one week with a 6-hour gap.
    before = localize(datetime(2026, 10, 23, 9, 0), HELSINKI)
    between = localize(datetime(2026, 10, 27, 9, 0), HELSINKI)
    after = localize(datetime(2026, 11, 3, 9, 0), HELSINKI)
    fmt = "%H:%M"
    ny = "America/New_York"
    assert format_dual(before, user_tz=ny, other_tz="Europe/Helsinki", fmt=fmt) == (
        "02:00 your time — 09:00 in Helsinki"
    )
    assert format_dual(between, user_tz=ny, other_tz="Europe/Helsinki", fmt=fmt) == (
        "03:00 your time — 09:00 in Helsinki"
    )
    assert format_dual(after, user_tz=ny, other_tz="Europe/Helsinki", fmt=fmt) == (
        "02:00 your time — 09:00 in Helsinki"
    )


def test_dual_time_names_the_other_day_when_the_date_differs() -> None:
    start = localize(datetime(2026, 11, 25, 10, 0), ZoneInfo("Asia/Tokyo"))
    assert format_dual(start, user_tz="Europe/Lisbon", other_tz="Asia/Tokyo") == (
        "Wed 25 Nov 01:00 your time — 10:00 in Tokyo"
    )
    late = localize(datetime(2026, 11, 25, 8, 0), ZoneInfo("Asia/Tokyo"))
    assert format_dual(late, user_tz="Europe/Lisbon", other_tz="Asia/Tokyo") == (
        "Tue 24 Nov 23:00 your time — Wed 08:00 in Tokyo"
    )


def test_dual_time_shows_one_zone_when_the_clocks_agree() -> None:
    start = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert format_dual(start, user_tz="Europe/Lisbon", other_tz="Europe/London") == (
        "Mon 23 Nov 10:00"
    )
    assert format_dual(start, user_tz="Europe/Lisbon", other_tz=None) == "Mon 23 Nov 10:00"


@pytest.mark.parametrize(
    ("fmt", "written"),
    [
        ("%a %d %b %H:%M", "Sun 29 Mar 04:30"),
        ("%Y-%m-%d %H:%M %Z", "2026-03-29 04:30 EEST"),
        ("{t} \"%a\" '%b' \\n 100%%", "{t} \"Sun\" 'Mar' \\n 100%"),
        ("%a %d %b %Y", "Sun 29 Mar 2026"),
    ],
)
def test_english_strftime_writes_its_literal_text_as_text(fmt: str, written: str) -> None:
    # Each format is compiled into code once: its literal text (braces, quotes, backslashes)
    # must come out as text, never be read as code.
    moment = datetime(2026, 3, 29, 1, 30, tzinfo=UTC).astimezone(HELSINKI)  # summer time began
    assert strftime(moment, fmt) == written
