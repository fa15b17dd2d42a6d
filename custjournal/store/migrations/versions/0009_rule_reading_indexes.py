"""Index what the rules look up: follow-ups, a note's commitments, a project's latest note

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

FOLLOW_UPS = sa.text("follow_up IS NOT NULL")


def upgrade() -> None:
    # Each of these was a full read of a 200,000-commitment or 500,000-note table in every
    # evaluation of the risks on a large journal.
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.create_index("ix_commitments_interaction_id", ["interaction_id"], unique=False)
        batch_op.create_index(
            "ix_commitments_follow_up",
            ["follow_up"],
            unique=False,
            sqlite_where=FOLLOW_UPS,
            postgresql_where=FOLLOW_UPS,
        )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        # (project, time) replaces (project): the same lookups, plus the latest note in order.
        batch_op.create_index(
            "ix_interactions_project_timeline", ["project_id", "occurred_at"], unique=False
        )
        batch_op.drop_index("ix_interactions_project_id")


def downgrade() -> None:
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index("ix_interactions_project_id", ["project_id"], unique=False)
        batch_op.drop_index("ix_interactions_project_timeline")
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_index("ix_commitments_follow_up")
        batch_op.drop_index("ix_commitments_interaction_id")
