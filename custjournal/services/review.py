"""The weekly review: the page a consultant reads on Monday morning.

For one ISO week (Monday 00:00 to Monday 00:00 in the user's zone): the appointments, the
promises due both ways (and those already overdue), the risks worst first, the customers due
a call under their cadence, follow-ups to schedule, and how last week's promises went: kept
on time, kept late, broken, or still open. Read-only; `now` is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from custjournal.domain import Commitment, Customer
from custjournal.domain.enums import CommitmentKind, CommitmentStatus, Direction, Stage
from custjournal.domain.errors import ValidationError
from custjournal.domain.times import zone
from custjournal.rules import Risk
from custjournal.rules.base import parse_bool
from custjournal.services import commitments, customers
from custjournal.services import validate as v
from custjournal.services.commitment_reads import VIEW_FIELDS
from custjournal.services.commitment_views import AgendaItem, CommitmentView
from custjournal.services.record_rows import records
from custjournal.services.risks import evaluate_risks
from custjournal.services.settings import Declared, register_provider, user_timezone
from custjournal.store import Journal

# Risks that mean "a follow-up should be scheduled" (the "follow-ups to schedule").
FOLLOW_UP_RULES = frozenset({"no-follow-up", "upset-no-follow-up", "gone-quiet"})
_WEEK = re.compile(r"^(?P<y>\d{4})-?W(?P<w>\d{1,2})$", re.IGNORECASE)
# On by default: the point of the review is that nobody has to remember to open it.
MONDAY_NOTICE = "review.monday_notice"

register_provider(
    lambda: {
        MONDAY_NOTICE: Declared(
            MONDAY_NOTICE,
            lambda: True,
            parse_bool,
            "on Mondays, a desktop notification of the week ahead (window only)",
        )
    }
)


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One commitment on the page (an occurrence, for a recurring appointment)."""

    id: int
    customer_id: int
    customer_name: str
    title: str
    kind: CommitmentKind
    direction: Direction
    at: datetime
    timezone: str
    status: CommitmentStatus
    completed_at: datetime | None
    follow_up: str
    # The colleague or consultant who owns it ('' when nobody said; always for theirs).
    owner: str = ""

    @classmethod
    def of(cls, c: CommitmentView, at: datetime | None = None) -> ReviewItem:
        return cls(
            c.id, c.customer_id, c.customer_name, c.title, c.kind, c.direction, at or c.due_at,
            c.timezone, c.status, c.completed_at, c.follow_up.value if c.follow_up else "",
            c.owner,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class CallDue:
    """An active customer whose contact cadence runs out by the end of the week."""

    customer_id: int
    customer_name: str
    cadence_days: int
    last_contact_at: datetime | None
    due_at: datetime | None  # None: never contacted
    overdue: bool


@dataclass(frozen=True, slots=True)
class LastWeek:
    """Promises that were due last week, by how they went (both directions)."""

    kept_on_time: tuple[ReviewItem, ...]
    kept_late: tuple[ReviewItem, ...]
    broken: tuple[ReviewItem, ...]
    still_open: tuple[ReviewItem, ...]

    @property
    def kept(self) -> int:
        return len(self.kept_on_time) + len(self.kept_late)

    @property
    def not_kept(self) -> int:
        return len(self.broken) + len(self.still_open)


@dataclass(frozen=True, slots=True)
class WeeklyReview:
    week: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    generated_at: datetime
    appointments: tuple[ReviewItem, ...]
    mine_due: tuple[ReviewItem, ...]
    theirs_due: tuple[ReviewItem, ...]
    mine_overdue: tuple[ReviewItem, ...]
    theirs_overdue: tuple[ReviewItem, ...]
    follow_ups_due: tuple[ReviewItem, ...]
    follow_ups_to_schedule: tuple[Risk, ...]
    calls_due: tuple[CallDue, ...]
    risks: tuple[Risk, ...]
    last_week: LastWeek


def week_start(week: str | None, *, now: datetime, tz: ZoneInfo) -> date:
    """The Monday of ISO week "2026-W48" (or of the week `now` falls in, seen in `tz`)."""
    if not week:
        today = now.astimezone(tz).date()
        return today - timedelta(days=today.weekday())
    return _monday_of(week)


def _monday_of(week: str) -> date:
    m = _WEEK.match(week.strip())
    if not m:
        raise ValidationError("week", f"{week!r} is not an ISO week like 2026-W48")
    try:
        return date.fromisocalendar(int(m["y"]), int(m["w"]), 1)
    except ValueError:
        raise ValidationError("week", f"{week!r}: that year has no such week") from None


def iso_week(day: date) -> str:
    """ "2026-W48" for any day of that ISO week."""
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def shift_week(week: str, weeks: int) -> str:
    """The ISO week `weeks` after (or before, if negative) `week`; across year ends too."""
    return iso_week(_monday_of(week) + timedelta(weeks=weeks))


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=tz)


def build_review(
    journal: Journal,
    *,
    now: datetime,
    week: str | None = None,
    risks: Callable[[datetime], Sequence[Risk]] | None = None,
) -> WeeklyReview:
    """Everything the Monday page shows for `week` (default: the week of `now`).

    `risks` gives the risks at a moment when the caller already has them (the window shares
    one evaluation between its views); evaluated here otherwise.
    """
    now = v.when("now", now)
    with journal.reading() as session:
        tz_name = user_timezone(session)
    tz = zone(tz_name)
    monday = week_start(week, now=now, tz=tz)
    start, end = _midnight(monday, tz), _midnight(monday + timedelta(days=7), tz)

    this_week = commitments.agenda(journal, start=start, end=end - timedelta(microseconds=1))
    appointments = [i for i in this_week if i.commitment.kind is CommitmentKind.APPOINTMENT]
    promises = [i for i in this_week if i.commitment.kind is CommitmentKind.PROMISE]
    overdue = _promises(journal, before=start, status=CommitmentStatus.OPEN)
    found = tuple(risks(now) if risks is not None else evaluate_risks(journal, now=now))
    return WeeklyReview(
        week=iso_week(monday),
        starts_at=start,
        ends_at=end,
        timezone=tz_name,
        generated_at=now,
        appointments=tuple(ReviewItem.of(i.commitment, i.starts_at) for i in appointments),
        mine_due=_side(promises, Direction.MINE),
        theirs_due=_side(promises, Direction.THEIRS),
        mine_overdue=tuple(ReviewItem.of(c) for c in overdue if c.direction is Direction.MINE),
        theirs_overdue=tuple(ReviewItem.of(c) for c in overdue if c.direction is Direction.THEIRS),
        follow_ups_due=tuple(
            ReviewItem.of(i.commitment, i.starts_at) for i in this_week if i.commitment.follow_up
        ),
        follow_ups_to_schedule=tuple(r for r in found if r.rule_id in FOLLOW_UP_RULES),
        calls_due=_calls_due(journal, now=now, end=end),
        risks=found,
        last_week=_last_week(journal, start=start - timedelta(days=7), end=start),
    )


def _side(items: list[AgendaItem], direction: Direction) -> tuple[ReviewItem, ...]:
    return tuple(
        ReviewItem.of(i.commitment, i.starts_at)
        for i in items
        if i.commitment.direction is direction
    )


def _calls_due(journal: Journal, *, now: datetime, end: datetime) -> tuple[CallDue, ...]:
    found: list[CallDue] = []
    for row in customers.contact_cadences(journal, stage=Stage.ACTIVE):
        last = row.last_contact_at
        due = last + timedelta(days=row.cadence_days) if last is not None else None
        if due is None or due < end:
            overdue = due is None or due < now
            found.append(CallDue(row.customer_id, row.name, row.cadence_days, last, due, overdue))
    # Longest overdue first; never contacted at the very top.
    return tuple(
        sorted(found, key=lambda c: (c.due_at is not None, c.due_at or now, c.customer_name))
    )


def _promises(
    journal: Journal,
    *,
    before: datetime,
    since: datetime | None = None,
    status: CommitmentStatus | None = None,
) -> list[CommitmentView]:
    """Promises due in [since, before), by due time: a week's worth, not ten years of them
    (but every open one overdue: thousands on a large journal, so read as rows)."""
    query = (
        select(*VIEW_FIELDS)
        .join(Customer, Customer.id == Commitment.customer_id)
        .where(Commitment.kind == CommitmentKind.PROMISE, Commitment.due_at < before)
        .order_by(Commitment.due_at, Commitment.id)
    )
    if since is not None:
        query = query.where(Commitment.due_at >= since)
    if status is not None:
        query = query.where(Commitment.status == status)
    with journal.reading() as session:
        return list(records(session.connection(), CommitmentView, query))


def _last_week(journal: Journal, *, start: datetime, end: datetime) -> LastWeek:
    due = [
        c
        for c in _promises(journal, since=start, before=end)
        if c.status is not CommitmentStatus.CANCELLED
    ]
    done = [c for c in due if c.status is CommitmentStatus.DONE]
    on_time = [c for c in done if c.completed_at is None or c.completed_at <= c.due_at]
    # Not "not in on_time": comparing views field by field, each against every other, took
    # 0.35 s for a busy week's 400 kept promises.
    late = [c for c in done if c.completed_at is not None and c.completed_at > c.due_at]
    return LastWeek(
        kept_on_time=tuple(ReviewItem.of(c) for c in on_time),
        kept_late=tuple(ReviewItem.of(c) for c in late),
        broken=tuple(ReviewItem.of(c) for c in due if c.status is CommitmentStatus.BROKEN),
        still_open=tuple(ReviewItem.of(c) for c in due if c.status is CommitmentStatus.OPEN),
    )
