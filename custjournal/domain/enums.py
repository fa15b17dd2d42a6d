"""The fixed vocabularies of the journal, stored by their string values."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import Enum

from custjournal.domain.errors import ValidationError


def enum_column(enum: type[StrEnum]) -> Enum:
    """A portable column type that stores the enum's value (not its name) as text."""
    return Enum(
        enum,
        native_enum=False,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Stage(StrEnum):
    PROSPECT = "prospect"
    ACTIVE = "active"
    PAST = "past"
    LOST = "lost"


class Temperament(StrEnum):
    COOPERATIVE = "cooperative"
    UNSURE = "unsure"
    UPSET = "upset"
    TECHNICAL = "technical"
    BUSINESS_ONLY = "business-only"


class Channel(StrEnum):
    IN_PERSON = "in-person"
    PHONE = "phone"
    VIDEO = "video"
    EMAIL = "email"
    CHAT = "chat"
    LETTER = "letter"


class InteractionKind(StrEnum):
    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    VISIT = "visit"
    MEAL = "meal"
    MESSAGE = "message"
    NOTE = "note"


# A plain observation is written *about* the customer, not *with* them, so it is not contact.
NON_CONTACT_KINDS = frozenset({InteractionKind.NOTE})


class Mood(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    UNSURE = "unsure"
    UPSET = "upset"
    ANGRY = "angry"


UPSET_MOODS = frozenset({Mood.UPSET, Mood.ANGRY})


class Direction(StrEnum):
    """Who owes the commitment: me (the consultant) or the customer's side."""

    MINE = "mine"
    THEIRS = "theirs"


class CommitmentKind(StrEnum):
    PROMISE = "promise"
    APPOINTMENT = "appointment"


class CommitmentStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"
    BROKEN = "broken"


class FollowUpKind(StrEnum):
    """Why a commitment exists when it is a follow-up (after a project or an upset)."""

    CELEBRATION = "celebration"
    FEEDBACK = "feedback"
    CHECK_IN = "check-in"
    AFTER_UPSET = "after-upset"


class NoticeKind(StrEnum):
    RESCHEDULE = "reschedule"
    CANCELLATION = "cancellation"
    PLANNED_CHANGE = "planned-change"


class ProjectStatus(StrEnum):
    PROPOSED = "proposed"
    AGREED = "agreed"
    RUNNING = "running"
    DELIVERED = "delivered"
    CLOSED = "closed"
    CANCELLED = "cancelled"


# Statuses in which an agreement must already exist.
COMMITTED_PROJECT_STATUSES = frozenset(
    {ProjectStatus.AGREED, ProjectStatus.RUNNING, ProjectStatus.DELIVERED}
)


class ProjectField(StrEnum):
    """The agreed terms whose changes are kept as history."""

    PRICE = "price"
    START = "start"
    END = "end"


class EtiquetteScope(StrEnum):
    GLOBAL = "global"
    CULTURE = "culture"
    CUSTOMER = "customer"


class EtiquetteCategory(StrEnum):
    CONDUCT = "conduct"
    DRESS = "dress"
    ADDRESS = "address"
    PUNCTUALITY = "punctuality"
    MEALS = "meals"
    GIFTS = "gifts"
    CHANNELS = "channels"
    DECISIONS = "decisions"
    TABOOS = "taboos"


class WorkAgain(StrEnum):
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


def parse_enum(enum: type[StrEnum], value: Any, field: str) -> Any:
    """Turn user text into an enum member, or raise ValidationError naming the choices."""
    if isinstance(value, enum):
        return value
    text = str(value).strip().lower().replace("_", "-")
    for member in enum:
        if member.value == text:
            return member
    choices = ", ".join(m.value for m in enum)
    raise ValidationError(field, f"{value!r} is not one of {choices}")
