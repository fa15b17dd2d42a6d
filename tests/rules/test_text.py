"""How the rules write times: a time in another year says its year."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from custjournal.domain.times import strftime
from custjournal.rules.text import when

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_this_years_time_needs_no_year() -> None:
    moment = datetime(2026, 9, 30, 8, 0, tzinfo=UTC)
    assert when(moment, user_tz="Europe/Lisbon", now=NOW) == "Wed 30 Sep 09:00"


def test_last_years_time_says_its_year_in_both_zones() -> None:
    moment = datetime(2025, 9, 30, 8, 0, tzinfo=UTC)
    assert (
        when(moment, user_tz="Europe/Lisbon", other_tz="Europe/Helsinki", now=NOW)
        == "Tue 30 Sep 2025 09:00 your time — 11:00 in Helsinki"
    )


def test_the_year_is_the_users_year_at_new_year() -> None:
    # 31 Dec 23:30 UTC is already 1 Jan in Helsinki: for a user there it is this year.
    moment = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    new_year = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)
    assert when(moment, user_tz="Europe/Helsinki", now=new_year) == "Thu 01 Jan 01:30"
    assert when(moment, user_tz="UTC", now=new_year) == "Wed 31 Dec 2025 23:30"


@pytest.mark.parametrize(
    "fmt",
    ["%a %d %b %H:%M", "%a %d %b %Y %H:%M", "%H:%M", "%a %H:%M", "%Y-%m-%d %H:%M %Z", "100%% %d"],
)
@pytest.mark.parametrize("zone_name", ["UTC", "Europe/Helsinki", "America/Los_Angeles"])
def test_english_fields_match_the_c_locale(fmt, zone_name) -> None:
    for moment in (
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        datetime(1999, 12, 31, 23, 59, tzinfo=UTC),
    ):
        local = moment.astimezone(ZoneInfo(zone_name))
        assert strftime(local, fmt) == local.strftime(fmt)


def test_english_whatever_the_locale(monkeypatch) -> None:
    import locale  # noqa: PLC0415

    try:
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    except locale.Error:
        pytest.skip("no German locale on this machine")
    try:
        assert strftime(datetime(2026, 11, 23, 10, tzinfo=UTC), "%a %d %b") == "Mon 23 Nov"
    finally:
        locale.setlocale(locale.LC_TIME, "C")
