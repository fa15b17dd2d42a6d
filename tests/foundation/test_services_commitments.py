"""Commitments both ways: validation, moving with a notice, cancelling, the agenda."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from custjournal.domain import DueChange, Notice
from custjournal.domain.enums import (
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    NoticeKind,
)
from custjournal.domain.errors import NotFoundError, ValidationError
from custjournal.services import commitments, customers
from custjournal.services.views import CustomerView
from custjournal.store import Journal

from .conftest import snapshot

HELSINKI = ZoneInfo("Europe/Helsinki")
LISBON = ZoneInfo("Europe/Lisbon")


def _appointment(journal: Journal, customer: CustomerView, now: datetime, **extra: Any) -> Any:
    values: dict[str, Any] = {
        "title": "Switch-over review",
        "starts_at": datetime(2026, 11, 26, 9, 0, tzinfo=HELSINKI),
        "duration_minutes": 60,
        "location": "Lakeside Dental, Helsinki",
        **extra,
    }
    return commitments.add_appointment(journal, customer_id=customer.id, now=now, **values)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"starts_at": datetime(2026, 11, 26, 9, 0)}, "starts_at"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": -30}, "duration_minutes"),
        ({"duration_minutes": 10**7}, "duration_minutes"),
        ({"channel": "pigeon"}, "channel"),
        ({"location": ""}, "location"),  # in person needs a place
        ({"rrule": "FREQ=SECONDLY"}, "rrule"),
        ({"rrule": "FREQ=DAILY;INTERVAL=0"}, "rrule"),
        ({"direction": "ours"}, "direction"),
        ({"follow_up": "party"}, "follow_up"),
        ({"project_id": 999}, "project_id"),
        ({"contact_id": 999}, "contact_id"),
    ],
)
def test_add_appointment_refuses_bad_input_naming_the_field(
    journal: Journal, helsinki: CustomerView, now: datetime, fields: dict[str, Any], field: str
) -> None:
    before = snapshot(journal)
    with pytest.raises(ValidationError) as caught:
        _appointment(journal, helsinki, now, **fields)
    assert caught.value.field == field
    assert snapshot(journal) == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"due_at": "friday"}, "due_at"),
        ({"due_at": datetime(2026, 11, 27, 17, 0)}, "due_at"),
        ({"direction": "both"}, "direction"),
    ],
)
def test_add_promise_refuses_bad_input_naming_the_field(
    journal: Journal, helsinki: CustomerView, now: datetime, fields: dict[str, Any], field: str
) -> None:
    values = {"title": "Send the quote", "due_at": now + timedelta(days=2), **fields}
    with pytest.raises(ValidationError) as caught:
        commitments.add_promise(journal, customer_id=helsinki.id, now=now, **values)
    assert caught.value.field == field


def test_a_contact_of_another_customer_is_refused(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    other = customers.create_customer(journal, name="Other", now=now, timezone="UTC")
    stranger = customers.add_contact(journal, customer_id=other.id, name="Stranger")
    before = snapshot(journal)
    with pytest.raises(ValidationError) as caught:
        commitments.add_promise(
            journal, customer_id=helsinki.id, title="x", due_at=now, now=now,
            contact_id=stranger.id,
        )  # fmt: skip
    assert caught.value.field == "contact_id"
    assert snapshot(journal) == before


def test_a_promise_keeps_the_zone_it_was_entered_in(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    due = datetime(2026, 11, 27, 17, 0, tzinfo=LISBON)
    theirs = commitments.add_promise(
        journal, customer_id=helsinki.id, title="Send mailbox list", due_at=due, now=now,
        direction="theirs",
    )  # fmt: skip
    assert theirs.timezone == "Europe/Lisbon"
    assert theirs.direction == Direction.THEIRS
    assert theirs.kind == CommitmentKind.PROMISE
    assert theirs.due_at == due
    stored = commitments.get_commitment(journal, theirs.id)
    assert stored.due_at == due and stored.due_at.tzinfo == UTC
    assert stored.due_at.astimezone(LISBON).hour == 17
    offset = commitments.add_promise(
        journal, customer_id=helsinki.id, title="x", due_at=datetime(2026, 11, 27, tzinfo=UTC),
        now=now,
    )  # fmt: skip
    assert offset.timezone == "Europe/Helsinki"  # a bare offset names no zone: the customer's


def test_done_and_reopen_use_the_given_clock(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    promise = commitments.add_promise(
        journal, customer_id=helsinki.id, title="Quote", due_at=now, now=now
    )
    later = datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC)
    done = commitments.complete_commitment(journal, commitment_id=promise.id, now=later)
    assert (done.status, done.completed_at) == (CommitmentStatus.DONE, later)
    reopened = commitments.reopen_commitment(journal, commitment_id=promise.id, now=later)
    assert (reopened.status, reopened.completed_at) == (CommitmentStatus.OPEN, None)
    with pytest.raises(NotFoundError):
        commitments.complete_commitment(journal, commitment_id=999, now=later)


def test_a_status_change_starts_only_from_where_it_can(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    """Two colleagues on one journal: a promise one cancelled does not turn up done because
    the other clicked on what their window showed earlier; a kept one is not made broken."""
    cancelled = commitments.add_promise(
        journal, customer_id=helsinki.id, title="Quote", due_at=now, now=now
    )
    commitments.cancel_commitment(journal, commitment_id=cancelled.id, now=now)
    kept = commitments.add_promise(
        journal, customer_id=helsinki.id, title="Agenda", due_at=now, now=now
    )
    commitments.complete_commitment(journal, commitment_id=kept.id, now=now)
    before = snapshot(journal)
    for change, target, message in (
        (commitments.complete_commitment, cancelled, "is cancelled; reopen it first"),
        (commitments.mark_broken, cancelled, "is cancelled; reopen it first"),
        (commitments.complete_commitment, kept, "is done already"),
        (commitments.mark_broken, kept, "is done; reopen it first"),
    ):
        with pytest.raises(ValidationError) as caught:
            change(journal, commitment_id=target.id, now=now)
        assert (caught.value.field, caught.value.problem) == ("status", message)
    assert snapshot(journal) == before
    broken = commitments.mark_broken(
        journal,
        commitment_id=commitments.reopen_commitment(journal, commitment_id=kept.id, now=now).id,
        now=now,
    )
    # A broken promise can still be delivered late, and a reopened one is open.
    late = commitments.complete_commitment(journal, commitment_id=broken.id, now=now)
    assert late.status == CommitmentStatus.DONE
    reopened = commitments.reopen_commitment(journal, commitment_id=cancelled.id, now=now)
    assert reopened.status == CommitmentStatus.OPEN
    with pytest.raises(ValidationError, match="is open already"):
        commitments.reopen_commitment(journal, commitment_id=cancelled.id, now=now)


def test_moving_an_appointment_records_a_due_change_and_a_notice(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    appointment = _appointment(journal, helsinki, now, confirmed=True)
    assert appointment.confirmed_at == now
    new_start = datetime(2026, 11, 27, 14, 0, tzinfo=HELSINKI)
    moved = commitments.reschedule_commitment(
        journal, commitment_id=appointment.id, new_due_at=new_start, now=now,
        reason="Server delivery late", notice_channel="phone",
    )  # fmt: skip
    assert moved.due_at == new_start
    assert moved.confirmed_at is None  # the customer must confirm the new time
    with journal.reading() as session:
        (change,) = session.scalars(select(DueChange)).all()
        (notice,) = session.scalars(select(Notice)).all()
        assert change.commitment_id == appointment.id
        assert change.old_due_at == appointment.due_at
        assert change.new_due_at == new_start
        assert change.changed_at == now
        assert change.reason == "Server delivery late"
        assert change.notice_id == notice.id
        assert notice.kind == NoticeKind.RESCHEDULE
        assert notice.channel == Channel.PHONE
        assert notice.commitment_id == appointment.id
        assert notice.effective_at == appointment.due_at  # the start that no longer holds
        assert notice.sent_at == now
        assert notice.acknowledged_at is None
        assert notice.what_changes == "moved to Fri 27 Nov 14:00"


def test_moving_an_appointment_without_saying_how_they_were_told_writes_nothing(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    appointment = _appointment(journal, helsinki, now)
    before = snapshot(journal)
    for kwargs, field in (
        ({"notice_channel": None}, "notice_channel"),
        ({"notice_channel": "smoke signal"}, "notice_channel"),
        ({"notice_channel": "phone", "new_due_at": appointment.due_at}, "new_due_at"),
        ({"notice_channel": "phone", "new_due_at": datetime(2026, 11, 27, 9, 0)}, "new_due_at"),
    ):
        values = {"new_due_at": appointment.due_at + timedelta(days=1), **kwargs}
        with pytest.raises(ValidationError) as caught:
            commitments.reschedule_commitment(
                journal, commitment_id=appointment.id, now=now, **values
            )
        assert caught.value.field == field
    assert snapshot(journal) == before


def test_an_acknowledged_move_counts_as_confirmed_and_an_ack_later_confirms(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    first = _appointment(journal, helsinki, now)
    moved = commitments.reschedule_commitment(
        journal, commitment_id=first.id, new_due_at=first.due_at + timedelta(hours=2), now=now,
        notice_channel="email", acknowledged=True,
    )  # fmt: skip
    assert moved.confirmed_at == now
    second = _appointment(journal, helsinki, now, title="Other")
    commitments.reschedule_commitment(
        journal, commitment_id=second.id, new_due_at=second.due_at + timedelta(days=1), now=now,
        notice_channel="email",
    )  # fmt: skip
    (notice,) = [n for n in commitments.list_notices(journal) if n.commitment_id == second.id]
    later = now + timedelta(hours=3)
    acked = commitments.acknowledge_notice(journal, notice_id=notice.id, now=later, by="Liisa")
    assert (acked.acknowledged_at, acked.acknowledged_by) == (later, "Liisa")
    assert commitments.get_commitment(journal, second.id).confirmed_at == later


def test_moving_a_promise_records_history_without_a_notice(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    promise = commitments.add_promise(
        journal, customer_id=helsinki.id, title="Quote", due_at=now, now=now
    )
    commitments.reschedule_commitment(
        journal, commitment_id=promise.id, new_due_at=now + timedelta(days=1), now=now
    )
    with journal.reading() as session:
        (change,) = session.scalars(select(DueChange)).all()
        assert change.notice_id is None
        assert session.scalars(select(Notice)).all() == []


def test_cancelling_my_appointment_needs_a_channel_and_records_a_notice(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    appointment = _appointment(journal, helsinki, now)
    before = snapshot(journal)
    with pytest.raises(ValidationError) as caught:
        commitments.cancel_commitment(journal, commitment_id=appointment.id, now=now)
    assert caught.value.field == "notice_channel"
    assert snapshot(journal) == before
    cancelled = commitments.cancel_commitment(
        journal, commitment_id=appointment.id, now=now, notice_channel="phone",
        reason="Liisa is ill",
    )  # fmt: skip
    assert cancelled.status == CommitmentStatus.CANCELLED
    (notice,) = commitments.list_notices(journal)
    assert (notice.kind, notice.what_changes) == (NoticeKind.CANCELLATION, "Liisa is ill")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "rumour"}, "kind"),
        ({"what_changes": ""}, "what_changes"),  # a planned change says exactly what
        ({"channel": "carrier pigeon"}, "channel"),
        ({"title": ""}, "title"),
        ({"effective_at": datetime(2026, 11, 28, 22, 0)}, "effective_at"),
        ({"acknowledged_at": datetime(2026, 11, 20, 9, 0, tzinfo=UTC)}, "acknowledged_at"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"commitment_id": 999}, "commitment_id"),
    ],
)
def test_record_notice_refuses_bad_input_naming_the_field(
    journal: Journal, helsinki: CustomerView, now: datetime, fields: dict[str, Any], field: str
) -> None:
    values = {
        "kind": "planned-change",
        "title": "Mail server reboot",
        "what_changes": "Mail is down 22:00-23:00",
        "effective_at": datetime(2026, 11, 28, 22, 0, tzinfo=HELSINKI),
        "channel": "email",
        "sent_at": now,
        **fields,
    }
    before = snapshot(journal)
    with pytest.raises(ValidationError) as caught:
        commitments.record_notice(journal, customer_id=helsinki.id, now=now, **values)
    assert caught.value.field == field
    assert snapshot(journal) == before


def test_agenda_expands_recurring_appointments_and_sorts_by_time(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    lisbon = customers.create_customer(journal, name="Porto Tiles", now=now, timezone=LISBON.key)
    weekly = _appointment(
        journal, helsinki, now, title="Weekly stand-up", channel="video", location="",
        starts_at=datetime(2026, 10, 1, 9, 0, tzinfo=HELSINKI), rrule="FREQ=WEEKLY;BYDAY=TU,TH",
    )  # fmt: skip
    one_off = _appointment(
        journal, lisbon, now, title="Showroom visit", location="Porto",
        starts_at=datetime(2026, 11, 26, 7, 30, tzinfo=LISBON),
    )  # fmt: skip
    promise = commitments.add_promise(
        journal, customer_id=lisbon.id, title="Send tiles catalogue",
        due_at=datetime(2026, 11, 24, 17, 0, tzinfo=LISBON), now=now,
    )  # fmt: skip
    gone = _appointment(journal, helsinki, now, title="Cancelled one", channel="video")
    commitments.cancel_commitment(journal, commitment_id=gone.id, now=now, notice_channel="phone")
    past = _appointment(
        journal, helsinki, now, title="Yesterday", starts_at=now - timedelta(days=1)
    )

    items = commitments.agenda(journal, start=now, end=now + timedelta(days=7))
    got = [(i.starts_at.astimezone(UTC).strftime("%a %d %H:%M"), i.commitment.id) for i in items]
    assert got == [
        ("Tue 24 07:00", weekly.id),  # 09:00 in Helsinki, winter time
        ("Tue 24 17:00", promise.id),
        ("Thu 26 07:00", weekly.id),
        ("Thu 26 07:30", one_off.id),
    ]
    assert past.id not in {i.commitment.id for i in items}
    assert all(i.starts_at.astimezone(HELSINKI).hour == 9 for i in items if i.commitment.rrule)
    assert items[0].ends_at - items[0].starts_at == timedelta(minutes=60)
    only = commitments.agenda(
        journal, start=now, end=now + timedelta(days=7), customer_id=lisbon.id
    )
    assert [i.commitment.id for i in only] == [promise.id, one_off.id]
    with pytest.raises(ValidationError) as caught:
        commitments.agenda(journal, start=now, end=now - timedelta(days=1))
    assert caught.value.field == "end"


def test_agenda_keeps_a_helsinki_series_at_nine_across_the_october_change(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    weekly = _appointment(
        journal, helsinki, now, title="Friday review", channel="video", location="",
        starts_at=datetime(2026, 10, 9, 9, 0, tzinfo=HELSINKI), rrule="FREQ=WEEKLY",
    )  # fmt: skip
    items = commitments.agenda(
        journal,
        start=datetime(2026, 10, 10, tzinfo=UTC),
        end=datetime(2026, 11, 1, tzinfo=UTC),
    )
    assert [i.commitment.id for i in items] == [weekly.id] * 3
    assert [i.starts_at.astimezone(HELSINKI).strftime("%d %H:%M") for i in items] == [
        "16 09:00",
        "23 09:00",
        "30 09:00",
    ]
    assert [i.starts_at.astimezone(LISBON).strftime("%H:%M") for i in items] == ["07:00"] * 3
