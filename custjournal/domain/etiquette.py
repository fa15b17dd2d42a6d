"""Cultural and etiquette reminders: global, per country/culture, or per customer."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from custjournal.domain.base import Base
from custjournal.domain.enums import EtiquetteCategory, EtiquetteScope, enum_column


class EtiquetteReminder(Base):
    __tablename__ = "etiquette_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[EtiquetteScope] = mapped_column(enum_column(EtiquetteScope))
    # ISO 3166 country code for culture reminders ("FI", "JP"); empty otherwise.
    culture: Mapped[str] = mapped_column(String(60), default="", index=True)
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[EtiquetteCategory] = mapped_column(enum_column(EtiquetteCategory))
    text: Mapped[str] = mapped_column(Text)
    # Reminders from the shipped starter pack carry a stable key so updates can find them.
    pack_key: Mapped[str] = mapped_column(String(100), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
