"""Alembic environment: runs on the connection the journal hands over (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from custjournal.domain import Base
from custjournal.store.search import is_search_index_object

config = context.config
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_object=lambda obj, name, kind, reflected, compare_to: not is_search_index_object(name),
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
