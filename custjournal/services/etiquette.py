"""The etiquette library: the shipped starter pack, the user's own reminders, and lookups."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from custjournal import paths
from custjournal.domain import (
    Customer,
    EtiquetteReminder,
    NotFoundError,
    ValidationError,
)
from custjournal.domain.enums import EtiquetteCategory, EtiquetteScope, parse_enum
from custjournal.services.validate import check_version
from custjournal.store import Journal

PACK_DIR_NAME = "etiquette"
MAX_TEXT = 2000
# The order a reader scans reminders in before a meeting.
CATEGORY_ORDER = {c: i for i, c in enumerate(EtiquetteCategory)}
SCOPE_ORDER = {EtiquetteScope.GLOBAL: 0, EtiquetteScope.CULTURE: 1, EtiquetteScope.CUSTOMER: 2}


@dataclass(frozen=True, slots=True)
class Reminder:
    id: int
    scope: EtiquetteScope
    culture: str
    customer_id: int | None
    category: EtiquetteCategory
    text: str
    pack_key: str
    enabled: bool

    @property
    def from_pack(self) -> bool:
        return bool(self.pack_key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "scope": self.scope.value,
            "culture": self.culture,
            "customer_id": self.customer_id,
            "category": self.category.value,
            "text": self.text,
            "pack_key": self.pack_key,
            "enabled": self.enabled,
        }


@dataclass(frozen=True, slots=True)
class PackEntry:
    pack_key: str
    scope: EtiquetteScope
    culture: str
    category: EtiquetteCategory
    text: str


@dataclass(frozen=True, slots=True)
class InstallResult:
    added: int
    kept: int


def _reminder(row: EtiquetteReminder) -> Reminder:
    return Reminder(
        id=row.id,
        scope=row.scope,
        culture=row.culture,
        customer_id=row.customer_id,
        category=row.category,
        text=row.text,
        pack_key=row.pack_key,
        enabled=row.enabled,
    )


def _sort_key(r: Reminder) -> tuple[int, str, int, int]:
    return (SCOPE_ORDER[r.scope], r.culture, CATEGORY_ORDER[r.category], r.id)


def normalise_culture(value: str | None, field: str = "culture") -> str:
    """An ISO 3166 alpha-2 code in capitals ("fi" -> "FI"), or a ValidationError."""
    text = (value or "").strip().upper()
    if len(text) != 2 or not text.isalpha() or not text.isascii():
        raise ValidationError(field, f"{value!r} is not a two-letter country code like FI or JP")
    return text


def _check_text(text: str | None) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValidationError("text", "is empty; write what to remember")
    if len(cleaned) > MAX_TEXT:
        raise ValidationError("text", f"is longer than {MAX_TEXT} characters")
    return cleaned


def load_pack(directory: Path | None = None) -> list[PackEntry]:
    """Read the starter pack's JSON files; a broken file names itself and the entry."""
    folder = directory or paths.RESOURCES / PACK_DIR_NAME
    entries: list[PackEntry] = []
    seen: set[str] = set()
    for file in sorted(folder.glob("*.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        for index, raw in enumerate(data.get("reminders", [])):
            where = f"{file.name}[{index}]"
            key = str(raw.get("pack_key", "")).strip()
            if not key or key in seen:
                raise ValidationError(f"{where}.pack_key", f"{key!r} is missing or repeated")
            seen.add(key)
            scope = parse_enum(EtiquetteScope, raw.get("scope", ""), f"{where}.scope")
            if scope == EtiquetteScope.CUSTOMER:
                raise ValidationError(f"{where}.scope", "the pack cannot hold customer reminders")
            culture = ""
            if scope == EtiquetteScope.CULTURE:
                culture = normalise_culture(raw.get("culture"), f"{where}.culture")
            entries.append(
                PackEntry(
                    pack_key=key,
                    scope=scope,
                    culture=culture,
                    category=parse_enum(
                        EtiquetteCategory, raw.get("category", ""), f"{where}.category"
                    ),
                    text=_check_text(raw.get("text")),
                )
            )
    return entries


def install_starter_pack(journal: Journal, *, directory: Path | None = None) -> InstallResult:
    """Add the pack's reminders whose key is not in the journal yet.

    Rows already present are never touched, whatever their text: the user may have edited or
    disabled them, and a reinstall must not undo that. Deleting a pack reminder only disables
    it (see delete_reminder), so its key stays and the pack does not bring it back.
    """
    entries = load_pack(directory)
    with journal.transaction() as session:
        present = set(
            session.scalars(
                select(EtiquetteReminder.pack_key).where(EtiquetteReminder.pack_key != "")
            )
        )
        added = 0
        for entry in entries:
            if entry.pack_key in present:
                continue
            session.add(
                EtiquetteReminder(
                    scope=entry.scope,
                    culture=entry.culture,
                    customer_id=None,
                    category=entry.category,
                    text=entry.text,
                    pack_key=entry.pack_key,
                    enabled=True,
                )
            )
            added += 1
        return InstallResult(added=added, kept=len(entries) - added)


def list_reminders(
    journal: Journal,
    *,
    scope: EtiquetteScope | str | None = None,
    culture: str | None = None,
    customer_id: int | None = None,
    include_disabled: bool = False,
) -> list[Reminder]:
    """Reminders filtered by scope, country code and/or customer, in reading order."""
    query = select(EtiquetteReminder)
    if scope is not None:
        query = query.where(EtiquetteReminder.scope == parse_enum(EtiquetteScope, scope, "scope"))
    if culture:
        query = query.where(EtiquetteReminder.culture == normalise_culture(culture))
    if customer_id is not None:
        query = query.where(EtiquetteReminder.customer_id == customer_id)
    if not include_disabled:
        query = query.where(EtiquetteReminder.enabled.is_(True))
    with journal.reading() as session:
        return sorted((_reminder(r) for r in session.scalars(query)), key=_sort_key)


def add_reminder(
    journal: Journal,
    *,
    scope: EtiquetteScope | str,
    category: EtiquetteCategory | str,
    text: str,
    culture: str | None = None,
    customer_id: int | None = None,
) -> Reminder:
    """Add the user's own reminder: global, for a country, or for one customer."""
    parsed_scope = parse_enum(EtiquetteScope, scope, "scope")
    parsed_category = parse_enum(EtiquetteCategory, category, "category")
    cleaned = _check_text(text)
    code = ""
    if parsed_scope == EtiquetteScope.CULTURE:
        code = normalise_culture(culture)
    elif culture:
        raise ValidationError("culture", f"only culture reminders have one, not {parsed_scope}")
    if parsed_scope == EtiquetteScope.CUSTOMER:
        if customer_id is None:
            raise ValidationError("customer", "a customer reminder needs its customer")
    elif customer_id is not None:
        raise ValidationError("customer", f"only customer reminders name one, not {parsed_scope}")
    with journal.transaction() as session:
        if customer_id is not None and session.get(Customer, customer_id) is None:
            raise NotFoundError("customer", customer_id)
        row = EtiquetteReminder(
            scope=parsed_scope,
            culture=code,
            customer_id=customer_id,
            category=parsed_category,
            text=cleaned,
            pack_key="",
            enabled=True,
        )
        session.add(row)
        session.flush()
        return _reminder(row)


def update_reminder(
    journal: Journal,
    *,
    reminder_id: int,
    text: str | None = None,
    category: EtiquetteCategory | str | None = None,
    culture: str | None = None,
    enabled: bool | None = None,
    expected_version: int | None = None,
) -> Reminder:
    """Change a reminder's text, category, country or on/off; pack reminders may be edited too."""
    with journal.transaction() as session:
        row = session.get(EtiquetteReminder, reminder_id)
        if row is None:
            raise NotFoundError("etiquette reminder", reminder_id)
        check_version(f"etiquette reminder {reminder_id}", row.version, expected_version)
        if text is not None:
            row.text = _check_text(text)
        if category is not None:
            row.category = parse_enum(EtiquetteCategory, category, "category")
        if culture is not None:
            if row.scope != EtiquetteScope.CULTURE:
                raise ValidationError("culture", f"a {row.scope} reminder has no country")
            row.culture = normalise_culture(culture)
        if enabled is not None:
            row.enabled = bool(enabled)
        session.flush()
        return _reminder(row)


def delete_reminder(journal: Journal, *, reminder_id: int) -> bool:
    """Remove a reminder. Returns True if deleted, False if a pack reminder was only disabled.

    A starter-pack reminder is kept disabled so that installing the pack again does not
    resurrect what the user removed.
    """
    with journal.transaction() as session:
        row = session.get(EtiquetteReminder, reminder_id)
        if row is None:
            raise NotFoundError("etiquette reminder", reminder_id)
        if row.pack_key:
            row.enabled = False
            return False
        session.delete(row)
        return True


def _customer_reminders(session: Session, customer_id: int) -> list[Reminder]:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFoundError("customer", customer_id)
    codes = {c.strip().upper() for c in (customer.country, customer.culture) if c and c.strip()}
    conditions = [
        EtiquetteReminder.scope == EtiquetteScope.GLOBAL,
        EtiquetteReminder.customer_id == customer_id,
    ]
    if codes:
        conditions.append(
            (EtiquetteReminder.scope == EtiquetteScope.CULTURE)
            & EtiquetteReminder.culture.in_(sorted(codes))
        )
    rows = session.scalars(
        select(EtiquetteReminder).where(EtiquetteReminder.enabled.is_(True), or_(*conditions))
    )
    return sorted((_reminder(r) for r in rows), key=_sort_key)


def reminders_for_customer(source: Journal | Session, customer_id: int) -> list[Reminder]:
    """Global reminders, those for the customer's country/culture, and the customer's own."""
    if isinstance(source, Journal):
        with source.reading() as session:
            return _customer_reminders(session, customer_id)
    return _customer_reminders(source, customer_id)
