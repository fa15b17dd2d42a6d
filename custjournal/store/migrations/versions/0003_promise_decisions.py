"""promise decisions: suggestions from notes that were accepted or dismissed

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import custjournal.domain.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "promise_decisions",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(
                "accepted", "dismissed", name="suggestiondecision", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("decided_at", custjournal.domain.base.UTCDateTime(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_promise_decisions_commitment_id_commitments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_promise_decisions_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", "key", name=op.f("pk_promise_decisions")),
    )


def downgrade() -> None:
    op.drop_table("promise_decisions")
