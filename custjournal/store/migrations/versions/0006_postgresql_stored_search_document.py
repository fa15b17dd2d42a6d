"""PostgreSQL: each note's search document in a stored column, accents folded, GIN-indexed

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The statements are written out here, not taken from custjournal.store.search, so that this
# revision does the same thing whatever later code calls its objects.
CONFIG = "custjournal_search"
COLUMN = "search_vector"
INDEX = "interactions_fts_gin"  # the name 0004's expression index had; drift checks skip it
DOCUMENT = f"to_tsvector('{CONFIG}'::regconfig, title || ' ' || body)"
OLD_DOCUMENT = "to_tsvector('simple', title || ' ' || body)"


def upgrade() -> None:
    # SQLite keeps its FTS5 table (revision 0001): nothing to do there.
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # 'simple' (the words as written, no stemming: notes mix languages) with accents folded,
    # as FTS5's `remove_diacritics` does: "muller" finds Müller. unaccent ships with
    # PostgreSQL (contrib) and is a trusted extension: the journal's owner may create it.
    bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    bind.exec_driver_sql(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.simple)")
    bind.exec_driver_sql(
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
    )
    # Computed by the server on every insert and update, from any client: ranking or
    # re-checking a match reads the stored vector instead of parsing the note again (the
    # expression index of 0004 made every search parse every matching note).
    bind.exec_driver_sql(f"DROP INDEX IF EXISTS {INDEX}")
    bind.exec_driver_sql(
        f"ALTER TABLE interactions ADD COLUMN {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    bind.exec_driver_sql(f"CREATE INDEX {INDEX} ON interactions USING gin ({COLUMN})")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    bind.exec_driver_sql(f"DROP INDEX IF EXISTS {INDEX}")
    bind.exec_driver_sql(f"ALTER TABLE interactions DROP COLUMN IF EXISTS {COLUMN}")
    bind.exec_driver_sql(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
    # The unaccent extension stays: other objects in the database may use it.
    bind.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON interactions USING gin (({OLD_DOCUMENT}))"
    )
