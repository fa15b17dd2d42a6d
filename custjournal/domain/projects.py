"""Projects (engagements) with the terms agreed up front, their drift, and retrospectives."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from custjournal.domain.base import Base, Money, UTCDateTime
from custjournal.domain.enums import ProjectField, ProjectStatus, WorkAgain, enum_column


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[ProjectStatus] = mapped_column(
        enum_column(ProjectStatus), default=ProjectStatus.PROPOSED
    )
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    price: Mapped[Decimal | None] = mapped_column(Money)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(Text, default="")
    success_criteria: Mapped[str] = mapped_column(Text, default="")
    handover_criteria: Mapped[str] = mapped_column(Text, default="")
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    changes: Mapped[list[ProjectChange]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectChange.id"
    )
    scope_additions: Mapped[list[ScopeAddition]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ScopeAddition.id"
    )

    __mapper_args__ = {"version_id_col": version}


class ProjectChange(Base):
    """A change to the agreed price or timeline after the agreement."""

    __tablename__ = "project_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[ProjectField] = mapped_column(enum_column(ProjectField))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    old_amount: Mapped[Decimal | None] = mapped_column(Money)
    new_amount: Mapped[Decimal | None] = mapped_column(Money)
    old_date: Mapped[date | None] = mapped_column(Date)
    new_date: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="changes")


class ScopeAddition(Base):
    """Work added to the agreed scope; unpriced extras are how margins quietly disappear."""

    __tablename__ = "scope_additions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    description: Mapped[str] = mapped_column(Text)
    extra_price: Mapped[Decimal | None] = mapped_column(Money)
    # True once the customer agreed the extra price (or agreed that it is free).
    customer_agreed: Mapped[bool] = mapped_column(Boolean, default=False)

    project: Mapped[Project] = relationship(back_populates="scope_additions")


class Retrospective(Base):
    """The consultant's own answers after a project; the figures are computed, not stored."""

    __tablename__ = "retrospectives"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), unique=True
    )
    went_well: Mapped[str] = mapped_column(Text, default="")
    went_wrong: Mapped[str] = mapped_column(Text, default="")
    i_own: Mapped[str] = mapped_column(Text, default="")
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    work_again: Mapped[WorkAgain | None] = mapped_column(enum_column(WorkAgain))
    lessons: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
