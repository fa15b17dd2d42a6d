"""Reading one field of a JSON journal file: each column's type decides what it accepts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Date, Enum, Integer

from custjournal.domain.base import Money, UTCDateTime
from custjournal.domain.errors import ValidationError
from custjournal.domain.times import MAX_YEAR, MIN_YEAR, zone

# Amounts are stored as integer hundredths (64-bit on both databases); the services allow
# below 10^12.
MAX_AMOUNT = Decimal(10) ** 12


def parse_time(path: str, value: Any, record: dict[str, Any]) -> datetime:
    if not isinstance(value, str):
        raise ValidationError(path, "must be an ISO-8601 date and time string")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        detail = f" ({exc})" if "range" in str(exc) else ""
        raise ValidationError(path, f"{value!r} is not an ISO-8601 date and time{detail}") from None
    if parsed.tzinfo is None:
        # A time without offset is read in the record's own zone, as a person would mean it.
        tz_name = record.get("timezone")
        if not isinstance(tz_name, str):
            raise ValidationError(path, f"{value!r} has no offset and the record has no timezone")
        parsed = parsed.replace(tzinfo=zone(tz_name, path))
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise ValidationError(
            path, f"{value!r}: the year must be between {MIN_YEAR} and {MAX_YEAR}"
        )
    return parsed.astimezone(UTC)


def from_json(path: str, column: Column[Any], value: Any, record: dict[str, Any]) -> Any:
    """A field of a journal file as its column stores it; a ValidationError naming `path`
    (e.g. customers[3].timezone) for anything the column cannot hold on either database."""
    if value is None:
        if not column.nullable:
            raise ValidationError(path, "must not be null")
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return parse_time(path, value, record)
    if isinstance(kind, Money):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(path, f"{value!r} is not an amount") from None
        if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
            raise ValidationError(path, f"{value!r} is not an amount from 0 to {MAX_AMOUNT - 1}")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(path, f"{value!r} has more than two decimals")
        return amount
    if isinstance(kind, Date):
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(path, f"{value!r} is not a date (YYYY-MM-DD)") from None
    if isinstance(kind, Enum):
        choices = list(kind.enums)
        if value not in choices:
            raise ValidationError(path, f"{value!r} is not one of {', '.join(choices)}")
        return kind.enum_class(value) if kind.enum_class else value
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise ValidationError(path, "must be true or false")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(path, "must be a whole number")
        # INTEGER is 32 bits on PostgreSQL (64 on SQLite): a file must load into either.
        bits = 63 if isinstance(kind, BigInteger) else 31
        if not -(2**bits) <= value < 2**bits:
            raise ValidationError(path, f"{value} is out of range (±{2**bits - 1:,})")
        return value
    if not isinstance(value, str):
        raise ValidationError(path, "must be text")
    length = getattr(kind, "length", None)
    if length and len(value) > length:
        raise ValidationError(path, f"is longer than {length} characters")
    if "\x00" in value:
        raise ValidationError(path, "contains a NUL character")
    if column.name == "timezone":
        zone(value, path)
    return value
