"""Bulk loading for the large demo journals: executemany in big batches, any database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Connection, Table

from custjournal.domain import Commitment, Contact, Customer, Interaction, Notice, Project

BATCH = 20_000


def _batched(rows: Iterator[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def bulk_insert(conn: Connection, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    """Insert rows through the driver's executemany, converted by the columns' own types.

    Core's insert() spends most of its time building per-row parameter dicts; this keeps
    the exact stored form (the column types' bind processors) at a fraction of the cost,
    converting a batch column by column (times in bulk: domain.base.UTCDateTime).
    Returns how many rows were written.
    """
    dialect = conn.dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    n = 0
    for batch in _batched(rows):
        # The columns the rows give (ids left out are assigned by the database).
        columns = [c for c in table.columns if c.name in batch[0]]
        names = [c.name for c in columns]
        sql = (
            f"INSERT INTO {table.name} ({', '.join(names)}) "
            f"VALUES ({', '.join([mark] * len(names))})"
        )
        values = [
            _many(column.type, dialect)([row.get(column.name) for row in batch])
            for column in columns
        ]
        conn.exec_driver_sql(sql, list(zip(*values, strict=True)))
        n += len(batch)
    return n


def _many(column_type: Any, dialect: Any) -> Callable[[list[Any]], list[Any]]:
    """A converter of a column's values to their stored form, all at once."""
    bulk = getattr(column_type, "many_bind_processor", None)
    if bulk is not None:
        return bulk(dialect)  # type: ignore[no-any-return]
    one = column_type._cached_bind_processor(dialect)
    if one is None:
        return lambda values: values
    return lambda values: [None if value is None else one(value) for value in values]


def advance_sequences(conn: Connection) -> None:
    """On PostgreSQL, move each id sequence past the ids written explicitly above."""
    if conn.dialect.name != "postgresql":
        return
    for table in (Customer, Contact, Interaction, Commitment, Notice, Project):
        name = table.__tablename__  # our own table names, never user text
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"
        )
