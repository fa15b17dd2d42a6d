"""Full-text search over interactions: SQLite FTS5 kept in sync by triggers, LIKE elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select, text
from sqlalchemy.orm import Session

from custjournal.domain import Interaction

FTS_TABLE = "interactions_fts"

# Created by the migration that introduces the index; kept in sync by the database itself,
# so no code path that writes an interaction can forget to update it.
SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "title, body, content='interactions', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER interactions_fts_ai AFTER INSERT ON interactions BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    f"CREATE TRIGGER interactions_fts_ad AFTER DELETE ON interactions BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
    f"VALUES ('delete', old.id, old.title, old.body); END",
    f"CREATE TRIGGER interactions_fts_au AFTER UPDATE OF title, body ON interactions BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
    f"VALUES ('delete', old.id, old.title, old.body); "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS interactions_fts_au",
    "DROP TRIGGER IF EXISTS interactions_fts_ad",
    "DROP TRIGGER IF EXISTS interactions_fts_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)


def is_search_index_object(name: str | None) -> bool:
    """Tables FTS5 creates behind the scenes; migrations' drift checks must ignore them."""
    return bool(name) and str(name).startswith(FTS_TABLE)


def create_index(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    for statement in SQLITE_DDL:
        connection.exec_driver_sql(statement)
    rebuild_index(connection)


def drop_index(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    for statement in SQLITE_DROP:
        connection.exec_driver_sql(statement)


def rebuild_index(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


@dataclass(frozen=True, slots=True)
class Hit:
    interaction_id: int
    rank: float


_WORD = re.compile(r"\w+", re.UNICODE)


def words(query: str) -> list[str]:
    """The search words of a query, punctuation dropped (so user text is never FTS syntax)."""
    return _WORD.findall(query)


def fts_expression(query: str) -> str:
    """An FTS5 MATCH expression: every word must occur, the last one as a prefix."""
    terms = words(query)
    if not terms:
        return ""
    quoted = [f'"{t}"' for t in terms]
    quoted[-1] += "*"
    return " AND ".join(quoted)


def search_ids(
    session: Session, query: str, *, customer_id: int | None = None, limit: int = 200
) -> list[int]:
    """Ids of matching interactions, best match first (newest first on the fallback)."""
    terms = words(query)
    if not terms:
        return []
    if session.get_bind().dialect.name == "sqlite":
        sql = (
            f"SELECT i.id FROM {FTS_TABLE} f JOIN interactions i ON i.id = f.rowid "
            f"WHERE {FTS_TABLE} MATCH :q"
            + (" AND i.customer_id = :cid" if customer_id is not None else "")
            + " ORDER BY f.rank, i.occurred_at DESC LIMIT :limit"
        )
        params = {"q": fts_expression(query), "limit": limit, "cid": customer_id}
        return [row[0] for row in session.execute(text(sql), params)]
    stmt = select(Interaction.id)
    for term in terms:
        pattern = f"%{term}%"
        stmt = stmt.where(or_(Interaction.title.ilike(pattern), Interaction.body.ilike(pattern)))
    if customer_id is not None:
        stmt = stmt.where(Interaction.customer_id == customer_id)
    stmt = stmt.order_by(Interaction.occurred_at.desc()).limit(limit)
    return list(session.scalars(stmt))
