"""The post-project retrospective: computed figures next to the consultant's own answers.

How each figure is computed (the retrospective page repeats these in short):
- Promises: the project's commitments of kind promise, follow-ups excluded, cancelled ones
  not counted as made. Kept = done; kept on time = done with `completed_at` at or before the
  due time in force; broken = marked broken; late = still open past due at `now`.
- Price drift: current price against the first agreed price (the oldest `old_amount` in the
  change history, else the current price), in percent with one decimal.
- Timeline drift: current end date minus the first agreed end date, in days.
- Scope additions: priced = the customer agreed its price (zero included); unpriced otherwise.
- Contact cadence kept: the share of calendar months (in the user's zone) from the project's
  first agreed start to its delivery (or end date, or today) with at least one interaction of
  a contact kind with the customer.
- Risks raised: one snapshot of the customer's records is read, and the rules are evaluated
  on it at noon (user's zone) on the first day of the project and every 7 days after, up to
  its end (or now); risks about other projects and calendar-wide ones are left out, snoozes
  are ignored (a snoozed risk was still raised), and distinct risk keys are counted per rule.
  The rules see today's records at a past moment, so a promise that was late but has since
  been kept no longer shows as overdue: the count is a lower bound, and the promise figures
  above are the exact record of lateness.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from custjournal.domain import (
    Commitment,
    Customer,
    Interaction,
    NotFoundError,
    Project,
    Retrospective,
    ValidationError,
)
from custjournal.domain.enums import (
    NON_CONTACT_KINDS,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    WorkAgain,
    parse_enum,
)
from custjournal.domain.times import require_aware, zone
from custjournal.services.drift import ProjectTerms, project_terms
from custjournal.services.retro_model import (
    EMPTY_ANSWERS,
    Answers,
    FollowUpLine,
    MonthContact,
    PromiseTally,
    RetroReport,
    TimelineEvent,
)
from custjournal.services.retro_risks import RiskCount, risks_during
from custjournal.services.settings import user_timezone
from custjournal.services.uow import unit_of_work
from custjournal.services.validate import check_version
from custjournal.store import Journal

MAX_ANSWER = 20_000
__all__ = [
    "Answers",
    "FollowUpLine",
    "MonthContact",
    "PromiseTally",
    "RetroReport",
    "RiskCount",
    "TimelineEvent",
    "build_retrospective",
    "save_retrospective",
]


def _answers(row: Retrospective | None) -> Answers:
    if row is None:
        return EMPTY_ANSWERS
    return Answers(
        went_well=row.went_well,
        went_wrong=row.went_wrong,
        i_own=row.i_own,
        satisfaction=row.satisfaction,
        work_again=row.work_again,
        lessons=row.lessons,
        saved_at=row.created_at,
        completed_at=row.completed_at,
        version=row.version,
    )


def outcome(c: Commitment, now: datetime) -> str:
    """kept | late | broken | open | cancelled, judged against the due time in force."""
    if c.status == CommitmentStatus.DONE:
        on_time = c.completed_at is not None and c.completed_at <= c.due_at
        return "kept" if on_time else "late"
    if c.status == CommitmentStatus.BROKEN:
        return "broken"
    if c.status == CommitmentStatus.CANCELLED:
        return "cancelled"
    return "late" if c.due_at < now else "open"


def tally(promises: list[Commitment], now: datetime) -> PromiseTally:
    made = [c for c in promises if c.status != CommitmentStatus.CANCELLED]
    results = [outcome(c, now) for c in made]
    return PromiseTally(
        made=len(made),
        kept=sum(1 for c in made if c.status == CommitmentStatus.DONE),
        kept_on_time=results.count("kept"),
        broken=results.count("broken"),
        late_open=sum(1 for c in made if c.status == CommitmentStatus.OPEN and c.due_at < now),
        still_open=sum(1 for c in made if c.status == CommitmentStatus.OPEN and c.due_at >= now),
    )


def project_period(
    project: Project, terms: ProjectTerms, now: datetime, tz: str
) -> tuple[date, date]:
    """From the first agreed start (else agreement, else creation) to delivery or the end."""
    local = zone(tz)
    start = terms.first_start or (project.agreed_at or project.created_at).astimezone(local).date()
    if project.delivered_at is not None:
        end = project.delivered_at.astimezone(local).date()
    else:
        end = project.end_date or now.astimezone(local).date()
    end = min(end, now.astimezone(local).date())
    return start, max(start, end)


def month_keys(start: date, end: date) -> list[str]:
    keys = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _load(session: Session, project_id: int) -> Project:
    project = session.get(
        Project,
        project_id,
        options=[selectinload(Project.changes), selectinload(Project.scope_additions)],
    )
    if project is None:
        raise NotFoundError("project", project_id)
    return project


def build_retrospective(journal: Journal, *, project_id: int, now: datetime) -> RetroReport:
    """All figures for one project, computed from the journal at `now`."""
    require_aware(now, "now")
    with journal.reading() as session:
        project = _load(session, project_id)
        customer = session.get(Customer, project.customer_id)
        assert customer is not None
        tz = user_timezone(session)
        terms = project_terms(project)
        start, end = project_period(project, terms, now, tz)
        commitments = session.scalars(
            select(Commitment)
            .where(Commitment.project_id == project_id)
            .order_by(Commitment.due_at, Commitment.id)
        ).all()
        promises = [
            c for c in commitments if c.kind == CommitmentKind.PROMISE and c.follow_up is None
        ]
        local = zone(tz)
        window_start = datetime.combine(start, time(0), tzinfo=local)
        window_end = datetime.combine(end + timedelta(days=1), time(0), tzinfo=local)
        contacts = session.scalars(
            select(Interaction)
            .where(
                Interaction.customer_id == customer.id,
                Interaction.occurred_at >= window_start,
                Interaction.occurred_at < window_end,
                Interaction.kind.not_in(NON_CONTACT_KINDS),
            )
            .order_by(Interaction.occurred_at)
        ).all()
        per_month = dict.fromkeys(month_keys(start, end), 0)
        for i in contacts:
            key = i.occurred_at.astimezone(local).strftime("%Y-%m")
            if key in per_month:
                per_month[key] += 1
        events = [
            TimelineEvent(c.due_at, "promise", c.direction, outcome(c, now), c.title)
            for c in promises
            if c.status != CommitmentStatus.CANCELLED
        ] + [TimelineEvent(i.occurred_at, "contact", None, "contact", i.title) for i in contacts]
        answers = _answers(
            session.scalar(select(Retrospective).where(Retrospective.project_id == project_id))
        )
        follow_ups = [
            FollowUpLine(c.id, c.title, c.due_at, str(c.follow_up), c.status.value)
            for c in commitments
            if c.follow_up is not None
        ]
        first_end = terms.first_end
        delivered = project.delivered_at.astimezone(local).date() if project.delivered_at else None
        report = RetroReport(
            generated_at=now,
            user_timezone=tz,
            project_id=project.id,
            project_name=project.name,
            customer_id=customer.id,
            customer_name=customer.name,
            customer_timezone=customer.timezone,
            status=project.status,
            period_start=start,
            period_end=end,
            terms=terms,
            mine=tally([c for c in promises if c.direction == Direction.MINE], now),
            theirs=tally([c for c in promises if c.direction == Direction.THEIRS], now),
            delivered_vs_first_end_days=(
                (delivered - first_end).days if delivered and first_end else None
            ),
            months=tuple(MonthContact(k, v) for k, v in per_month.items()),
            answers=answers,
            events=tuple(sorted(events, key=lambda e: (e.at, e.kind, e.title))),
            follow_ups=tuple(follow_ups),
            risks=(),
            risks_available=False,
            risk_checks=0,
        )
        promise_ids = {c.id for c in commitments}
    # The rules engine opens its own units of work, so it runs after ours is closed.
    risks, available, checks = risks_during(
        journal,
        customer_id=report.customer_id,
        project_id=project_id,
        mine_ids=promise_ids,
        start=start,
        end=end,
        tz=tz,
        now=now,
    )
    return replace(report, risks=tuple(risks), risks_available=available, risk_checks=checks)


def _answer_text(field: str, value: str | None) -> str:
    text = (value or "").strip()
    if len(text) > MAX_ANSWER:
        raise ValidationError(field, f"is longer than {MAX_ANSWER} characters")
    return text


def save_retrospective(
    journal: Journal,
    *,
    project_id: int,
    now: datetime,
    went_well: str | None = None,
    went_wrong: str | None = None,
    i_own: str | None = None,
    satisfaction: int | str | None = None,
    work_again: WorkAgain | str | None = None,
    lessons: str | None = None,
    complete: bool = True,
    expected_version: int | None = None,
) -> Answers:
    """Store the user's answers (fields left as None keep their saved value).

    With `expected_version` (Answers.version when the answers were read; 0 when none were
    saved), answers a colleague saved since are not overwritten: ConflictError."""
    require_aware(now, "now")
    score: int | None = None
    if satisfaction is not None and satisfaction != "":
        try:
            score = int(satisfaction)
        except (TypeError, ValueError):
            raise ValidationError("satisfaction", f"{satisfaction!r} is not a number 1-5") from None
        if not 1 <= score <= 5:
            raise ValidationError("satisfaction", f"{score} is outside 1-5")
    again = parse_enum(WorkAgain, work_again, "work_again") if work_again else None
    texts = {
        "went_well": went_well,
        "went_wrong": went_wrong,
        "i_own": i_own,
        "lessons": lessons,
    }
    with unit_of_work(journal) as session:
        project = session.get(Project, project_id)
        if project is None:
            raise NotFoundError("project", project_id)
        row = session.scalar(select(Retrospective).where(Retrospective.project_id == project_id))
        check_version(
            f"the retrospective of {project.name!r}", row.version if row else 0, expected_version
        )
        if row is None:
            row = Retrospective(project_id=project_id, created_at=now)
            session.add(row)
        for field, value in texts.items():
            if value is not None:
                setattr(row, field, _answer_text(field, value))
        if score is not None:
            row.satisfaction = score
        if again is not None:
            row.work_again = again
        if complete:
            row.completed_at = now
        session.flush()
        return _answers(row)
