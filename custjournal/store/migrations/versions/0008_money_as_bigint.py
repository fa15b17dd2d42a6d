"""Money columns hold 64-bit cents on PostgreSQL (a 32-bit INTEGER stopped at 21,474,836.47)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23

SQLite stores every INTEGER in up to 64 bits whatever the declared type, so nothing changes
there; rebuilding the projects table on SQLite would also, with foreign keys on, delete what
refers to it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    ("projects", "price"),
    ("project_changes", "old_amount"),
    ("project_changes", "new_amount"),
    ("scope_additions", "extra_price"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in COLUMNS:
        op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # Amounts past 32 bits cannot go back: PostgreSQL refuses them rather than losing cents.
    for table, column in COLUMNS:
        op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.BigInteger())
