"""A read-only picture of the journal the rules look at: plain frozen records, no ORM."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cached_property

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


def _in_utc(record: object, names: tuple[str, ...]) -> None:
    """Keep every time in UTC, so differences are real durations even across DST changes.

    (Python subtracts two times that share one zone by their wall clocks, ignoring the shift.)
    """
    for name in names:
        value = getattr(record, name)
        if value is None or value.tzinfo is UTC:
            continue
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{type(record).__name__}.{name}: naive time {value!r} refused")
        object.__setattr__(record, name, value.astimezone(UTC))


@dataclass(frozen=True, kw_only=True, slots=True)
class CustomerRecord:
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

    def __post_init__(self) -> None:
        _in_utc(self, ("created_at",))


@dataclass(frozen=True, kw_only=True, slots=True)
class InteractionRecord:
    id: int
    customer_id: int
    occurred_at: datetime
    kind: InteractionKind = InteractionKind.MEETING
    channel: Channel | None = None
    project_id: int | None = None
    timezone: str = "UTC"
    title: str = ""
    mood: Mood = Mood.NEUTRAL

    def __post_init__(self) -> None:
        _in_utc(self, ("occurred_at",))

    @property
    def is_contact(self) -> bool:
        return self.kind not in NON_CONTACT_KINDS


@dataclass(frozen=True, kw_only=True, slots=True)
class QuestionRecord:
    id: int
    interaction_id: int
    customer_id: int
    asked_at: datetime
    topic: str
    text: str = ""

    def __post_init__(self) -> None:
        _in_utc(self, ("asked_at",))


@dataclass(frozen=True, kw_only=True, slots=True)
class CommitmentRecord:
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

    def __post_init__(self) -> None:
        _in_utc(self, ("due_at", "completed_at", "confirmed_at", "created_at"))

    @property
    def is_appointment(self) -> bool:
        return self.kind == CommitmentKind.APPOINTMENT

    @property
    def is_open(self) -> bool:
        return self.status == CommitmentStatus.OPEN


@dataclass(frozen=True, kw_only=True, slots=True)
class DueChangeRecord:
    id: int
    commitment_id: int
    changed_at: datetime
    old_due_at: datetime
    new_due_at: datetime
    notice_id: int | None = None

    def __post_init__(self) -> None:
        _in_utc(self, ("changed_at", "old_due_at", "new_due_at"))


@dataclass(frozen=True, kw_only=True, slots=True)
class NoticeRecord:
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

    def __post_init__(self) -> None:
        _in_utc(self, ("effective_at", "sent_at", "acknowledged_at"))


@dataclass(frozen=True, kw_only=True, slots=True)
class ProjectRecord:
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

    def __post_init__(self) -> None:
        _in_utc(self, ("agreed_at", "delivered_at", "created_at"))


@dataclass(frozen=True, kw_only=True, slots=True)
class ProjectChangeRecord:
    id: int
    project_id: int
    field: ProjectField
    changed_at: datetime
    old_amount: Decimal | None = None
    new_amount: Decimal | None = None
    old_date: date | None = None
    new_date: date | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        _in_utc(self, ("changed_at",))


@dataclass(frozen=True, kw_only=True, slots=True)
class ScopeAdditionRecord:
    id: int
    project_id: int
    added_at: datetime
    description: str
    extra_price: Decimal | None = None
    customer_agreed: bool = False

    def __post_init__(self) -> None:
        _in_utc(self, ("added_at",))


@dataclass(frozen=True, kw_only=True, slots=True)
class RetrospectiveRecord:
    id: int
    project_id: int
    created_at: datetime = EPOCH
    completed_at: datetime | None = None

    def __post_init__(self) -> None:
        _in_utc(self, ("created_at", "completed_at"))


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

    # Indexes are built once per snapshot on first use, so every rule stays linear.
    @cached_property
    def customer_by_id(self) -> dict[int, CustomerRecord]:
        return {c.id: c for c in self.customers}

    @cached_property
    def commitment_by_id(self) -> dict[int, CommitmentRecord]:
        return {c.id: c for c in self.commitments}

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
