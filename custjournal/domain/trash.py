"""The trash: deleted customers and projects, kept whole for a while so they can come back."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from custjournal.domain.base import Base, UTCDateTime
from custjournal.domain.enums import enum_column


class TrashKind(StrEnum):
    CUSTOMER = "customer"
    PROJECT = "project"


class TrashItem(Base):
    """One deleted aggregate: `payload` is JSON of every row it had, children included."""

    __tablename__ = "trash"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TrashKind] = mapped_column(enum_column(TrashKind))
    label: Mapped[str] = mapped_column(String(300))
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    payload: Mapped[str] = mapped_column(Text)
