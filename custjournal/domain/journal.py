"""Interactions (the dated notes of the journal) and the questions customers asked in them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from custjournal.domain.base import Base, UTCDateTime
from custjournal.domain.customers import Contact
from custjournal.domain.enums import Channel, InteractionKind, Mood, enum_column

interaction_contacts = Table(
    "interaction_contacts",
    Base.metadata,
    Column(
        "interaction_id",
        ForeignKey("interactions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("contact_id", ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True),
)


class Interaction(Base):
    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    kind: Mapped[InteractionKind] = mapped_column(
        enum_column(InteractionKind), default=InteractionKind.NOTE
    )
    channel: Mapped[Channel | None] = mapped_column(enum_column(Channel))
    title: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    mood: Mapped[Mood] = mapped_column(enum_column(Mood), default=Mood.NEUTRAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    contacts: Mapped[list[Contact]] = relationship(
        secondary=interaction_contacts, order_by="Contact.id"
    )
    questions: Mapped[list[CustomerQuestion]] = relationship(
        back_populates="interaction", cascade="all, delete-orphan", order_by="CustomerQuestion.id"
    )

    __mapper_args__ = {"version_id_col": version}
    # A customer's timeline, newest first, and the latest contact per customer, straight from
    # the index (without it a 50,000-note customer sorts every note to show the first page, and
    # the customer list reads every note to find each customer's latest contact). The same
    # per project: a project's latest note without sorting all of its notes.
    __table_args__ = (
        Index("ix_interactions_customer_timeline", "customer_id", "occurred_at", "kind"),
        Index("ix_interactions_project_timeline", "project_id", "occurred_at"),
    )


class CustomerQuestion(Base):
    """A question the customer asked; the same `topic` asked again means: explain it differently."""

    __tablename__ = "customer_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    # A normalised key so that rephrasings of one question group together.
    topic: Mapped[str] = mapped_column(String(200), index=True)

    interaction: Mapped[Interaction] = relationship(back_populates="questions")
