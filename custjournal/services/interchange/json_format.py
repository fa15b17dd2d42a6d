"""The versioned JSON journal format: a complete, lossless export and an all-or-nothing import.

Layout (documented with an example in docs/json-format.md): a header, then one list per table
in dependency order, records sorted by primary key, fields in column order. Export is a pure
function of the journal's content, so export → import → export gives identical bytes.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Date, Enum, Integer, Table, func, select, text
from sqlalchemy.orm import Session

from custjournal.domain import Base
from custjournal.domain.base import Money, UTCDateTime
from custjournal.domain.errors import ValidationError
from custjournal.domain.times import MAX_YEAR, MIN_YEAR, zone
from custjournal.services.uow import unit_of_work
from custjournal.store import Journal

FORMAT = "custjournal"
VERSION = 1

# Export order: every table after the ones it refers to. New tables must be added here on
# purpose (a test checks every table is either listed or deliberately left out).
TABLES: tuple[str, ...] = (
    "customers",
    "contacts",
    "projects",
    "interactions",
    "interaction_contacts",
    "customer_questions",
    "commitments",
    "promise_decisions",
    "notices",
    "due_changes",
    "project_changes",
    "scope_additions",
    "retrospectives",
    "etiquette_reminders",
    "risk_snoozes",
    "settings",
)
# Kept out of the journal file on purpose: deleted records are not part of the journal.
EXCLUDED: frozenset[str] = frozenset({"trash"})

# Amounts are stored as integer hundredths; the services allow below 10^12. (On PostgreSQL the
# column is still a 32-bit INTEGER: amounts from 21,474,836.48 fail there, a known bug.)
MAX_AMOUNT = Decimal(10) ** 12


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _to_json(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, UTCDateTime):
        fmt = "%Y-%m-%dT%H:%M:%S.%fZ" if value.microsecond else "%Y-%m-%dT%H:%M:%SZ"
        return value.astimezone(UTC).strftime(fmt)
    if isinstance(column.type, Money):
        return f"{value:.2f}"
    if isinstance(column.type, Date):
        return value.isoformat()
    if isinstance(value, Enum) or hasattr(value, "value"):
        return value.value
    return value


def export_journal(journal: Journal, *, now: datetime | None = None) -> dict[str, Any]:
    """Every record of the journal as plain JSON data (`now` is accepted for symmetry)."""
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    with journal.reading() as session:
        for name in TABLES:
            table = _table(name)
            rows = session.execute(select(table).order_by(*table.primary_key.columns))
            data[name] = [
                {col.name: _to_json(col, row._mapping[col]) for col in table.columns}
                for row in rows
            ]
    return data


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- import -------------------------------------------------------------------------------


def _parse_time(path: str, value: Any, record: dict[str, Any]) -> datetime:
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


def _from_json(path: str, column: Column[Any], value: Any, record: dict[str, Any]) -> Any:
    if value is None:
        if not column.nullable:
            raise ValidationError(path, "must not be null")
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return _parse_time(path, value, record)
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


def _default(column: Column[Any], now: datetime) -> Any:
    if column.name == "created_at":
        return now
    if column.name == "uid":
        return f"{uuid.uuid4()}@custjournal"
    default = column.default
    if default is None or not getattr(default, "is_scalar", False):
        return None
    return default.arg  # type: ignore[attr-defined]


def _records(data: dict[str, Any], name: str) -> list[Any]:
    records = data.get(name, [])
    if not isinstance(records, list):
        raise ValidationError(name, "must be a list of records")
    return records


def _convert(data: dict[str, Any], now: datetime) -> dict[str, list[dict[str, Any]]]:
    converted: dict[str, list[dict[str, Any]]] = {}
    for name in TABLES:
        table = _table(name)
        columns = {c.name: c for c in table.columns}
        rows = []
        for index, record in enumerate(_records(data, name)):
            where = f"{name}[{index}]"
            if not isinstance(record, dict):
                raise ValidationError(where, "must be an object")
            unknown = [k for k in record if k not in columns]
            if unknown:
                raise ValidationError(f"{where}.{unknown[0]}", "is not a field of this record")
            row: dict[str, Any] = {}
            for column in table.columns:
                path = f"{where}.{column.name}"
                if column.name in record:
                    row[column.name] = _from_json(path, column, record[column.name], record)
                    continue
                value = _default(column, now)
                if value is None and not column.nullable and not _numbered(column):
                    raise ValidationError(path, "is required")
                row[column.name] = value
            rows.append(row)
        _number_missing_ids(table, rows)
        converted[name] = rows
    _check_references(converted)
    return converted


def _numbered(column: Column[Any]) -> bool:
    return column.primary_key and isinstance(column.type, Integer)


def _number_missing_ids(table: Table, rows: list[dict[str, Any]]) -> None:
    """Records written by hand may leave out their id: number them after the given ones."""
    pk = list(table.primary_key.columns)
    if len(pk) != 1 or not _numbered(pk[0]):
        return
    name = pk[0].name
    next_id = max((r[name] for r in rows if r[name] is not None), default=0) + 1
    for row in rows:
        if row[name] is None:
            row[name] = next_id
            next_id += 1


def _check_references(converted: dict[str, list[dict[str, Any]]]) -> None:
    """Name the exact field that points at a record the file does not contain."""
    keys: dict[str, set[Any]] = {}
    for name, rows in converted.items():
        pk = [c.name for c in _table(name).primary_key.columns]
        seen: set[Any] = set()
        for index, row in enumerate(rows):
            key = tuple(row[c] for c in pk)
            if key in seen:
                raise ValidationError(f"{name}[{index}].{pk[0]}", f"repeats {key[0]!r}")
            seen.add(key)
        keys[name] = {k[0] for k in seen} if len(pk) == 1 else set()
    for name, rows in converted.items():
        _check_unique(name, rows)
        for column in _table(name).columns:
            for fk in column.foreign_keys:
                target = fk.column.table.name
                for index, row in enumerate(rows):
                    value = row[column.name]
                    if value is not None and value not in keys.get(target, set()):
                        raise ValidationError(
                            f"{name}[{index}].{column.name}",
                            f"refers to {target} {value!r}, which is not in the file",
                        )


def _check_unique(name: str, rows: list[dict[str, Any]]) -> None:
    """A value that must be unique (a customer's name, a commitment's uid) repeated in the
    file is named by path, before the database would refuse it."""
    for column in _table(name).columns:
        if not column.unique:
            continue
        seen: dict[Any, int] = {}
        for index, row in enumerate(rows):
            value = row[column.name]
            key = value.lower() if isinstance(value, str) and column.name == "name" else value
            if key in seen:
                raise ValidationError(
                    f"{name}[{index}].{column.name}",
                    f"repeats {value!r} (already used by {name}[{seen[key]}])",
                )
            seen[key] = index


def _is_empty(session: Session) -> bool:
    return all(
        session.scalar(select(func.count()).select_from(_table(name))) == 0
        for name in TABLES
        if name != "settings"
    )


def import_journal(journal: Journal, data: Any, *, now: datetime) -> dict[str, int]:
    """Load a JSON journal into an empty journal, all or nothing; returns counts per table."""
    if not isinstance(data, dict):
        raise ValidationError("$", "the file must hold a JSON object")
    if data.get("format") != FORMAT:
        raise ValidationError("format", f"must be {FORMAT!r}; this is not a custjournal file")
    version = data.get("version")
    if version != VERSION:
        raise ValidationError(
            "version", f"{version!r} is not supported (this custjournal reads version {VERSION})"
        )
    unknown = [k for k in data if k not in (*TABLES, "format", "version")]
    if unknown:
        raise ValidationError(unknown[0], "is not a part of the journal format")
    converted = _convert(data, now)
    with unit_of_work(journal) as session:
        if not _is_empty(session):
            raise ValidationError("journal", "is not empty; import into a new journal (--db)")
        if converted["settings"]:
            session.execute(_table("settings").delete())
        for name in TABLES:
            if converted[name]:
                session.execute(_table(name).insert(), converted[name])
        _reset_sequences(session)
    return {name: len(rows) for name, rows in converted.items()}


def _reset_sequences(session: Session) -> None:
    """PostgreSQL hands out ids from sequences, which explicit ids do not advance."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in TABLES:
        table = _table(name)
        if "id" in table.columns and isinstance(table.columns["id"].type, Integer):
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                )
            )


def loads(raw: str | bytes) -> Any:
    """Parse a JSON journal file's text, naming the line of a syntax error."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"line {exc.lineno}", f"is not valid JSON ({exc.msg})") from None
    except (UnicodeDecodeError, RecursionError):
        raise ValidationError("file", "is not a UTF-8 JSON document") from None
