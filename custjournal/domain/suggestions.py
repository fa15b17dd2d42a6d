"""What the user decided about a promise found in a note, so it is not offered again."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from custjournal.domain.base import Base, UTCDateTime
from custjournal.domain.enums import enum_column


class SuggestionDecision(StrEnum):
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


class PromiseDecision(Base):
    """One suggestion of one note, by its stable key: accepted (tracked) or dismissed."""

    __tablename__ = "promise_decisions"

    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    decision: Mapped[SuggestionDecision] = mapped_column(enum_column(SuggestionDecision))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The commitment an accepted suggestion became (cleared if that commitment is deleted).
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitments.id", ondelete="SET NULL")
    )
