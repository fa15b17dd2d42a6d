"""PostgreSQL full-text index on notes (SQLite keeps its FTS5 table)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

from custjournal.store import search

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A GIN index on the notes' text for PostgreSQL's own text search; other databases are
    # untouched (SQLite's FTS5 table came with the first revision).
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql(search.PG_DDL)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql(search.PG_DROP)
