"""Customers and the people we deal with there."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from custjournal.domain.base import Base, UTCDateTime
from custjournal.domain.enums import Channel, Stage, Temperament, enum_column


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    stage: Mapped[Stage] = mapped_column(enum_column(Stage), default=Stage.PROSPECT)
    organisation_type: Mapped[str] = mapped_column(String(100), default="")
    temperament: Mapped[Temperament] = mapped_column(
        enum_column(Temperament), default=Temperament.COOPERATIVE
    )
    preferred_channel: Mapped[Channel | None] = mapped_column(enum_column(Channel))
    # None means "the global default cadence" (a setting), so changing it moves everyone.
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    request: Mapped[str] = mapped_column(Text, default="")
    root_need: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    culture: Mapped[str] = mapped_column(String(60), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="Contact.id"
    )

    __mapper_args__ = {"version_id_col": version}


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    # How to address them, e.g. "Dr. Müller" in a first e-mail, or "Anna" once invited to.
    form_of_address: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    preferred_channel: Mapped[Channel | None] = mapped_column(enum_column(Channel))
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    customer: Mapped[Customer] = relationship(back_populates="contacts")

    __mapper_args__ = {"version_id_col": version}
