"""double-booked and first-meeting-etiquette: overlaps, travel time, full days, first visits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custjournal.domain.enums import Channel, CommitmentStatus, InteractionKind
from custjournal.rules.snapshot import EtiquetteCounts

from .build import (
    DAY,
    HELSINKI,
    HOUR,
    MINUTE,
    NOW,
    appointment,
    contact_at,
    customer,
    fires,
    risks,
    snapshot,
)

TUESDAY_9 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def visit(start: datetime, place: str, **values: object) -> object:
    return appointment(start, channel=Channel.IN_PERSON, location=place, **values)


class TestDoubleBooked:
    def test_overlapping_appointments(self) -> None:
        a = appointment(TUESDAY_9, id=1, title="Steering group", duration_minutes=90)
        b = appointment(TUESDAY_9 + HOUR, id=2, title="Budget call", channel=Channel.PHONE)
        [risk] = risks(snapshot(commitments=[a, b]), "double-booked")
        assert risk.key == "double-booked:commitment:1:2"
        assert risk.subject_id == 2 and "overlaps" in risk.reason and "by 30 min" in risk.reason
        assert risk.also == (1,)  # the other appointment of the pair, marked in the agenda too

    def test_back_to_back_calls_are_fine(self) -> None:
        a = appointment(TUESDAY_9, id=1, channel=Channel.VIDEO)
        b = appointment(TUESDAY_9 + HOUR, id=2, channel=Channel.VIDEO)
        assert not fires(snapshot(commitments=[a, b]), "double-booked")

    def test_nine_oclock_across_town_twenty_minutes_after_another_ends(self) -> None:
        a = visit(TUESDAY_9 - 80 * MINUTE, "Harbour office", id=1, title="Breakfast review")
        b = visit(TUESDAY_9, "Airport business park", id=2, title="Kick-off")
        [risk] = risks(snapshot(commitments=[a, b]), "double-booked")
        assert "only 20 min after" in risk.reason and "you need 30 min" in risk.reason

    @pytest.mark.parametrize(
        ("gap", "expected"), [(30, False), (29, True), (31, False)], ids=["at", "under", "over"]
    )
    def test_travel_buffer_boundary(self, gap: int, expected: bool) -> None:
        a = visit(TUESDAY_9, "Harbour office", id=1)
        b = visit(TUESDAY_9 + HOUR + gap * MINUTE, "Airport business park", id=2)
        assert fires(snapshot(commitments=[a, b]), "double-booked") is expected

    def test_same_place_or_unknown_place_needs_no_travel(self) -> None:
        a = visit(TUESDAY_9, "Harbour Office", id=1)
        b = visit(TUESDAY_9 + HOUR, "harbour  office", id=2)
        c = visit(TUESDAY_9 + 2 * HOUR, "", id=3)
        assert not fires(snapshot(commitments=[a, b, c]), "double-booked")

    def test_cancelled_appointments_do_not_clash(self) -> None:
        a = appointment(TUESDAY_9, id=1)
        b = appointment(TUESDAY_9, id=2, status=CommitmentStatus.CANCELLED)
        assert not fires(snapshot(commitments=[a, b]), "double-booked")

    @pytest.mark.parametrize(
        ("extra", "expected"), [(0, False), (1, True), (-1, False)], ids=["at", "over", "under"]
    )
    def test_daily_limit_boundary(self, extra: int, expected: bool) -> None:
        # Four back-to-back video calls of two hours: exactly the 8 h limit, then a minute more.
        calls = [
            appointment(TUESDAY_9 - 2 * HOUR + i * 2 * HOUR, id=i + 1, channel=Channel.VIDEO,
                        duration_minutes=120 + (extra if i == 3 else 0))
            for i in range(4)
        ]  # fmt: skip
        found = risks(snapshot(commitments=calls), "double-booked")
        assert any(r.subject_type == "day" for r in found) is expected
        if expected:
            assert found[0].key == "double-booked:day:2026-11-24"

    def test_the_day_is_the_users_calendar_day(self) -> None:
        # 23:30 UTC on Monday is already Tuesday in Helsinki: both long calls fall on Tuesday there.
        a = appointment(datetime(2026, 11, 23, 23, 30, tzinfo=UTC), id=1, duration_minutes=300)
        b = appointment(datetime(2026, 11, 24, 6, 0, tzinfo=UTC), id=2, duration_minutes=240)
        snap = snapshot(commitments=[a, b])
        assert not fires(snap, "double-booked", settings={"user.timezone": "UTC"})
        [risk] = risks(snap, "double-booked", settings={"user.timezone": "Europe/Helsinki"})
        assert risk.key == "double-booked:day:2026-11-24"

    def test_weekly_series_clashes_at_its_own_wall_clock_after_dst(self) -> None:
        # Every Tuesday 09:00 Helsinki since September: 07:00 UTC in November, not 06:00 UTC.
        series = appointment(
            datetime(2026, 9, 1, 9, 0, tzinfo=HELSINKI),
            id=1,
            rrule="RRULE:FREQ=WEEKLY;BYDAY=TU",
            timezone="Europe/Helsinki",
        )
        one_off = appointment(
            datetime(2026, 11, 24, 7, 30, tzinfo=UTC), id=2, channel=Channel.VIDEO
        )
        [risk] = risks(snapshot(commitments=[series, one_off]), "double-booked")  # fmt: skip
        assert risk.key == "double-booked:commitment:1:2:2026-11-24"

    def test_beyond_the_horizon_is_not_looked_at(self) -> None:
        a = appointment(NOW + 20 * DAY, id=1)
        b = appointment(NOW + 20 * DAY, id=2)
        assert not fires(snapshot(commitments=[a, b]), "double-booked")


ETIQUETTE = EtiquetteCounts(global_count=2, by_culture=(("FI", 3),), by_customer=((1, 1),))


class TestFirstMeetingEtiquette:
    def snap(self, *items: object, **values: object) -> object:
        values.setdefault("etiquette", ETIQUETTE)
        return snapshot(customers=[customer(country="FI", timezone="Europe/Helsinki")],
                        commitments=list(items), **values)  # fmt: skip

    def test_first_visit_tomorrow_with_reminders(self) -> None:
        start = datetime(2026, 11, 24, 9, 0, tzinfo=HELSINKI)
        [risk] = risks(self.snap(visit(start, "Their office", id=4)), "first-meeting-etiquette",
                       settings={"user.timezone": "Europe/Lisbon"})  # fmt: skip
        assert risk.severity == "info"
        assert "07:00 your time — 09:00 in Helsinki" in risk.reason
        assert (
            "6 etiquette reminders apply (3 for FI, 1 for Lakeside Dental, 2 general)"
            in risk.reason
        )

    @pytest.mark.parametrize(
        ("ahead", "expected"),
        [(72 * HOUR, True), (72 * HOUR + MINUTE, False), (72 * HOUR - MINUTE, True)],
        ids=["at-72h", "72h-plus-1min", "72h-minus-1min"],
    )
    def test_boundary(self, ahead: timedelta, expected: bool) -> None:
        assert fires(self.snap(visit(NOW + ahead, "Office")), "first-meeting-etiquette") is expected

    def test_no_reminders_no_risk(self) -> None:
        snap = self.snap(visit(NOW + DAY, "Office"), etiquette=EtiquetteCounts())
        assert not fires(snap, "first-meeting-etiquette")

    def test_met_before_in_person_or_only_a_video_call(self) -> None:
        met = contact_at(NOW - 30 * DAY, kind=InteractionKind.MEETING, channel=Channel.IN_PERSON)
        assert not fires(
            self.snap(visit(NOW + DAY, "Office"), interactions=[met]), "first-meeting-etiquette"
        )
        video = appointment(NOW + DAY, channel=Channel.VIDEO)
        assert not fires(self.snap(video), "first-meeting-etiquette")
        called = contact_at(NOW - 30 * DAY, kind=InteractionKind.CALL, channel=Channel.PHONE)
        assert fires(
            self.snap(visit(NOW + DAY, "Office"), interactions=[called]), "first-meeting-etiquette"
        )

    def test_only_the_first_of_two_visits(self) -> None:
        found = risks(self.snap(visit(NOW + DAY, "A", id=1), visit(NOW + 2 * DAY, "A", id=2)),
                      "first-meeting-etiquette")  # fmt: skip
        assert [r.subject_id for r in found] == [1]


def test_a_runaway_or_broken_rule_cannot_hang_the_rules() -> None:
    import time  # noqa: PLC0415

    items = [
        appointment(NOW - 365 * DAY, id=1, rrule="RRULE:FREQ=SECONDLY"),
        appointment(NOW + HOUR, id=2, rrule="RRULE:FREQ=DAILY;BYMONTHDAY=31;BYMONTH=2"),
        appointment(NOW + 2 * HOUR, id=3, rrule="not a rule at all"),
    ]
    began = time.perf_counter()
    found = risks(snapshot(commitments=items), "unconfirmed-soon")
    assert time.perf_counter() - began < 5
    # An unreadable rule still shows its first start; "30 February" never happens (agenda too).
    assert {r.subject_id for r in found} == {3}


def test_exception_dates_are_skipped() -> None:
    weekly = appointment(datetime(2026, 11, 2, 9, 0, tzinfo=HELSINKI), id=1,
                         timezone="Europe/Helsinki",
                         rrule="RRULE:FREQ=WEEKLY;BYDAY=TU\nEXDATE:20261124T090000")  # fmt: skip
    assert not fires(snapshot(commitments=[weekly]), "unconfirmed-soon")
    weekly = appointment(datetime(2026, 11, 2, 9, 0, tzinfo=HELSINKI), id=1,
                         timezone="Europe/Helsinki",
                         rrule="RRULE:FREQ=WEEKLY;BYDAY=TU")  # fmt: skip
    assert fires(snapshot(commitments=[weekly]), "unconfirmed-soon")
