"""Plain frozen data handed to the CLI and the window (never live ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from custjournal.domain import (
    Contact,
    Customer,
    Interaction,
    Notice,
    Project,
    ProjectChange,
    ScopeAddition,
)
from custjournal.domain.enums import (
    Channel,
    InteractionKind,
    Mood,
    NoticeKind,
    ProjectField,
    ProjectStatus,
    Stage,
    Temperament,
)


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    customer_id: int
    name: str
    role: str
    form_of_address: str
    email: str
    phone: str
    preferred_channel: Channel | None
    notes: str
    version: int

    @classmethod
    def of(cls, c: Contact) -> ContactView:
        return cls(
            c.id, c.customer_id, c.name, c.role, c.form_of_address, c.email, c.phone,
            c.preferred_channel, c.notes, c.version,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class CustomerView:
    id: int
    name: str
    stage: Stage
    organisation_type: str
    temperament: Temperament
    preferred_channel: Channel | None
    cadence_days: int | None
    request: str
    root_need: str
    country: str
    culture: str
    timezone: str
    notes: str
    created_at: datetime
    version: int
    contacts: tuple[ContactView, ...]

    @classmethod
    def of(cls, c: Customer) -> CustomerView:
        return cls(
            c.id, c.name, c.stage, c.organisation_type, c.temperament, c.preferred_channel,
            c.cadence_days, c.request, c.root_need, c.country, c.culture, c.timezone, c.notes,
            c.created_at, c.version, tuple(ContactView.of(x) for x in c.contacts),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class CustomerRow:
    """One line of the customer list, with what the list shows beside the name."""

    id: int
    name: str
    stage: Stage
    temperament: Temperament
    country: str
    timezone: str
    cadence_days: int
    last_contact_at: datetime | None
    next_appointment_at: datetime | None
    open_mine: int
    open_theirs: int


@dataclass(frozen=True, slots=True)
class InteractionView:
    id: int
    customer_id: int
    customer_name: str
    project_id: int | None
    occurred_at: datetime
    timezone: str
    kind: InteractionKind
    channel: Channel | None
    title: str
    body: str
    mood: Mood
    contact_ids: tuple[int, ...]
    questions: tuple[str, ...]
    version: int

    @classmethod
    def of(cls, i: Interaction, customer_name: str) -> InteractionView:
        return cls(
            i.id, i.customer_id, customer_name, i.project_id, i.occurred_at, i.timezone,
            i.kind, i.channel, i.title, i.body, i.mood,
            tuple(c.id for c in i.contacts), tuple(q.text for q in i.questions), i.version,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class SearchHit:
    interaction: InteractionView
    snippet: str


@dataclass(frozen=True, slots=True)
class NoticeView:
    id: int
    customer_id: int
    commitment_id: int | None
    kind: NoticeKind
    title: str
    what_changes: str
    effective_at: datetime
    timezone: str
    channel: Channel
    sent_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str
    version: int
    customer_name: str = ""

    @classmethod
    def of(cls, n: Notice, customer_name: str = "") -> NoticeView:
        return cls(
            n.id, n.customer_id, n.commitment_id, n.kind, n.title, n.what_changes,
            n.effective_at, n.timezone, n.channel, n.sent_at, n.acknowledged_at,
            n.acknowledged_by, n.version, customer_name,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ProjectChangeView:
    id: int
    field: ProjectField
    changed_at: datetime
    old_amount: Decimal | None
    new_amount: Decimal | None
    old_date: date | None
    new_date: date | None
    reason: str

    @classmethod
    def of(cls, c: ProjectChange) -> ProjectChangeView:
        return cls(
            c.id, c.field, c.changed_at, c.old_amount, c.new_amount, c.old_date, c.new_date,
            c.reason,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ScopeAdditionView:
    id: int
    added_at: datetime
    description: str
    extra_price: Decimal | None
    customer_agreed: bool

    @classmethod
    def of(cls, s: ScopeAddition) -> ScopeAdditionView:
        return cls(s.id, s.added_at, s.description, s.extra_price, s.customer_agreed)


@dataclass(frozen=True, slots=True)
class ProjectView:
    id: int
    customer_id: int
    customer_name: str
    name: str
    status: ProjectStatus
    currency: str
    price: Decimal | None
    start_date: date | None
    end_date: date | None
    scope: str
    success_criteria: str
    handover_criteria: str
    agreed_at: datetime | None
    delivered_at: datetime | None
    notes: str
    version: int
    changes: tuple[ProjectChangeView, ...]
    scope_additions: tuple[ScopeAdditionView, ...]

    @classmethod
    def of(cls, p: Project, customer_name: str) -> ProjectView:
        return cls(
            p.id, p.customer_id, customer_name, p.name, p.status, p.currency, p.price,
            p.start_date, p.end_date, p.scope, p.success_criteria, p.handover_criteria,
            p.agreed_at, p.delivered_at, p.notes, p.version,
            tuple(ProjectChangeView.of(c) for c in p.changes),
            tuple(ScopeAdditionView.of(s) for s in p.scope_additions),
        )  # fmt: skip
