"""Input checks shared by the services; each failure names the field and the problem."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from custjournal.domain.enums import parse_enum
from custjournal.domain.errors import ConflictError, ValidationError
from custjournal.domain.times import require_aware, zone

E = TypeVar("E", bound=StrEnum)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def text(field: str, value: Any, *, max_len: int, required: bool = False) -> str:
    """Trimmed text without control characters (tabs and newlines kept)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, "must be text")
    cleaned = _CONTROL.sub("", value).strip()
    if required and not cleaned:
        raise ValidationError(field, "is required")
    if len(cleaned) > max_len:
        raise ValidationError(field, f"is too long ({len(cleaned)} characters, at most {max_len})")
    return cleaned


def line(field: str, value: Any, *, max_len: int = 200, required: bool = False) -> str:
    """One line of text: runs of whitespace, newlines included, become one space."""
    return " ".join(text(field, value, max_len=max_len, required=required).split())


def enum(field: str, enum_type: type[E], value: Any) -> E:
    return parse_enum(enum_type, value, field)


def optional_enum(field: str, enum_type: type[E], value: Any) -> E | None:
    if value is None or value == "":
        return None
    return parse_enum(enum_type, value, field)


def when(field: str, value: Any) -> datetime:
    if not isinstance(value, datetime):
        raise ValidationError(field, "must be a date and time")
    return require_aware(value, field)


def timezone(field: str, value: Any) -> str:
    name = line(field, value, max_len=64, required=True)
    zone(name, field)
    return name


def email(field: str, value: Any) -> str:
    cleaned = line(field, value, max_len=320)
    if cleaned and not _EMAIL.match(cleaned):
        raise ValidationError(field, f"{cleaned!r} is not an e-mail address")
    return cleaned


def country(field: str, value: Any) -> str:
    cleaned = line(field, value, max_len=2).upper()
    if cleaned and not re.fullmatch(r"[A-Z]{2}", cleaned):
        raise ValidationError(field, f"{cleaned!r} is not a two-letter country code (e.g. FI)")
    return cleaned


def positive_int(field: str, value: Any, *, optional: bool = False, maximum: int = 10**6) -> Any:
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(field, f"{value!r} is not a whole number") from None
    if isinstance(value, float) and value != number:
        raise ValidationError(field, f"{value!r} is not a whole number")
    if number <= 0:
        raise ValidationError(field, "must be greater than zero")
    if number > maximum:
        raise ValidationError(field, f"must be at most {maximum}")
    return number


def money(field: str, value: Any, *, optional: bool = True) -> Decimal | None:
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError(field, "is required")
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValidationError(field, f"{value!r} is not an amount") from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError(field, "must be zero or more")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(field, "has more than two decimals")
    if amount >= Decimal("10") ** 12:
        raise ValidationError(field, "is too large")
    return amount.quantize(Decimal("0.01"))


def currency(field: str, value: Any) -> str:
    cleaned = line(field, value or "EUR", max_len=3).upper()
    if not re.fullmatch(r"[A-Z]{3}", cleaned):
        raise ValidationError(field, f"{cleaned!r} is not a three-letter currency code (e.g. EUR)")
    return cleaned


# What to do about a refused edit, said the same way wherever one is refused.
AFTER_CONFLICT = "your edit was not saved (reload to see the other change, then apply yours again)"


def check_version(what: str, actual: int, expected: int | None) -> None:
    """Refuse to overwrite a record someone else saved since the caller read it."""
    if expected is not None and actual != expected:
        raise ConflictError(f"{what} was changed elsewhere since you opened it; {AFTER_CONFLICT}")
