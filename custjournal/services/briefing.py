"""The pre-meeting briefing: everything worth knowing about a customer on one page."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from custjournal.domain import (
    Commitment,
    Contact,
    Customer,
    CustomerQuestion,
    Interaction,
    NotFoundError,
    Notice,
    Project,
    ValidationError,
)
from custjournal.domain.enums import (
    NON_CONTACT_KINDS,
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    InteractionKind,
    ProjectStatus,
)
from custjournal.domain.times import format_dual, humanize_delta, require_aware
from custjournal.services.briefing_guidance import (
    stage_guidance,
    temperament_guidance,
)
from custjournal.services.briefing_model import (
    Briefing,
    ContactLine,
    InteractionLine,
    Meeting,
    PromiseLine,
    RiskLine,
)
from custjournal.services.briefing_questions import questions_to_ask
from custjournal.services.drift import project_terms
from custjournal.services.etiquette import reminders_for_customer
from custjournal.services.settings import get_setting, user_timezone
from custjournal.store import Journal

if TYPE_CHECKING:
    from custjournal.rules import Risk

LAST_INTERACTIONS = 5
MAX_PROMISES = 12
OPEN_PROJECT_STATUSES = (
    ProjectStatus.PROPOSED,
    ProjectStatus.AGREED,
    ProjectStatus.RUNNING,
    ProjectStatus.DELIVERED,
)
IN_PERSON_KINDS = (InteractionKind.VISIT, InteractionKind.MEAL)
__all__ = [
    "Briefing",
    "ContactLine",
    "InteractionLine",
    "Meeting",
    "PromiseLine",
    "RiskLine",
    "build_briefing",
]
SHOWN_ELSEWHERE = frozenset({"first-meeting-etiquette"})


def _dual(value: datetime, user_tz: str, other_tz: str) -> str:
    return format_dual(value, user_tz=user_tz, other_tz=other_tz, fmt="%a %d %b %Y %H:%M")


def _pick_appointment(
    session: Session, customer_id: int, appointment_id: int | None, now: datetime
) -> tuple[Commitment | None, bool]:
    if appointment_id is not None:
        row = session.get(Commitment, appointment_id)
        if row is None:
            raise NotFoundError("appointment", appointment_id)
        if row.kind != CommitmentKind.APPOINTMENT:
            raise ValidationError("appointment", f"{appointment_id} is a promise, not a meeting")
        if row.customer_id != customer_id:
            raise ValidationError("appointment", f"{appointment_id} belongs to another customer")
        return row, True
    upcoming = session.scalars(
        select(Commitment)
        .where(
            Commitment.customer_id == customer_id,
            Commitment.kind == CommitmentKind.APPOINTMENT,
            Commitment.status == CommitmentStatus.OPEN,
            Commitment.due_at >= now,
        )
        .order_by(Commitment.due_at, Commitment.id)
        .limit(1)
    ).first()
    return upcoming, False


def _met_in_person_before(session: Session, customer_id: int, before: datetime) -> bool:
    """Any earlier face-to-face contact: an in-person note, a visit, a meal, a meeting
    without channel (assumed face to face), or a kept in-person appointment."""
    interaction = session.scalar(
        select(Interaction.id)
        .where(
            Interaction.customer_id == customer_id,
            Interaction.occurred_at < before,
            or_(
                Interaction.channel == Channel.IN_PERSON,
                Interaction.kind.in_(IN_PERSON_KINDS),
                (Interaction.kind == InteractionKind.MEETING) & Interaction.channel.is_(None),
            ),
        )
        .limit(1)
    )
    if interaction is not None:
        return True
    appointment = session.scalar(
        select(Commitment.id)
        .where(
            Commitment.customer_id == customer_id,
            Commitment.kind == CommitmentKind.APPOINTMENT,
            Commitment.channel == Channel.IN_PERSON,
            Commitment.status == CommitmentStatus.DONE,
            Commitment.due_at < before,
        )
        .limit(1)
    )
    return appointment is not None


def _meeting(
    session: Session, row: Commitment, chosen: bool, user_tz: str, customer: Customer
) -> Meeting:
    project = session.get(Project, row.project_id) if row.project_id else None
    contact = session.get(Contact, row.contact_id) if row.contact_id else None
    in_person = row.channel == Channel.IN_PERSON
    return Meeting(
        appointment_id=row.id,
        title=row.title,
        starts_at=row.due_at,
        when=_dual(row.due_at, user_tz, row.timezone or customer.timezone),
        duration_minutes=row.duration_minutes,
        location=row.location,
        channel=row.channel,
        confirmed=row.confirmed_at is not None,
        status=row.status.value,
        project_name=project.name if project else "",
        contact_name=contact.name if contact else "",
        first_in_person=in_person and not _met_in_person_before(session, customer.id, row.due_at),
        chosen=chosen,
    )


def _promises(
    session: Session, customer: Customer, now: datetime, user_tz: str
) -> tuple[list[PromiseLine], list[PromiseLine], int]:
    """The first open promises each way, soonest (most overdue) first, and how many more.

    Read from the (customer, status, due) index: a dozen rows each way, and the count only
    when there are more than a dozen, whatever the size of the account.
    """
    names = {
        pid: name
        for pid, name in session.execute(
            select(Project.id, Project.name).where(Project.customer_id == customer.id)
        )
    }
    open_promises = (
        Commitment.customer_id == customer.id,
        Commitment.status == CommitmentStatus.OPEN,
        Commitment.kind == CommitmentKind.PROMISE,
    )
    columns = (
        Commitment.id,
        Commitment.title,
        Commitment.direction,
        Commitment.due_at,
        Commitment.timezone,
        Commitment.project_id,
    )
    found: dict[Direction, list[PromiseLine]] = {}
    for direction in (Direction.MINE, Direction.THEIRS):
        rows = session.execute(
            select(*columns)
            .where(*open_promises, Commitment.direction == direction)
            .order_by(Commitment.due_at, Commitment.id)
            .limit(MAX_PROMISES)
        ).all()
        found[direction] = [_promise_line(row, now, user_tz, customer, names) for row in rows]
    full = [d for d, lines in found.items() if len(lines) == MAX_PROMISES]
    hidden = 0
    if full:
        totals = dict(
            session.execute(
                select(Commitment.direction, func.count())
                .where(*open_promises, Commitment.direction.in_(full))
                .group_by(Commitment.direction)
            ).all()
        )
        hidden = sum(int(totals.get(d, 0)) - MAX_PROMISES for d in full)
    return found[Direction.MINE], found[Direction.THEIRS], hidden


def _promise_line(
    row: Any, now: datetime, user_tz: str, customer: Customer, names: dict[int, str]
) -> PromiseLine:
    overdue = row.due_at < now
    delta = humanize_delta(row.due_at - now)
    return PromiseLine(
        id=row.id,
        title=row.title,
        direction=row.direction,
        due_at=row.due_at,
        due=_dual(row.due_at, user_tz, row.timezone or customer.timezone),
        overdue=overdue,
        relative=f"{delta} overdue" if overdue else f"in {delta}",
        project_name=names.get(row.project_id, "") if row.project_id else "",
    )


def _interactions(
    session: Session, customer: Customer, now: datetime, user_tz: str
) -> list[InteractionLine]:
    rows = session.scalars(
        select(Interaction)
        .where(Interaction.customer_id == customer.id, Interaction.occurred_at <= now)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(LAST_INTERACTIONS)
        .options(selectinload(Interaction.contacts))
    ).all()
    return [
        InteractionLine(
            id=row.id,
            occurred_at=row.occurred_at,
            when=_dual(row.occurred_at, user_tz, ""),
            kind=row.kind,
            channel=row.channel,
            title=row.title,
            body=row.body,
            mood=row.mood.value,
            contacts=tuple(c.name for c in row.contacts),
        )
        for row in rows
    ]


def _risks(journal: Journal, customer_id: int, now: datetime) -> tuple[list[RiskLine], bool]:
    """Open risks from the rules engine; the briefing still works while it is absent."""
    try:
        from custjournal.services.risks import evaluate_risks  # noqa: PLC0415 - optional
    except ImportError:
        return [], False
    found = evaluate_risks(journal, now=now, customer_id=customer_id)
    # The briefing itself highlights a first in-person meeting and shows the etiquette; a
    # risk telling the reader to read the briefing would only take space. Each risk's words
    # are written once, here (the busiest stress customer has 1,400 risks).
    return [risk_line(r) for r in found if r.rule_id not in SHOWN_ELSEWHERE], True


def risk_line(risk: Risk) -> RiskLine:
    """A risk as plain text (its words are written here, when first read)."""
    return RiskLine(
        rule_id=risk.rule_id,
        severity=risk.severity.value,
        reason=risk.reason,
        action=risk.action,
    )


def build_briefing(
    journal: Journal, *, customer_id: int, appointment_id: int | None = None, now: datetime
) -> Briefing:
    """Gather the briefing for a customer and a meeting (the chosen one, or their next)."""
    require_aware(now, "now")
    with journal.reading() as session:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise NotFoundError("customer", customer_id)
        user_tz = user_timezone(session)
        row, chosen = _pick_appointment(session, customer_id, appointment_id, now)
        meeting = _meeting(session, row, chosen, user_tz, customer) if row else None
        attending = row.contact_id if row else None
        contacts = sorted(customer.contacts, key=lambda c: (c.id != attending, c.id))
        mine, theirs, hidden = _promises(session, customer, now, user_tz)
        projects = session.scalars(
            select(Project)
            .where(Project.customer_id == customer_id, Project.status.in_(OPEN_PROJECT_STATUSES))
            .order_by(Project.created_at, Project.id)
            .options(selectinload(Project.changes), selectinload(Project.scope_additions))
        ).all()
        meeting_project = row.project_id if row else None
        terms = [project_terms(p) for p in sorted(projects, key=lambda p: p.id != meeting_project)]
        last = session.scalar(
            select(func.max(Interaction.occurred_at)).where(
                Interaction.customer_id == customer_id,
                Interaction.occurred_at <= now,
                Interaction.kind.not_in(NON_CONTACT_KINDS),  # a private note is not contact
            )
        )
        topics = session.execute(
            select(CustomerQuestion.topic, func.count(), func.max(CustomerQuestion.id))
            .join(Interaction)
            .where(Interaction.customer_id == customer_id)
            .group_by(CustomerQuestion.topic)
            .having(func.count() >= 2)
            .order_by(func.count().desc(), CustomerQuestion.topic)
        ).all()
        latest_text = {
            q.id: q.text
            for q in session.scalars(
                select(CustomerQuestion).where(CustomerQuestion.id.in_([t[2] for t in topics]))
            )
        }
        notices = session.scalars(
            select(Notice)
            .where(
                Notice.customer_id == customer_id,
                Notice.acknowledged_at.is_(None),
                Notice.effective_at >= now,
            )
            .order_by(Notice.effective_at)
        ).all()
        questions = questions_to_ask(
            customer=customer,
            repeated=[(t[0], int(t[1]), latest_text.get(t[2], "")) for t in topics],
            mine=mine,
            theirs=theirs,
            projects=terms,
            notices=[(n.title, _dual(n.effective_at, user_tz, n.timezone)) for n in notices],
            now=now,
        )
        briefing = Briefing(
            generated_at=now,
            user_timezone=user_tz,
            user_name=str(get_setting(session, "user.name") or ""),
            customer_id=customer.id,
            customer_name=customer.name,
            organisation_type=customer.organisation_type,
            stage=customer.stage,
            stage_guidance=stage_guidance(customer.stage),
            temperament=customer.temperament,
            temperament_guidance=temperament_guidance(customer.temperament),
            request=customer.request,
            root_need=customer.root_need,
            preferred_channel=customer.preferred_channel,
            country=customer.country,
            culture=customer.culture,
            customer_timezone=customer.timezone,
            their_time_now=_dual(now, user_tz, customer.timezone),
            last_contact=(
                f"{_dual(last, user_tz, '')} ({humanize_delta(now - last)} ago)"
                if last
                else "never"
            ),
            meeting=meeting,
            contacts=tuple(
                ContactLine(
                    id=c.id,
                    name=c.name,
                    role=c.role,
                    form_of_address=c.form_of_address,
                    email=c.email,
                    phone=c.phone,
                    preferred_channel=c.preferred_channel,
                    attending=c.id == attending,
                )
                for c in contacts
            ),
            etiquette=tuple(reminders_for_customer(session, customer_id)),
            interactions=tuple(_interactions(session, customer, now, user_tz)),
            promises_mine=tuple(mine),
            promises_theirs=tuple(theirs),
            more_promises=hidden,
            projects=tuple(terms),
            risks=(),
            risks_available=False,
            questions=tuple(questions),
        )
    # The rules engine opens its own unit of work, so it runs after ours is closed.
    risks, available = _risks(journal, customer_id, now)
    return replace(briefing, risks=tuple(risks), risks_available=available)
