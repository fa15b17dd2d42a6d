"""A read-only picture of the journal the rules look at: plain frozen records, no ORM."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple, TypeVar

from custjournal.domain.enums import (
    NON_CONTACT_KINDS,
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    FollowUpKind,
    InteractionKind,
    Mood,
    NoticeKind,
    ProjectField,
    ProjectStatus,
    Stage,
    Temperament,
)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
T = TypeVar("T")


def _held_in_utc(record_type: type[T], *times: str) -> type[T]:
    """`record_type` (a NamedTuple) whose constructor keeps every time in UTC, so differences
    are real durations even across DST changes (Python subtracts two times that share one
    zone by their wall clocks, ignoring the shift); a naive time is refused.

    Records are named tuples rather than dataclasses because the rules read tens of
    thousands of them from a large journal: the database's rows become records in one C call
    each (services.record_rows), where filling a frozen dataclass costs a call per field.
    That fast path has only UTC times to give, and skips this check.
    """
    make = record_type.__new__

    def checked(cls: type[T], *args: Any, **values: Any) -> T:
        record = make(cls, *args, **values)
        moved = {}
        for name in times:
            value = getattr(record, name)
            if value is None or value.tzinfo is UTC:
                continue
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"{cls.__name__}.{name}: naive time {value!r} refused")
            moved[name] = value.astimezone(UTC)
        return record._replace(**moved) if moved else record  # type: ignore[attr-defined]

    record_type.__new__ = checked  # type: ignore[assignment,method-assign]
    return record_type


class CustomerRecord(NamedTuple):
    id: int
    name: str
    stage: Stage = Stage.ACTIVE
    temperament: Temperament = Temperament.COOPERATIVE
    preferred_channel: Channel | None = None
    cadence_days: int | None = None
    country: str = ""
    culture: str = ""
    timezone: str = "UTC"
    created_at: datetime = EPOCH


_held_in_utc(CustomerRecord, "created_at")


class InteractionRecord(NamedTuple):
    id: int
    customer_id: int
    occurred_at: datetime
    kind: InteractionKind = InteractionKind.MEETING
    channel: Channel | None = None
    project_id: int | None = None
    timezone: str = "UTC"
    title: str = ""
    mood: Mood = Mood.NEUTRAL

    @property
    def is_contact(self) -> bool:
        return self.kind not in NON_CONTACT_KINDS


_held_in_utc(InteractionRecord, "occurred_at")


class QuestionRecord(NamedTuple):
    id: int
    interaction_id: int
    customer_id: int
    asked_at: datetime
    topic: str
    text: str = ""


_held_in_utc(QuestionRecord, "asked_at")


class CommitmentRecord(NamedTuple):
    id: int
    customer_id: int
    title: str
    due_at: datetime
    kind: CommitmentKind = CommitmentKind.PROMISE
    direction: Direction = Direction.MINE
    status: CommitmentStatus = CommitmentStatus.OPEN
    timezone: str = "UTC"
    project_id: int | None = None
    interaction_id: int | None = None
    completed_at: datetime | None = None
    duration_minutes: int | None = None
    location: str = ""
    channel: Channel | None = None
    rrule: str = ""
    confirmed_at: datetime | None = None
    follow_up: FollowUpKind | None = None
    created_at: datetime = EPOCH
    owner: str = ""  # who on our side (a team journal's consultant); '' when nobody said

    @property
    def is_appointment(self) -> bool:
        return self.kind == CommitmentKind.APPOINTMENT

    @property
    def is_open(self) -> bool:
        return self.status == CommitmentStatus.OPEN


_held_in_utc(CommitmentRecord, "due_at", "completed_at", "confirmed_at", "created_at")


class DueChangeRecord(NamedTuple):
    id: int
    commitment_id: int
    changed_at: datetime
    old_due_at: datetime
    new_due_at: datetime
    notice_id: int | None = None


_held_in_utc(DueChangeRecord, "changed_at", "old_due_at", "new_due_at")


class NoticeRecord(NamedTuple):
    id: int
    customer_id: int
    kind: NoticeKind
    title: str
    effective_at: datetime
    sent_at: datetime
    channel: Channel
    commitment_id: int | None = None
    what_changes: str = ""
    timezone: str = "UTC"
    acknowledged_at: datetime | None = None
    acknowledged_by: str = ""


_held_in_utc(NoticeRecord, "effective_at", "sent_at", "acknowledged_at")


class ProjectRecord(NamedTuple):
    id: int
    customer_id: int
    name: str
    status: ProjectStatus = ProjectStatus.PROPOSED
    currency: str = "EUR"
    price: Decimal | None = None
    start_date: date | None = None
    end_date: date | None = None
    scope: str = ""
    success_criteria: str = ""
    handover_criteria: str = ""
    agreed_at: datetime | None = None
    delivered_at: datetime | None = None
    created_at: datetime = EPOCH


_held_in_utc(ProjectRecord, "agreed_at", "delivered_at", "created_at")


class ProjectChangeRecord(NamedTuple):
    id: int
    project_id: int
    field: ProjectField
    changed_at: datetime
    old_amount: Decimal | None = None
    new_amount: Decimal | None = None
    old_date: date | None = None
    new_date: date | None = None
    reason: str = ""


_held_in_utc(ProjectChangeRecord, "changed_at")


class ScopeAdditionRecord(NamedTuple):
    id: int
    project_id: int
    added_at: datetime
    description: str
    extra_price: Decimal | None = None
    customer_agreed: bool = False


_held_in_utc(ScopeAdditionRecord, "added_at")


class RetrospectiveRecord(NamedTuple):
    id: int
    project_id: int
    created_at: datetime = EPOCH
    completed_at: datetime | None = None


_held_in_utc(RetrospectiveRecord, "created_at", "completed_at")


@dataclass(frozen=True, kw_only=True, slots=True)
class EtiquetteCounts:
    """How many enabled reminders exist: global, per culture (upper-case code), per customer."""

    global_count: int = 0
    by_culture: tuple[tuple[str, int], ...] = ()
    by_customer: tuple[tuple[int, int], ...] = ()

    def for_customer(self, customer: CustomerRecord) -> tuple[int, int, int]:
        """(global, culture, customer-specific) reminders that apply to this customer."""
        cultures = {c.strip().upper() for c in (customer.culture, customer.country) if c.strip()}
        culture = sum(n for code, n in self.by_culture if code.strip().upper() in cultures)
        own = sum(n for cid, n in self.by_customer if cid == customer.id)
        return self.global_count, culture, own


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """Everything the rules may read. Built by services.risks.load_snapshot or by tests."""

    customers: tuple[CustomerRecord, ...] = ()
    interactions: tuple[InteractionRecord, ...] = ()
    questions: tuple[QuestionRecord, ...] = ()
    commitments: tuple[CommitmentRecord, ...] = ()
    due_changes: tuple[DueChangeRecord, ...] = ()
    notices: tuple[NoticeRecord, ...] = ()
    projects: tuple[ProjectRecord, ...] = ()
    project_changes: tuple[ProjectChangeRecord, ...] = ()
    scope_additions: tuple[ScopeAdditionRecord, ...] = ()
    retrospectives: tuple[RetrospectiveRecord, ...] = ()
    etiquette: EtiquetteCounts = field(default_factory=EtiquetteCounts)
    # Read for this customer alone (with others' appointments that may clash): rules may
    # skip what cannot concern it. None: the whole journal.
    focus_customer_id: int | None = None
    # With a focus: every open appointment of the look-ahead was read too, whoever it is
    # with, so that a day booked over the limit (nobody's risk in particular) can be judged.
    whole_diary: bool = False

    # Indexes are built once per snapshot on first use, so every rule stays linear.
    @cached_property
    def customer_by_id(self) -> dict[int, CustomerRecord]:
        return {c.id: c for c in self.customers}

    @cached_property
    def commitment_by_id(self) -> dict[int, CommitmentRecord]:
        return {c.id: c for c in self.commitments}

    @cached_property
    def open_appointments(self) -> list[CommitmentRecord]:
        """Appointments still to happen (or to be marked done), in the snapshot's order."""
        return [c for c in self.commitments if c.kind == CommitmentKind.APPOINTMENT and c.is_open]

    @cached_property
    def project_by_id(self) -> dict[int, ProjectRecord]:
        return {p.id: p for p in self.projects}

    @cached_property
    def contacts_by_customer(self) -> dict[int, list[InteractionRecord]]:
        """Contact interactions (not plain notes) per customer, oldest first."""
        found: dict[int, list[InteractionRecord]] = defaultdict(list)
        for item in sorted(self.interactions, key=lambda i: (i.occurred_at, i.id)):
            if item.is_contact:
                found[item.customer_id].append(item)
        return dict(found)

    @cached_property
    def commitments_by_customer(self) -> dict[int, list[CommitmentRecord]]:
        found: dict[int, list[CommitmentRecord]] = defaultdict(list)
        for item in self.commitments:
            found[item.customer_id].append(item)
        return dict(found)

    @cached_property
    def changes_by_project(self) -> dict[int, list[ProjectChangeRecord]]:
        found: dict[int, list[ProjectChangeRecord]] = defaultdict(list)
        for item in sorted(self.project_changes, key=lambda c: (c.changed_at, c.id)):
            found[item.project_id].append(item)
        return dict(found)

    @cached_property
    def retrospective_projects(self) -> frozenset[int]:
        return frozenset(r.project_id for r in self.retrospectives)

    def customer_name(self, customer_id: int | None) -> str:
        customer = self.customer_by_id.get(customer_id) if customer_id is not None else None
        return customer.name if customer is not None else ""

    def last_contact(self, customer_id: int, now: datetime) -> InteractionRecord | None:
        """The latest contact interaction with the customer at or before `now`."""
        latest = None
        for item in self.contacts_by_customer.get(customer_id, ()):
            if item.occurred_at > now:
                break
            latest = item
        return latest
