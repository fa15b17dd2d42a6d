"""Bulk loading for the large demo journals: executemany in big batches, any database."""

from __future__ import annotations

from collections.abc import Iterator
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
    the exact stored form (the column types' bind processors) at a fraction of the cost.
    Returns how many rows were written.
    """
    dialect = conn.dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    n = 0
    for batch in _batched(rows):
        # The columns the rows give (ids left out are assigned by the database).
        columns = [c for c in table.columns if c.name in batch[0]]
        names = [c.name for c in columns]
        procs = [c.type._cached_bind_processor(dialect) for c in columns]
        sql = (
            f"INSERT INTO {table.name} ({', '.join(names)}) "
            f"VALUES ({', '.join([mark] * len(names))})"
        )
        params = [
            tuple(
                v if p is None or v is None else p(v)
                for v, p in zip(map(row.get, names), procs, strict=True)
            )
            for row in batch
        ]
        conn.exec_driver_sql(sql, params)
        n += len(batch)
    return n


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
