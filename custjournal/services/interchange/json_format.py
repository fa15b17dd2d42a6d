"""The versioned JSON journal format: a complete, lossless export and an all-or-nothing import.

Layout (documented with an example in docs/json-format.md): a header, then one list per table
in dependency order, records sorted by primary key, fields in column order. Export is a pure
function of the journal's content, so export → import → export gives identical bytes.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Date, Enum, Integer, Table, func, select, text
from sqlalchemy.orm import Session

from custjournal.domain import Base
from custjournal.domain.base import Money, UTCDateTime
from custjournal.domain.errors import ValidationError
from custjournal.services.interchange.json_values import from_json
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
                    row[column.name] = from_json(path, column, record[column.name], record)
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
