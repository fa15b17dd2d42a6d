"""A commitment's course: done, reopened, broken, confirmed, moved or cancelled.

Moving or cancelling an appointment records how the customer was told (a Notice), and every
move keeps the old and new time (a DueChange): the history the risk rules read.
"""

from __future__ import annotations

from datetime import datetime

from custjournal.domain import Commitment, DueChange, Notice
from custjournal.domain.enums import (
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    NoticeKind,
)
from custjournal.domain.errors import ValidationError
from custjournal.domain.times import zone
from custjournal.services import validate as v
from custjournal.services.commitment_base import commitment_view
from custjournal.services.commitment_views import CommitmentView
from custjournal.services.uow import get_or_404, unit_of_work
from custjournal.store import Journal

# Where each status change may start from. On a team journal two people act on the same
# commitment: a promise a colleague cancelled must not turn up "done", nor a kept one
# "broken", because someone clicked on what their window showed a minute ago.
_FROM: dict[CommitmentStatus, frozenset[CommitmentStatus]] = {
    # A broken promise can still be delivered late.
    CommitmentStatus.DONE: frozenset({CommitmentStatus.OPEN, CommitmentStatus.BROKEN}),
    CommitmentStatus.BROKEN: frozenset({CommitmentStatus.OPEN}),
    CommitmentStatus.OPEN: frozenset(
        {CommitmentStatus.DONE, CommitmentStatus.BROKEN, CommitmentStatus.CANCELLED}
    ),
}


def _check_change(commitment: Commitment, status: CommitmentStatus) -> None:
    current = commitment.status
    if current in _FROM[status]:
        return
    if current == status:
        raise ValidationError("status", f"is {current.value} already")
    raise ValidationError("status", f"is {current.value}; reopen it first")


def _set_status(
    journal: Journal, commitment_id: int, status: CommitmentStatus, now: datetime
) -> CommitmentView:
    with unit_of_work(journal) as session:
        commitment = get_or_404(session, Commitment, commitment_id, "commitment")
        _check_change(commitment, status)
        commitment.status = status
        commitment.completed_at = now if status == CommitmentStatus.DONE else None
        session.flush()
        return commitment_view(session, commitment)


def complete_commitment(journal: Journal, *, commitment_id: int, now: datetime) -> CommitmentView:
    return _set_status(journal, commitment_id, CommitmentStatus.DONE, now)


def reopen_commitment(journal: Journal, *, commitment_id: int, now: datetime) -> CommitmentView:
    return _set_status(journal, commitment_id, CommitmentStatus.OPEN, now)


def mark_broken(journal: Journal, *, commitment_id: int, now: datetime) -> CommitmentView:
    return _set_status(journal, commitment_id, CommitmentStatus.BROKEN, now)


def confirm_appointment(journal: Journal, *, commitment_id: int, now: datetime) -> CommitmentView:
    with unit_of_work(journal) as session:
        commitment = get_or_404(session, Commitment, commitment_id, "commitment")
        if commitment.kind != CommitmentKind.APPOINTMENT:
            raise ValidationError("commitment_id", "only appointments are confirmed")
        commitment.confirmed_at = now
        session.flush()
        return commitment_view(session, commitment)


def _notice_for(
    commitment: Commitment,
    *,
    kind: NoticeKind,
    channel: Channel,
    sent_at: datetime,
    acknowledged: bool,
    what_changes: str,
    now: datetime,
) -> Notice:
    return Notice(
        customer_id=commitment.customer_id,
        commitment_id=commitment.id,
        kind=kind,
        title=commitment.title,
        what_changes=what_changes,
        effective_at=commitment.due_at,
        timezone=commitment.timezone,
        duration_minutes=commitment.duration_minutes,
        channel=channel,
        sent_at=sent_at,
        acknowledged_at=sent_at if acknowledged else None,
        created_at=now,
    )


def _told_by(channel: Channel | None) -> Channel:
    if channel is None:
        raise ValidationError("notice_channel", "say how the customer was told (phone, email, ...)")
    return channel


def reschedule_commitment(
    journal: Journal,
    *,
    commitment_id: int,
    new_due_at: datetime,
    now: datetime,
    reason: str = "",
    notice_channel: Channel | str | None = None,
    acknowledged: bool = False,
) -> CommitmentView:
    """Move a commitment; moving an appointment records how the customer was told."""
    new_due = v.when("new_due_at", new_due_at)
    why = v.text("reason", reason, max_len=10_000)
    channel = v.optional_enum("notice_channel", Channel, notice_channel)
    with unit_of_work(journal) as session:
        commitment = get_or_404(session, Commitment, commitment_id, "commitment")
        if commitment.status != CommitmentStatus.OPEN:
            raise ValidationError("status", f"is {commitment.status.value}; reopen it first")
        if new_due == commitment.due_at:
            raise ValidationError("new_due_at", "is the time it already has")
        notice = None
        if commitment.kind == CommitmentKind.APPOINTMENT:
            told = _told_by(channel)
            local = new_due.astimezone(zone(commitment.timezone))
            notice = _notice_for(
                commitment,
                kind=NoticeKind.RESCHEDULE,
                channel=told,
                sent_at=now,
                acknowledged=acknowledged,
                what_changes=f"moved to {local:%a %d %b %H:%M}",
                now=now,
            )
            session.add(notice)
            session.flush()
            # A moved appointment needs the customer's confirmation again.
            commitment.confirmed_at = now if acknowledged else None
        session.add(
            DueChange(
                commitment_id=commitment.id,
                changed_at=now,
                old_due_at=commitment.due_at,
                new_due_at=new_due,
                reason=why,
                notice_id=notice.id if notice else None,
            )
        )
        commitment.due_at = new_due
        session.flush()
        return commitment_view(session, commitment)


def cancel_commitment(
    journal: Journal,
    *,
    commitment_id: int,
    now: datetime,
    notice_channel: Channel | str | None = None,
    acknowledged: bool = False,
    reason: str = "",
    told_already: bool = False,
) -> CommitmentView:
    """Cancel an open commitment; cancelling my appointment records how the customer was
    told (a Notice), unless `told_already` (undoing a delete: that notice is still there)."""
    channel = v.optional_enum("notice_channel", Channel, notice_channel)
    why = v.text("reason", reason, max_len=10_000)
    with unit_of_work(journal) as session:
        commitment = get_or_404(session, Commitment, commitment_id, "commitment")
        if commitment.status != CommitmentStatus.OPEN:
            # A kept promise stays kept: cancelling it would rewrite the record of what was done.
            raise ValidationError("status", f"is {commitment.status.value}; only open ones cancel")
        mine = commitment.direction == Direction.MINE
        if commitment.kind == CommitmentKind.APPOINTMENT and mine and not told_already:
            session.add(
                _notice_for(
                    commitment,
                    kind=NoticeKind.CANCELLATION,
                    channel=_told_by(channel),
                    sent_at=now,
                    acknowledged=acknowledged,
                    what_changes=why or "cancelled",
                    now=now,
                )
            )
        commitment.status = CommitmentStatus.CANCELLED
        commitment.completed_at = None
        session.flush()
        return commitment_view(session, commitment)
