"""The briefing as data: frozen values the renderers and the window read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from custjournal.domain.enums import Channel, Direction, InteractionKind, Stage, Temperament
from custjournal.services.briefing_questions import QuestionLine
from custjournal.services.drift import ProjectTerms
from custjournal.services.etiquette import Reminder


@dataclass(frozen=True, slots=True)
class ContactLine:
    id: int
    name: str
    role: str
    form_of_address: str
    email: str
    phone: str
    preferred_channel: Channel | None
    attending: bool


@dataclass(frozen=True, slots=True)
class Meeting:
    appointment_id: int
    title: str
    starts_at: datetime
    when: str
    duration_minutes: int | None
    location: str
    channel: Channel | None
    confirmed: bool
    status: str
    project_name: str
    contact_name: str
    first_in_person: bool
    chosen: bool  # False when it is simply the customer's next appointment


@dataclass(frozen=True, slots=True)
class InteractionLine:
    id: int
    occurred_at: datetime
    when: str
    kind: InteractionKind
    channel: Channel | None
    title: str
    body: str  # Markdown, exactly as the user wrote it; renderers escape it
    mood: str
    contacts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PromiseLine:
    id: int
    title: str
    direction: Direction
    due_at: datetime
    due: str
    overdue: bool
    relative: str
    project_name: str


@dataclass(frozen=True, slots=True)
class RiskLine:
    rule_id: str
    severity: str
    reason: str
    action: str


@dataclass(frozen=True, slots=True)
class Briefing:
    generated_at: datetime
    user_timezone: str
    user_name: str
    customer_id: int
    customer_name: str
    organisation_type: str
    stage: Stage
    stage_guidance: str
    temperament: Temperament
    temperament_guidance: str
    request: str
    root_need: str
    preferred_channel: Channel | None
    country: str
    culture: str
    customer_timezone: str
    their_time_now: str
    last_contact: str
    meeting: Meeting | None
    contacts: tuple[ContactLine, ...]
    etiquette: tuple[Reminder, ...]
    interactions: tuple[InteractionLine, ...]
    promises_mine: tuple[PromiseLine, ...]
    promises_theirs: tuple[PromiseLine, ...]
    more_promises: int
    projects: tuple[ProjectTerms, ...]
    risks: tuple[RiskLine, ...]
    risks_available: bool
    questions: tuple[QuestionLine, ...]

    @property
    def first_in_person(self) -> bool:
        return self.meeting is not None and self.meeting.first_in_person
