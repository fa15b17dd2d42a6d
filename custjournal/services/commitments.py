"""Commitments both ways: promises and appointments, moving them, notices, the agenda."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from custjournal.domain import Commitment, Contact, Customer, DueChange, Notice, Project
from custjournal.domain.enums import (
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    FollowUpKind,
    NoticeKind,
)
from custjournal.domain.errors import ValidationError
from custjournal.domain.recurrence import check_rrule
from custjournal.domain.times import zone
from custjournal.services import validate as v
from custjournal.services.commitment_reads import agenda_items

# Notices live in their own module; their functions stay reachable here for existing callers.
from custjournal.services.notices import (
    MAX_DURATION_MINUTES,
    _zone_of,
    acknowledge_notice,
    list_notices,
    planned_changes,
    record_notice,
)
from custjournal.services.uow import get_or_404, unit_of_work
from custjournal.services.views import AgendaItem, CommitmentView
from custjournal.store import Journal


def _name(session: Session, customer_id: int) -> str:
    return session.scalar(select(Customer.name).where(Customer.id == customer_id)) or ""


def _view(session: Session, c: Commitment) -> CommitmentView:
    return CommitmentView.of(c, _name(session, c.customer_id))


def _check_links(
    session: Session, customer_id: int, project_id: int | None, contact_id: int | None
) -> Customer:
    customer = get_or_404(session, Customer, customer_id, "customer")
    if project_id is not None:
        project = session.get(Project, project_id)
        if project is None or project.customer_id != customer_id:
            raise ValidationError("project_id", "is not a project of this customer")
    if contact_id is not None:
        contact = session.get(Contact, contact_id)
        if contact is None or contact.customer_id != customer_id:
            raise ValidationError("contact_id", "is not a contact of this customer")
    return customer


def _create(journal: Journal, *, customer_id: int, now: datetime, **values: Any) -> CommitmentView:
    with unit_of_work(journal) as session:
        customer = _check_links(
            session, customer_id, values.get("project_id"), values.get("contact_id")
        )
        due = values["due_at"]
        commitment = Commitment(
            uid=f"{uuid.uuid4()}@custjournal",
            customer_id=customer_id,
            timezone=values.pop("timezone", None) or _zone_of(due, customer.timezone),
            created_at=now,
            **values,
        )
        session.add(commitment)
        session.flush()
        return CommitmentView.of(commitment, customer.name)


def add_promise(
    journal: Journal,
    *,
    customer_id: int,
    title: str,
    due_at: datetime,
    now: datetime,
    direction: Direction | str = Direction.MINE,
    details: str = "",
    project_id: int | None = None,
    contact_id: int | None = None,
    follow_up: FollowUpKind | str | None = None,
    interaction_id: int | None = None,
) -> CommitmentView:
    return _create(
        journal,
        customer_id=customer_id,
        now=now,
        kind=CommitmentKind.PROMISE,
        title=v.line("title", title, max_len=300, required=True),
        due_at=v.when("due_at", due_at),
        direction=v.enum("direction", Direction, direction),
        details=v.text("details", details, max_len=100_000),
        project_id=project_id,
        contact_id=contact_id,
        follow_up=v.optional_enum("follow_up", FollowUpKind, follow_up),
        interaction_id=interaction_id,
    )


def add_appointment(
    journal: Journal,
    *,
    customer_id: int,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    now: datetime,
    channel: Channel | str = Channel.IN_PERSON,
    location: str = "",
    rrule: str = "",
    confirmed: bool = False,
    direction: Direction | str = Direction.MINE,
    details: str = "",
    project_id: int | None = None,
    contact_id: int | None = None,
    follow_up: FollowUpKind | str | None = None,
) -> CommitmentView:
    start = v.when("starts_at", starts_at)
    chosen = v.enum("channel", Channel, channel)
    place = v.line("location", location, max_len=300)
    if chosen == Channel.IN_PERSON and not place:
        raise ValidationError("location", "an in-person appointment needs a place")
    return _create(
        journal,
        customer_id=customer_id,
        now=now,
        kind=CommitmentKind.APPOINTMENT,
        title=v.line("title", title, max_len=300, required=True),
        due_at=start,
        duration_minutes=v.positive_int(
            "duration_minutes", duration_minutes, maximum=MAX_DURATION_MINUTES
        ),
        channel=chosen,
        location=place,
        rrule=check_rrule(rrule or "", start=start),
        confirmed_at=now if confirmed else None,
        direction=v.enum("direction", Direction, direction),
        details=v.text("details", details, max_len=100_000),
        project_id=project_id,
        contact_id=contact_id,
        follow_up=v.optional_enum("follow_up", FollowUpKind, follow_up),
    )


_EDITABLE: dict[str, Any] = {
    "title": lambda x: v.line("title", x, max_len=300, required=True),
    "details": lambda x: v.text("details", x, max_len=100_000),
    "location": lambda x: v.line("location", x, max_len=300),
    "channel": lambda x: v.optional_enum("channel", Channel, x),
    "duration_minutes": lambda x: v.positive_int(
        "duration_minutes", x, optional=True, maximum=MAX_DURATION_MINUTES
    ),
    "direction": lambda x: v.enum("direction", Direction, x),
    "owner": lambda x: v.line("owner", x, max_len=100),
}


def update_commitment(
    journal: Journal,
    *,
    commitment_id: int,
    expected_version: int | None = None,
    project_id: int | None | object = ...,
    contact_id: int | None | object = ...,
    **fields: Any,
) -> CommitmentView:
    """Edit what a commitment is (title, place, length...); its time moves only through
    reschedule_commitment, so the move and how the customer was told are kept."""
    unknown = set(fields) - set(_EDITABLE)
    if unknown:
        field = sorted(unknown)[0]
        hint = " (move it with reschedule)" if field in ("due_at", "starts_at") else ""
        raise ValidationError(field, f"is not a field that can be edited here{hint}")
    values = {key: _EDITABLE[key](value) for key, value in fields.items()}
    with unit_of_work(journal) as session:
        commitment = get_or_404(session, Commitment, commitment_id, "commitment")
        v.check_version(f"commitment {commitment.title!r}", commitment.version, expected_version)
        links = {
            "project_id": commitment.project_id if project_id is ... else project_id,
            "contact_id": commitment.contact_id if contact_id is ... else contact_id,
        }
        _check_links(session, commitment.customer_id, links["project_id"], links["contact_id"])
        for key, value in {**values, **links}.items():
            setattr(commitment, key, value)
        if commitment.kind == CommitmentKind.APPOINTMENT:
            if not commitment.duration_minutes:
                raise ValidationError("duration_minutes", "an appointment needs a length")
            if commitment.channel == Channel.IN_PERSON and not commitment.location:
                raise ValidationError("location", "an in-person appointment needs a place")
        session.flush()
        return _view(session, commitment)


def _set_status(
    journal: Journal, commitment_id: int, status: CommitmentStatus, now: datetime
) -> CommitmentView:
    with unit_of_work(journal) as session:
        commitment = get_or_404(session, Commitment, commitment_id, "commitment")
        commitment.status = status
        commitment.completed_at = now if status == CommitmentStatus.DONE else None
        session.flush()
        return _view(session, commitment)


def complete_commitment(journal: Journal, *, commitment_id: int, now: datetime) -> CommitmentView:
    return _set_status(journal, commitment_id, CommitmentStatus.DONE, now)


def reopen_commitment(journal: Journal, *, commitment_id: int, now: datetime) -> CommitmentView:
    return _set_status(journal, commitment_id, CommitmentStatus.OPEN, now)


def mark_broken(journal: Journal, *, commitment_id: int, now: datetime) -> CommitmentView:
    return _set_status(journal, commitment_id, CommitmentStatus.BROKEN, now)


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
            if channel is None:
                raise ValidationError(
                    "notice_channel", "say how the customer was told (phone, email, ...)"
                )
            notice = _notice_for(
                commitment,
                kind=NoticeKind.RESCHEDULE,
                channel=channel,
                sent_at=now,
                acknowledged=acknowledged,
                what_changes=f"moved to {new_due.astimezone(_tz(commitment)):%a %d %b %H:%M}",
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
        return _view(session, commitment)


def _tz(commitment: Commitment) -> ZoneInfo:
    return zone(commitment.timezone)


def cancel_commitment(
    journal: Journal,
    *,
    commitment_id: int,
    now: datetime,
    notice_channel: Channel | str | None = None,
    acknowledged: bool = False,
    reason: str = "",
) -> CommitmentView:
    channel = v.optional_enum("notice_channel", Channel, notice_channel)
    why = v.text("reason", reason, max_len=10_000)
    with unit_of_work(journal) as session:
        commitment = get_or_404(session, Commitment, commitment_id, "commitment")
        if commitment.status != CommitmentStatus.OPEN:
            # A kept promise stays kept: cancelling it would rewrite the record of what was done.
            raise ValidationError("status", f"is {commitment.status.value}; only open ones cancel")
        if commitment.kind == CommitmentKind.APPOINTMENT and commitment.direction == (
            Direction.MINE
        ):
            if channel is None:
                raise ValidationError(
                    "notice_channel", "say how the customer was told (phone, email, ...)"
                )
            session.add(
                _notice_for(
                    commitment,
                    kind=NoticeKind.CANCELLATION,
                    channel=channel,
                    sent_at=now,
                    acknowledged=acknowledged,
                    what_changes=why or "cancelled",
                    now=now,
                )
            )
        commitment.status = CommitmentStatus.CANCELLED
        commitment.completed_at = None
        session.flush()
        return _view(session, commitment)


def confirm_appointment(journal: Journal, *, commitment_id: int, now: datetime) -> CommitmentView:
    with unit_of_work(journal) as session:
        commitment = get_or_404(session, Commitment, commitment_id, "commitment")
        if commitment.kind != CommitmentKind.APPOINTMENT:
            raise ValidationError("commitment_id", "only appointments are confirmed")
        commitment.confirmed_at = now
        session.flush()
        return _view(session, commitment)


def get_commitment(journal: Journal, commitment_id: int) -> CommitmentView:
    with journal.reading() as session:
        return _view(session, get_or_404(session, Commitment, commitment_id, "commitment"))


def list_commitments(
    journal: Journal,
    *,
    customer_id: int | None = None,
    status: CommitmentStatus | str | None = None,
    direction: Direction | str | None = None,
    kind: CommitmentKind | str | None = None,
    project_id: int | None = None,
) -> list[CommitmentView]:
    stmt = select(Commitment, Customer.name).join(Customer).order_by(Commitment.due_at)
    if customer_id is not None:
        stmt = stmt.where(Commitment.customer_id == customer_id)
    if project_id is not None:
        stmt = stmt.where(Commitment.project_id == project_id)
    if status is not None:
        stmt = stmt.where(Commitment.status == v.enum("status", CommitmentStatus, status))
    if direction is not None:
        stmt = stmt.where(Commitment.direction == v.enum("direction", Direction, direction))
    if kind is not None:
        stmt = stmt.where(Commitment.kind == v.enum("kind", CommitmentKind, kind))
    with journal.reading() as session:
        return [CommitmentView.of(c, name) for c, name in session.execute(stmt)]


def agenda(
    journal: Journal, *, start: datetime, end: datetime, customer_id: int | None = None
) -> list[AgendaItem]:
    """Open commitments falling between start and end, recurring ones expanded, by time."""
    # Read as plain rows through the (status, due) indexes: see commitment_reads.
    return agenda_items(journal, start=start, end=end, customer_id=customer_id)


def delete_commitment(journal: Journal, *, commitment_id: int) -> CommitmentView:
    with unit_of_work(journal) as session:
        commitment = get_or_404(session, Commitment, commitment_id, "commitment")
        view = _view(session, commitment)
        session.delete(commitment)
        return view


__all__ = [
    "acknowledge_notice",
    "add_appointment",
    "add_promise",
    "agenda",
    "cancel_commitment",
    "complete_commitment",
    "confirm_appointment",
    "delete_commitment",
    "get_commitment",
    "list_commitments",
    "list_notices",
    "mark_broken",
    "planned_changes",
    "record_notice",
    "reopen_commitment",
    "reschedule_commitment",
    "update_commitment",
]
