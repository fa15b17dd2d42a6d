"""Index appointments by status and time, with their length: which can clash with one.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

APPOINTMENTS = sa.text("kind = 'appointment'")


def upgrade() -> None:
    # A briefing asks which other appointments can clash with the customer's; on a busy
    # diary the open promises between them made that 3,400 row look-ups for 1,200 answers.
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_commitments_appointments",
            ["status", "due_at", "duration_minutes", "rrule", "customer_id"],
            unique=False,
            sqlite_where=APPOINTMENTS,
            postgresql_where=APPOINTMENTS,
        )


def downgrade() -> None:
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_index("ix_commitments_appointments")
