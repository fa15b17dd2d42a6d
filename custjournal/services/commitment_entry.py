"""Recording commitments and editing what they are: promises and appointments, both ways."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from custjournal.domain import Commitment
from custjournal.domain.enums import Channel, CommitmentKind, Direction, FollowUpKind
from custjournal.domain.errors import ValidationError
from custjournal.domain.recurrence import check_rrule
from custjournal.domain.times import MAX_DURATION_MINUTES
from custjournal.services import validate as v
from custjournal.services.commitment_base import (
    check_links,
    commitment_view,
    entered_zone,
)
from custjournal.services.commitment_views import CommitmentView
from custjournal.services.uow import get_or_404, unit_of_work
from custjournal.store import Journal


def _create(journal: Journal, *, customer_id: int, now: datetime, **values: Any) -> CommitmentView:
    with unit_of_work(journal) as session:
        customer = check_links(
            session, customer_id, values.get("project_id"), values.get("contact_id")
        )
        due = values["due_at"]
        commitment = Commitment(
            uid=f"{uuid.uuid4()}@custjournal",
            customer_id=customer_id,
            timezone=values.pop("timezone", None) or entered_zone(due, customer.timezone),
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
    owner: str = "",
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
        owner=_owner(owner, direction),
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
    owner: str = "",
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
        owner=_owner(owner, direction),
    )


def _owner(owner: str, direction: Direction | str) -> str:
    """Which consultant made the promise or goes to the meeting; only our side has one."""
    name = v.line("owner", owner, max_len=100)
    if name and v.enum("direction", Direction, direction) == Direction.THEIRS:
        raise ValidationError(
            "owner", "only your side's promises have an owner, not the customer's"
        )
    return name


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
        check_links(session, commitment.customer_id, links["project_id"], links["contact_id"])
        for key, value in {**values, **links}.items():
            setattr(commitment, key, value)
        if commitment.direction == Direction.THEIRS and commitment.owner:
            if values.get("owner"):
                _owner(values["owner"], Direction.THEIRS)  # refused, naming the field
            commitment.owner = ""  # the customer's now: nobody on our side owns it
        if commitment.kind == CommitmentKind.APPOINTMENT:
            if not commitment.duration_minutes:
                raise ValidationError("duration_minutes", "an appointment needs a length")
            if commitment.channel == Channel.IN_PERSON and not commitment.location:
                raise ValidationError("location", "an in-person appointment needs a place")
        session.flush()
        return commitment_view(session, commitment)
