"""overdue, their-promise-slipping and unconfirmed-soon: fire, stay quiet, exact boundaries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custjournal.domain.enums import CommitmentStatus, Direction

from .build import (
    DAY,
    HELSINKI,
    HOUR,
    MINUTE,
    NOW,
    appointment,
    customer,
    fires,
    promise,
    risks,
    snapshot,
)


@pytest.mark.parametrize(("rule_id", "direction"), [
    ("overdue", Direction.MINE), ("their-promise-slipping", Direction.THEIRS),
])  # fmt: skip
class TestLatePromises:
    def test_fires_with_reason_facts_and_key(self, rule_id: str, direction: Direction) -> None:
        item = promise(NOW - 21 * DAY, id=42, direction=direction, title="Test data export")
        [risk] = risks(snapshot(commitments=[item]), rule_id)
        assert risk.key == f"{rule_id}:commitment:42"
        assert (risk.subject_type, risk.subject_id, risk.customer_name) == (
            "commitment", 42, "Lakeside Dental",
        )  # fmt: skip
        assert "Test data export" in risk.reason and "3 weeks" in risk.reason
        assert ("promise", "Test data export") in risk.facts
        assert risk.at == item.due_at

    @pytest.mark.parametrize(
        ("due", "expected"),
        [(NOW, False), (NOW - MINUTE, True), (NOW + MINUTE, False)],
        ids=["at-due-time", "one-minute-late", "one-minute-early"],
    )
    def test_boundary_is_the_due_time(
        self, rule_id: str, direction: Direction, due: datetime, expected: bool
    ) -> None:
        assert fires(snapshot(commitments=[promise(due, direction=direction)]), rule_id) is expected

    @pytest.mark.parametrize(
        ("late", "expected"), [(60, False), (61, True), (59, False)], ids=["at", "over", "under"]
    )
    def test_grace_threshold(
        self, rule_id: str, direction: Direction, late: int, expected: bool
    ) -> None:
        snap = snapshot(commitments=[promise(NOW - late * MINUTE, direction=direction)])
        settings = {f"rules.{rule_id}.grace_minutes": 60}
        assert fires(snap, rule_id, settings=settings) is expected

    @pytest.mark.parametrize("status", [CommitmentStatus.DONE, CommitmentStatus.CANCELLED])
    def test_closed_promises_do_not_fire(
        self, rule_id: str, direction: Direction, status: CommitmentStatus
    ) -> None:
        item = promise(NOW - 3 * DAY, direction=direction, status=status)
        assert not fires(snapshot(commitments=[item]), rule_id)

    def test_the_other_direction_and_appointments_do_not_fire(
        self, rule_id: str, direction: Direction
    ) -> None:
        other = Direction.THEIRS if direction == Direction.MINE else Direction.MINE
        items = [promise(NOW - DAY, direction=other), appointment(NOW - DAY, direction=direction)]
        assert not fires(snapshot(commitments=items), rule_id)


def test_overdue_reason_shows_user_and_customer_zones() -> None:
    # Due Friday 17:00 in Helsinki; the consultant sits in Lisbon (two hours behind in winter).
    due = datetime(2026, 11, 20, 17, 0, tzinfo=HELSINKI)
    snap = snapshot(
        customers=[customer(timezone="Europe/Helsinki")], commitments=[promise(due, id=7)]
    )
    [risk] = risks(snap, "overdue", settings={"user.timezone": "Europe/Lisbon"})
    assert "Fri 20 Nov 15:00 your time — 17:00 in Helsinki" in risk.reason
    assert "3 days overdue" in risk.reason


def test_overdue_across_the_october_dst_change() -> None:
    # Promised for Sat 24 Oct 17:00 Helsinki (EEST, UTC+3); clocks go back on Sun 25 Oct.
    due = datetime(2026, 10, 24, 17, 0, tzinfo=HELSINKI)
    snap = snapshot(commitments=[promise(due)])
    assert due.utcoffset() == 3 * HOUR
    # 14:00 UTC is 17:00 EEST: exactly due, not yet late.
    assert not fires(snap, "overdue", now=datetime(2026, 10, 24, 14, 0, tzinfo=UTC))
    assert fires(snap, "overdue", now=due + MINUTE)
    [risk] = risks(snap, "overdue", now=datetime(2026, 10, 26, 9, 0, tzinfo=HELSINKI),
                   settings={"user.timezone": "Europe/Helsinki"})  # fmt: skip
    assert "Sat 24 Oct 17:00" in risk.reason


class TestUnconfirmedSoon:
    def test_fires_for_an_unconfirmed_appointment_tomorrow(self) -> None:
        item = appointment(NOW + DAY, id=5, title="Kick-off", location="Harbour office")
        [risk] = risks(snapshot(commitments=[item]), "unconfirmed-soon")
        assert risk.key == "unconfirmed-soon:commitment:5"
        assert "Kick-off" in risk.reason and "has not confirmed" in risk.reason
        assert ("where", "Harbour office") in risk.facts

    @pytest.mark.parametrize(
        ("start", "expected"),
        [
            (NOW + 48 * HOUR, True),
            (NOW + 48 * HOUR + MINUTE, False),
            (NOW + 48 * HOUR - MINUTE, True),
        ],
        ids=["at-48h", "48h-plus-1min", "48h-minus-1min"],
    )
    def test_boundary(self, start: datetime, expected: bool) -> None:
        assert fires(snapshot(commitments=[appointment(start)]), "unconfirmed-soon") is expected

    def test_confirmed_cancelled_or_past_appointments_do_not_fire(self) -> None:
        items = [
            appointment(NOW + DAY, confirmed_at=NOW - DAY),
            appointment(NOW + DAY, status=CommitmentStatus.CANCELLED),
            appointment(NOW - MINUTE),
        ]
        assert not fires(snapshot(commitments=items), "unconfirmed-soon")

    def test_threshold_is_a_setting(self) -> None:
        snap = snapshot(commitments=[appointment(NOW + 60 * HOUR)])
        assert not fires(snap, "unconfirmed-soon")
        assert fires(snap, "unconfirmed-soon", settings={"rules.unconfirmed-soon.hours": 72})

    def test_weekly_helsinki_series_keeps_its_wall_clock_across_dst(self) -> None:
        # Every Monday 09:00 in Helsinki, first on 19 Oct (EEST). On Mon 23 Nov (EET) the
        # occurrence is 07:00 UTC, not the 06:00 UTC a naive UTC expansion would give.
        first = datetime(2026, 10, 19, 9, 0, tzinfo=HELSINKI)
        series = appointment(first, rrule="RRULE:FREQ=WEEKLY;BYDAY=MO", timezone="Europe/Helsinki")
        snap = snapshot(customers=[customer(timezone="Europe/Helsinki")], commitments=[series])
        occurrence = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
        assert fires(snap, "unconfirmed-soon", now=occurrence - 48 * HOUR)
        assert not fires(snap, "unconfirmed-soon", now=occurrence - 48 * HOUR - MINUTE)
        [risk] = risks(
            snap, "unconfirmed-soon", now=occurrence - 47 * HOUR,
            settings={"user.timezone": "Europe/Lisbon"},
        )  # fmt: skip
        # 09:00 Helsinki seen from Lisbon.
        assert "Mon 23 Nov 07:00 your time — 09:00 in Helsinki" in risk.reason
