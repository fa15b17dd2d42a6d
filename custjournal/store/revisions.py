"""The schema revisions this version knows, read from the migration file names, not Alembic.

Opening a journal only needs to know whether it is at the newest revision; importing Alembic
and loading every migration script to learn that cost about a third of a cold start. Each
migration file is named after its revision (`0006_something.py` holds revision "0006") and
they form one chain; tests/safety/test_revisions.py holds Alembic to that convention.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSIONS = MIGRATIONS / "versions"


@cache
def revisions() -> tuple[str, ...]:
    """Every revision, oldest first."""
    found = sorted(path.name.split("_", 1)[0] for path in VERSIONS.glob("[0-9]*_*.py"))
    return tuple(found)


def known_revisions() -> frozenset[str]:
    """Every schema revision this version of custjournal knows (so it can migrate from it)."""
    return frozenset(revisions())


def head_revision() -> str:
    return revisions()[-1]


def current_revision(engine: Engine) -> str | None:
    """The journal's revision, or None for a database no migration has touched yet."""
    with engine.connect() as connection:
        try:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except (OperationalError, ProgrammingError):
            return None  # no alembic_version table: a new, empty database
    return None if row is None else str(row[0])


def revision_in(connection: Connection) -> str | None:
    """The revision `connection` sees, or None; inside a transaction, unlike current_revision.

    Looks for the table instead of failing on it: on PostgreSQL a failed statement would
    abort the caller's transaction.
    """
    if not inspect(connection).has_table("alembic_version"):
        return None
    found = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if found is None else str(found)
