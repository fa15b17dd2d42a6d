"""Storage: the engine, migrations, the unit of work and full-text search."""

from custjournal.store.journal import Journal

__all__ = ["Journal"]
