"""change-unacknowledged and moved-without-call: how the customer was told, and when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from custjournal.domain.enums import Channel, CommitmentStatus, InteractionKind, NoticeKind
from custjournal.rules.snapshot import NoticeRecord

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


def notice(kind: NoticeKind, effective: datetime, **values: Any) -> NoticeRecord:
    values.setdefault("id", 9)
    values.setdefault("customer_id", 1)
    values.setdefault("title", "Mail-server reboot")
    values.setdefault("channel", Channel.EMAIL)
    values.setdefault("sent_at", NOW - 3 * DAY)
    return NoticeRecord(kind=kind, effective_at=effective, **values)


def reboot(effective: datetime, **values: Any) -> NoticeRecord:
    return notice(NoticeKind.PLANNED_CHANGE, effective, **values)


class TestChangeUnacknowledged:
    def test_the_mail_server_reboot_announced_by_unanswered_e_mail(self) -> None:
        snap = snapshot(notices=[reboot(NOW + 20 * HOUR, what_changes="Mail down 22-23")])
        [risk] = risks(snap, "change-unacknowledged")
        assert risk.severity == "critical"
        assert risk.key == "change-unacknowledged:notice:9"
        assert risk.reason.startswith("Told by e-mail on Friday, not acknowledged;")
        assert "is in 20 h" in risk.reason and risk.reason.endswith("call them")
        assert ("what changes", "Mail down 22-23") in risk.facts

    @pytest.mark.parametrize(
        ("ahead", "expected"),
        [(24 * HOUR, True), (24 * HOUR + MINUTE, False), (24 * HOUR - MINUTE, True),
         (timedelta(0), True), (-MINUTE, False)],
        ids=["at-24h", "24h-plus-1min", "24h-minus-1min", "now", "already-happened"],
    )  # fmt: skip
    def test_boundary(self, ahead: timedelta, expected: bool) -> None:
        assert fires(snapshot(notices=[reboot(NOW + ahead)]), "change-unacknowledged") is expected

    def test_acknowledged_or_told_by_phone_does_not_fire(self) -> None:
        items = [
            reboot(NOW + HOUR, id=1, acknowledged_at=NOW - DAY),
            reboot(NOW + HOUR, id=2, channel=Channel.PHONE),
            reboot(NOW + HOUR, id=3, channel=Channel.VIDEO),
        ]
        assert not fires(snapshot(notices=items), "change-unacknowledged")

    def test_a_call_logged_after_the_e_mail_settles_it(self) -> None:
        call = contact_at(NOW - HOUR, kind=InteractionKind.CALL, channel=Channel.PHONE)
        chat = contact_at(NOW - HOUR, kind=InteractionKind.MESSAGE, channel=Channel.CHAT)
        assert not fires(
            snapshot(notices=[reboot(NOW + HOUR)], interactions=[call]), "change-unacknowledged"
        )
        assert fires(
            snapshot(notices=[reboot(NOW + HOUR)], interactions=[chat]), "change-unacknowledged"
        )

    def test_reboot_across_dst_in_helsinki_seen_from_lisbon(self) -> None:
        # Sunday 25 Oct 2026 03:30 Helsinki happens after clocks went back (EET, UTC+2).
        effective = datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI, fold=1)
        # 24 real hours before (adding hours to a Helsinki time would count wall-clock hours).
        now = effective.astimezone(UTC) - 24 * HOUR
        snap = snapshot(customers=[customer(timezone="Europe/Helsinki")],
                        notices=[reboot(effective, sent_at=now - DAY)])  # fmt: skip
        [risk] = risks(snap, "change-unacknowledged", now=now,
                       settings={"user.timezone": "Europe/Lisbon"})  # fmt: skip
        assert "01:30 your time — 03:30 in Helsinki" in risk.reason
        assert not fires(snap, "change-unacknowledged", now=now - MINUTE)


def moved(sent_before: timedelta, **values: Any) -> NoticeRecord:
    effective = NOW + 2 * DAY
    return notice(
        NoticeKind.RESCHEDULE, effective, sent_at=effective - sent_before,
        title="Design review", commitment_id=values.pop("commitment_id", None), **values,
    )  # fmt: skip


class TestMovedWithoutCall:
    def test_moved_by_unacknowledged_e_mail(self) -> None:
        [risk] = risks(snapshot(notices=[moved(3 * DAY)]), "moved-without-call")
        assert risk.severity == "warning"
        assert "was moved, told by e-mail" in risk.reason and "not acknowledged" in risk.reason
        assert risk.reason.endswith("call Lakeside Dental")

    @pytest.mark.parametrize(
        ("lead", "expected"),
        [(24 * HOUR, False), (24 * HOUR - MINUTE, True), (24 * HOUR + MINUTE, False)],
        ids=["at-24h", "24h-minus-1min", "24h-plus-1min"],
    )
    def test_acknowledged_e_mail_needs_a_call_only_at_short_notice(
        self, lead: timedelta, expected: bool
    ) -> None:
        item = moved(lead, acknowledged_at=NOW + DAY + HOUR)
        now = NOW + 2 * DAY - HOUR  # an hour before the original time
        assert fires(snapshot(notices=[item]), "moved-without-call", now=now) is expected

    def test_phone_at_short_notice_is_a_call(self) -> None:
        item = moved(2 * HOUR, channel=Channel.PHONE)
        assert not fires(snapshot(notices=[item]), "moved-without-call", now=NOW + 2 * DAY - HOUR)

    def test_cancellation_stops_mattering_once_the_time_has_passed(self) -> None:
        item = notice(NoticeKind.CANCELLATION, NOW + DAY, title="Dinner")
        snap = snapshot(notices=[item])
        assert fires(snap, "moved-without-call", now=NOW + DAY)
        assert not fires(snap, "moved-without-call", now=NOW + DAY + MINUTE)

    def test_a_move_matters_until_the_new_time(self) -> None:
        new_time = appointment(NOW + 5 * DAY, id=3)
        snap = snapshot(commitments=[new_time], notices=[moved(3 * DAY, commitment_id=3)])
        assert fires(snap, "moved-without-call", now=NOW + 4 * DAY)
        done = snapshot(
            commitments=[appointment(NOW + 5 * DAY, id=3, status=CommitmentStatus.CANCELLED)],
            notices=[moved(3 * DAY, commitment_id=3)],
        )
        assert not fires(done, "moved-without-call", now=NOW + 4 * DAY)

    def test_logging_the_call_clears_it(self) -> None:
        call = contact_at(NOW, kind=InteractionKind.CALL, channel=Channel.PHONE)
        note = contact_at(NOW, kind=InteractionKind.NOTE)
        assert not fires(
            snapshot(notices=[moved(3 * DAY)], interactions=[call]), "moved-without-call"
        )
        assert fires(snapshot(notices=[moved(3 * DAY)], interactions=[note]), "moved-without-call")

    def test_planned_changes_are_not_moves(self) -> None:
        assert not fires(snapshot(notices=[reboot(NOW + HOUR)]), "moved-without-call")


def test_notices_not_yet_sent_are_not_judged_as_moves() -> None:
    item = notice(NoticeKind.CANCELLATION, NOW + DAY, sent_at=NOW + HOUR)
    assert not fires(snapshot(notices=[item]), "moved-without-call")
    assert datetime(2026, 1, 1, tzinfo=UTC) < NOW
