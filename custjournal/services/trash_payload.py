"""Turning an aggregate's rows into JSON and back, generically from the table metadata."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Date, Table, and_, insert, select, update
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Session

from custjournal.domain import Base
from custjournal.domain.base import Money, UTCDateTime

Rows = dict[str, list[dict[str, Any]]]


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def _encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decode(t: Table, key: str, value: Any) -> Any:
    if value is None:
        return None
    kind = t.c[key].type
    if isinstance(kind, UTCDateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Money):
        return Decimal(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, SAEnum) and kind.enum_class is not None:
        return kind.enum_class(value)
    return value


def rows_where(session: Session, name: str, *conditions: Any) -> list[dict[str, Any]]:
    t = table(name)
    pk = list(t.primary_key.columns)
    stmt = select(t).where(*conditions).order_by(*pk)
    return [
        {key: _encode(value) for key, value in row._mapping.items()}
        for row in session.execute(stmt)
    ]


def dangling_links(session: Session, rows: Rows) -> list[dict[str, Any]]:
    """Rows outside the aggregate whose ON DELETE SET NULL keys point into it.

    Deleting clears those keys (a note loses its project); restoring puts them back.
    """
    taken = {n: {r["id"] for r in found} for n, found in rows.items() if found and "id" in found[0]}
    links: list[dict[str, Any]] = []
    for t in Base.metadata.sorted_tables:
        if "id" not in t.c:
            continue
        for fk in t.foreign_keys:
            target = fk.column.table.name
            if fk.ondelete != "SET NULL" or target not in taken or fk.column.name != "id":
                continue
            inside = {r["id"] for r in rows.get(t.name, [])}
            column = fk.parent
            for row_id, value in session.execute(
                select(t.c.id, column).where(column.in_(taken[target]))
            ):
                if row_id not in inside:
                    links.append(
                        {"table": t.name, "id": row_id, "column": column.name, "value": value}
                    )
    return links


def insert_rows(session: Session, rows: Rows, order: list[str]) -> dict[str, dict[Any, Any]]:
    """Insert the rows back, keeping their ids when free; returns old id -> new id per table."""
    moved: dict[str, dict[Any, Any]] = {}
    for name in order:
        t = table(name)
        moved[name] = {}
        for stored in rows.get(name, []):
            values = {k: _decode(t, k, v) for k, v in stored.items() if k in t.c}
            for fk in t.foreign_keys:
                key = fk.parent.name
                mapping = moved.get(fk.column.table.name, {})
                if values.get(key) in mapping:
                    values[key] = mapping[values[key]]
            taken = (
                "id" in t.c
                and session.execute(select(t.c.id).where(t.c.id == values["id"])).first()
            )
            if taken:
                # The id was given to something new meanwhile: restore under a fresh one.
                old = values.pop("id")
                new = session.execute(insert(t).values(values).returning(t.c.id)).scalar_one()
                moved[name][old] = new
            else:
                session.execute(insert(t).values(values))
    return moved


def relink(session: Session, links: list[dict[str, Any]], moved: dict[str, dict[Any, Any]]) -> int:
    """Put cleared keys back where the row still exists and nobody set another value."""
    count = 0
    for link in links:
        t = table(link["table"])
        column = t.c[link["column"]]
        target = next(iter(column.foreign_keys)).column.table.name
        value = moved.get(target, {}).get(link["value"], link["value"])
        result = session.execute(
            update(t).where(and_(t.c.id == link["id"], column.is_(None))).values({column: value})
        )
        count += result.rowcount or 0
    return count
