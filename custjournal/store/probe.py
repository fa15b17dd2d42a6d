"""Looking at a journal file without changing a byte of it, before anything opens it for writing."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from custjournal.store import cipher

SQLITE_HEADER = b"SQLite format 3\x00"


class State(StrEnum):
    MISSING = "missing"  # no file, or an empty one: a new journal
    OK = "ok"
    DAMAGED = "damaged"  # not a database, or SQLite cannot read its schema
    LOCKED = "locked"  # encrypted, and no passphrase was given
    WRONG_KEY = "wrong-key"  # encrypted, and the passphrase does not open it
    FOREIGN = "foreign"  # another program's file: never set aside, never written


@dataclass(frozen=True, slots=True)
class Probe:
    state: State
    revision: str | None = None
    problem: str = ""
    encrypted: bool = False


def readonly_connect(path: Path, passphrase: str | None = None) -> Any:
    """A connection that cannot write to `path` (nor create side files when it can avoid it).

    Without a -wal file the database is read as immutable, so SQLite takes no locks and
    creates no -shm; with one, a plain read-only open is needed to see its committed pages.
    """
    wal = path.with_name(path.name + "-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    query = "mode=ro" if has_wal else "mode=ro&immutable=1"
    if passphrase is not None and cipher.looks_encrypted(path):
        return cipher.connect(path, passphrase, query=query)
    return sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True)


def integrity_problems(
    path: Path, *, quick: bool = False, passphrase: str | None = None
) -> list[str]:
    """What SQLite's integrity check reports for the file at `path` (empty: healthy)."""
    try:
        with open(path, "rb") as handle:
            plain = handle.read(16) == SQLITE_HEADER
        if not plain and not (passphrase is not None and cipher.looks_encrypted(path)):
            return ["not an SQLite database"]
        connection = readonly_connect(path, passphrase)
        try:
            pragma = "quick_check" if quick else "integrity_check"
            rows = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}")]
        finally:
            connection.close()
    except Exception as exc:  # noqa: BLE001 - sqlite3's and SQLCipher's errors alike: a problem
        return [str(exc)]
    return [] if rows == ["ok"] else rows


class ForeignDatabase(Exception):
    """An SQLite database of another program: it has tables, but no journal schema."""


def _revision(connection: Any) -> str | None:
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "alembic_version" not in names:
        if any(not n.startswith("sqlite_") for n in names):
            raise ForeignDatabase(", ".join(sorted(names)[:3]))
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _probe_encrypted(path: Path, passphrase: str | None) -> Probe:
    if passphrase is None or not cipher.available():
        return Probe(State.LOCKED, encrypted=True)
    try:
        connection = readonly_connect(path, passphrase)
    except Exception as exc:  # noqa: BLE001
        return Probe(State.WRONG_KEY, problem=str(exc), encrypted=True)
    try:
        return Probe(State.OK, revision=_revision(connection), encrypted=True)
    except cipher.module().DatabaseError as exc:
        # Indistinguishable from damage without the right key: never set it aside.
        return Probe(State.WRONG_KEY, problem=str(exc), encrypted=True)
    finally:
        connection.close()


def probe(path: Path, passphrase: str | None = None) -> Probe:
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
        if cipher.looks_encrypted(path):
            return _probe_encrypted(path, passphrase)
        return Probe(State.FOREIGN, problem="not an SQLite database")
    try:
        connection = readonly_connect(path)
    except sqlite3.Error as exc:
        return Probe(State.DAMAGED, problem=str(exc))
    try:
        revision = _revision(connection)
    except ForeignDatabase as exc:
        return Probe(State.FOREIGN, problem=f"an SQLite database of another program ({exc})")
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
