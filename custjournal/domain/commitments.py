"""Commitments both ways (promises and appointments), their due-date history and notices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from custjournal.domain.base import Base, UTCDateTime
from custjournal.domain.enums import (
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    FollowUpKind,
    NoticeKind,
    enum_column,
)

# The partial index's condition, as SQL the queries repeat literally (see risk_reading).
VISITS = "kind = 'appointment' AND channel = 'in-person'"
# Appointments (what can clash with a meeting), as their partial index's condition.
APPOINTMENTS = "kind = 'appointment'"


class Commitment(Base):
    """A promise (due at a time) or an appointment (starting at a time, lasting a while).

    `due_at` is the deadline of a promise and the start of an appointment; it is stored in UTC
    with the IANA zone where it happens, so "09:00 in Helsinki" survives a DST change.
    """

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(100), unique=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="SET NULL"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    # The interaction in which this was promised (or which it follows up, e.g. an upset call).
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interactions.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[CommitmentKind] = mapped_column(
        enum_column(CommitmentKind), default=CommitmentKind.PROMISE
    )
    direction: Mapped[Direction] = mapped_column(enum_column(Direction), default=Direction.MINE)
    title: Mapped[str] = mapped_column(String(300))
    details: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    status: Mapped[CommitmentStatus] = mapped_column(
        enum_column(CommitmentStatus), default=CommitmentStatus.OPEN, index=True
    )
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    location: Mapped[str] = mapped_column(String(300), default="")
    channel: Mapped[Channel | None] = mapped_column(enum_column(Channel))
    rrule: Mapped[str] = mapped_column(String(500), default="")
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up: Mapped[FollowUpKind | None] = mapped_column(enum_column(FollowUpKind))
    owner: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    due_changes: Mapped[list[DueChange]] = relationship(
        back_populates="commitment", cascade="all, delete-orphan", order_by="DueChange.id"
    )

    __mapper_args__ = {"version_id_col": version}
    # Commitments of one status in due order straight from an index: the agenda's window of
    # open ones (not every open commitment), and per customer the briefing's promises and the
    # workspace's pages (not the 20,000 commitments of a busy account). Recurring open
    # appointments are few; the partial index finds them without walking every open one.
    # Follow-ups are few too: the rules find them without reading every commitment.
    __table_args__ = (
        Index("ix_commitments_customer_status_due", "customer_id", "status", "due_at"),
        Index("ix_commitments_status_due", "status", "due_at"),
        Index(
            "ix_commitments_recurring",
            "status",
            "due_at",
            sqlite_where=text("rrule <> ''"),
            postgresql_where=text("rrule <> ''"),
        ),
        # Past in-person visits of one customer (met before?), without walking their e-mails
        # and calls: a busy account has thousands between two visits.
        Index(
            "ix_commitments_visits",
            "customer_id",
            "status",
            "due_at",
            sqlite_where=text(VISITS),
            postgresql_where=text(VISITS),
        ),
        # Open appointments near a moment with how long they last (can this one clash?), from
        # the index alone: a briefing on a busy diary read 3,400 open promises' rows for them.
        Index(
            "ix_commitments_appointments",
            "status",
            "due_at",
            "duration_minutes",
            "rrule",
            "customer_id",
            sqlite_where=text(APPOINTMENTS),
            postgresql_where=text(APPOINTMENTS),
        ),
        Index(
            "ix_commitments_follow_up",
            "follow_up",
            sqlite_where=text("follow_up IS NOT NULL"),
            postgresql_where=text("follow_up IS NOT NULL"),
        ),
    )

    @property
    def in_person(self) -> bool:
        return self.channel == Channel.IN_PERSON


class DueChange(Base):
    """One move of a commitment's due time (or an appointment's start)."""

    __tablename__ = "due_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    old_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    new_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id", ondelete="SET NULL"))

    commitment: Mapped[Commitment] = relationship(back_populates="due_changes")


class Notice(Base):
    """How the customer was told of a reschedule, a cancellation or a planned change.

    `effective_at` is when the change bites: the original start of a moved or cancelled
    appointment, or the moment a planned change (a server reboot) is carried out.
    `what_changes` says exactly what will change; nothing else may be done under this notice.
    """

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitments.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[NoticeKind] = mapped_column(enum_column(NoticeKind))
    title: Mapped[str] = mapped_column(String(300))
    what_changes: Mapped[str] = mapped_column(Text, default="")
    effective_at: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
