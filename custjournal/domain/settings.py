"""Stored settings (rule thresholds and the like) and risk snoozes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from custjournal.domain.base import Base, UTCDateTime


class Setting(Base):
    """One setting, its value kept as JSON text so every type round-trips."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RiskSnooze(Base):
    """A risk the user chose to hide until a date, found again by the risk's stable key."""

    __tablename__ = "risk_snoozes"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
