"""PostgreSQL full-text index on notes (SQLite keeps its FTS5 table)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Written out here rather than taken from custjournal.store.search: this revision must keep
# doing what it did when revision 0006 moves the index onto a stored column.
INDEX = "interactions_fts_gin"
DDL = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON interactions "
    "USING gin ((to_tsvector('simple', title || ' ' || body)))"
)


def upgrade() -> None:
    # A GIN index on the notes' text for PostgreSQL's own text search; other databases are
    # untouched (SQLite's FTS5 table came with the first revision).
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql(DDL)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql(f"DROP INDEX IF EXISTS {INDEX}")
