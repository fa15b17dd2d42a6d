"""Index commitments by (customer,) status and due time; a partial index of recurring ones

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

RECURRING = sa.text("rrule <> ''")


def upgrade() -> None:
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_commitments_customer_status_due",
            ["customer_id", "status", "due_at"],
            unique=False,
        )
        batch_op.create_index("ix_commitments_status_due", ["status", "due_at"], unique=False)
        batch_op.create_index(
            "ix_commitments_recurring",
            ["status", "due_at"],
            unique=False,
            sqlite_where=RECURRING,
            postgresql_where=RECURRING,
        )


def downgrade() -> None:
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_index("ix_commitments_recurring")
        batch_op.drop_index("ix_commitments_status_due")
        batch_op.drop_index("ix_commitments_customer_status_due")
