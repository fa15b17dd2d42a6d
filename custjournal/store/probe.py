"""Looking at a journal file without changing a byte of it, before anything opens it for writing."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"


class State(StrEnum):
    MISSING = "missing"  # no file, or an empty one: a new journal
    OK = "ok"
    DAMAGED = "damaged"  # not a database, or SQLite cannot read its schema


@dataclass(frozen=True, slots=True)
class Probe:
    state: State
    revision: str | None = None
    problem: str = ""


@cache
def known_revisions() -> frozenset[str]:
    """Every schema revision this version of custjournal knows (so it can migrate from it)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return frozenset(
        script.revision for script in ScriptDirectory.from_config(config).walk_revisions()
    )


def readonly_connect(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to `path` (nor create side files when it can avoid it).

    Without a -wal file the database is read as immutable, so SQLite takes no locks and
    creates no -shm; with one, a plain read-only open is needed to see its committed pages.
    """
    wal = path.with_name(path.name + "-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    query = "mode=ro" if has_wal else "mode=ro&immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True)


def integrity_problems(path: Path, *, quick: bool = False) -> list[str]:
    """What SQLite's integrity check reports for the file at `path` (empty: healthy)."""
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != SQLITE_HEADER:
                return ["not an SQLite database"]
        connection = readonly_connect(path)
        try:
            pragma = "quick_check" if quick else "integrity_check"
            rows = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}")]
        finally:
            connection.close()
    except (OSError, sqlite3.Error) as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def probe(path: Path) -> Probe:
    """Whether `path` holds a readable journal and which schema revision it is at."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return Probe(State.MISSING)
    if size == 0:
        return Probe(State.MISSING)
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        return Probe(State.DAMAGED, problem=str(exc))
    if header != SQLITE_HEADER:
        return Probe(State.DAMAGED, problem="not an SQLite database")
    try:
        connection = readonly_connect(path)
    except sqlite3.Error as exc:
        return Probe(State.DAMAGED, problem=str(exc))
    try:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        revision = None
        if "alembic_version" in names:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.OperationalError as exc:
        if "unable to open" in str(exc) or "locked" in str(exc):
            # Not damage: the file is busy or its side files cannot be opened read-only.
            return Probe(State.OK, problem=str(exc))
        return Probe(State.DAMAGED, problem=str(exc))
    except sqlite3.DatabaseError as exc:
        return Probe(State.DAMAGED, problem=str(exc))
    finally:
        connection.close()
    return Probe(State.OK, revision=revision)
