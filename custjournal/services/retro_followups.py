"""After a project: propose the follow-ups that bring the next job, and put them in the agenda."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from custjournal.domain import Commitment, Customer, NotFoundError, Project, ValidationError
from custjournal.domain.enums import (
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    FollowUpKind,
)
from custjournal.domain.times import localize, require_aware, zone
from custjournal.services import validate as v
from custjournal.store import Journal

POST_PROJECT_KINDS = (FollowUpKind.CELEBRATION, FollowUpKind.FEEDBACK, FollowUpKind.CHECK_IN)


@dataclass(frozen=True, slots=True)
class FollowUpProposal:
    """A suggested follow-up; change `due_at` (dataclasses.replace) before scheduling it."""

    follow_up: FollowUpKind
    kind: CommitmentKind
    title: str
    details: str
    due_at: datetime
    timezone: str
    duration_minutes: int | None
    channel: Channel | None


@dataclass(frozen=True, slots=True)
class ScheduledFollowUp:
    id: int
    follow_up: FollowUpKind
    title: str
    due_at: datetime


def _working_day(day: datetime) -> datetime:
    """Weekends move to Monday: a celebration lunch on a Sunday is nobody's treat."""
    shift = {5: 2, 6: 1}.get(day.weekday(), 0)
    return day + timedelta(days=shift)


def _at(day: datetime, at: time, tz: str, now: datetime, *, late_offset: int) -> datetime:
    local = zone(tz)
    when = localize(datetime.combine(_working_day(day).date(), at), local)
    if when <= now:
        # A date in the past is useless: count from tomorrow instead, keeping the order
        # (thank them first, ask for feedback a week later).
        later = now.astimezone(local) + timedelta(days=1 + late_offset)
        when = localize(datetime.combine(_working_day(later).date(), at), local)
    return when


def propose_follow_ups(
    journal: Journal, *, project_id: int, now: datetime
) -> list[FollowUpProposal]:
    """Celebration ~1 week after delivery, feedback ~2 weeks, check-in ~3 months.

    Dates count from delivery (else the agreed end, else now), at local hours in the customer's
    zone; a kind already scheduled for this project is not proposed again.
    """
    require_aware(now, "now")
    with journal.reading() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise NotFoundError("project", project_id)
        customer = session.get(Customer, project.customer_id)
        assert customer is not None
        existing = set(
            session.scalars(
                select(Commitment.follow_up).where(
                    Commitment.project_id == project_id,
                    Commitment.follow_up.in_(POST_PROJECT_KINDS),
                    Commitment.status != CommitmentStatus.CANCELLED,
                )
            )
        )
        tz = customer.timezone or "UTC"
        local = zone(tz)
        if project.delivered_at is not None:
            base = project.delivered_at.astimezone(local)
        elif project.end_date is not None:
            base = localize(datetime.combine(project.end_date, time(17, 0)), local)
        else:
            base = now.astimezone(local)
        name, who = project.name, customer.name
        check_in_channel = customer.preferred_channel or Channel.PHONE
    proposals = [
        FollowUpProposal(
            FollowUpKind.CELEBRATION,
            CommitmentKind.APPOINTMENT,
            f"Celebration lunch with {who}: {name} delivered",
            "Thank them, no agenda; a dinner instead if that suits them better.",
            _at(base + timedelta(days=7), time(12, 0), tz, now, late_offset=0),
            tz,
            90,
            Channel.IN_PERSON,
        ),
        FollowUpProposal(
            FollowUpKind.FEEDBACK,
            CommitmentKind.PROMISE,
            f"Ask {who} for feedback on {name}",
            "What worked, what should we do differently, would they recommend us?",
            _at(base + timedelta(days=14), time(10, 0), tz, now, late_offset=7),
            tz,
            None,
            None,
        ),
        FollowUpProposal(
            FollowUpKind.CHECK_IN,
            CommitmentKind.APPOINTMENT,
            f"Check-in with {who}: how is {name} holding up, what is next?",
            "Ask how the delivered work is used and what they are planning next.",
            _at(base + relativedelta(months=3), time(10, 0), tz, now, late_offset=30),
            tz,
            30,
            check_in_channel,
        ),
    ]
    return [p for p in proposals if p.follow_up not in existing]


def check_follow_ups(proposals: list[FollowUpProposal], *, now: datetime) -> None:
    """Refuse proposals that cannot be scheduled (naming the field), before anything is saved."""
    require_aware(now, "now")
    for index, p in enumerate(proposals):
        require_aware(p.due_at, f"proposals[{index}].due_at")
        if p.due_at <= now:
            raise ValidationError(f"proposals[{index}].due_at", "is in the past; pick a later date")
        if not p.title.strip():
            raise ValidationError(f"proposals[{index}].title", "is empty")
        zone(p.timezone, f"proposals[{index}].timezone")


def schedule_follow_ups(
    journal: Journal,
    *,
    project_id: int,
    proposals: list[FollowUpProposal],
    now: datetime,
    owner: str = "",
) -> list[ScheduledFollowUp]:
    """Create the accepted proposals as my commitments on the project (owned by `owner`, who
    is at this computer), in one unit of work."""
    check_follow_ups(proposals, now=now)
    owner = v.line("owner", owner, max_len=100)
    with journal.transaction() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise NotFoundError("project", project_id)
        rows = [
            Commitment(
                uid=f"{uuid.uuid4()}@custjournal",
                customer_id=project.customer_id,
                project_id=project_id,
                kind=p.kind,
                direction=Direction.MINE,
                title=p.title.strip(),
                details=p.details,
                due_at=p.due_at,
                timezone=p.timezone,
                duration_minutes=p.duration_minutes,
                channel=p.channel,
                follow_up=p.follow_up,
                status=CommitmentStatus.OPEN,
                owner=owner,
                created_at=now,
            )
            for p in proposals
        ]
        session.add_all(rows)
        session.flush()
        return [
            ScheduledFollowUp(r.id, p.follow_up, r.title, r.due_at)
            for r, p in zip(rows, proposals, strict=True)
        ]
