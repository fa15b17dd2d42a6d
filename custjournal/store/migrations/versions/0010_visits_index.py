"""Index each customer's in-person appointments (a partial index): "have we met before?"

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

VISITS = sa.text("kind = 'appointment' AND channel = 'in-person'")


def upgrade() -> None:
    # Before a first in-person meeting the rules look for an earlier visit; without this the
    # busiest account's 20,000 calls and e-mails were walked back one by one.
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_commitments_visits",
            ["customer_id", "status", "due_at"],
            unique=False,
            sqlite_where=VISITS,
            postgresql_where=VISITS,
        )


def downgrade() -> None:
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_index("ix_commitments_visits")
