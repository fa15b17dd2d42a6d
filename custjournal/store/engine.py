"""The one place that creates the database engine (SQLite by default, any SQLAlchemy URL)."""

from __future__ import annotations

import difflib
import os
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from custjournal.domain.errors import ValidationError
from custjournal.paths import default_db_url
from custjournal.store import cipher

BUSY_TIMEOUT_MS = 10_000

SQLITE_EXAMPLE = "sqlite:////home/me/journal.db"
POSTGRESQL_EXAMPLE = "postgresql+psycopg://me@server/journal"


def checked_url(url: str) -> URL:
    """`url` parsed, if it names a journal custjournal can open; ValidationError("--db") if not.

    Only SQLite files and PostgreSQL through psycopg 3 are built and tested for. Anything
    else is refused here, before a driver is imported or a server contacted, with what to
    write instead: otherwise a URL copied from another program ends in a missing driver
    module or a driver's error about its options. A PostgreSQL URL without a driver is
    given psycopg (SQLAlchemy 2.0 would pick psycopg2 for it).
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValidationError(
            "--db", f"not a database URL (e.g. {SQLITE_EXAMPLE} or {POSTGRESQL_EXAMPLE})"
        ) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "sqlite":
        if driver not in ("", "pysqlite"):
            raise ValidationError(
                "--db", f"the {driver} driver is not supported; use sqlite:///PATH"
            )
        return parsed
    # The user's own URL with the driver we use (its password hidden: this is printed).
    psycopg_url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=True)
    if backend == "postgres":
        # Other tools' spelling (Heroku, libpq's own URLs): SQLAlchemy has no such dialect.
        raise ValidationError("--db", f"postgres:// is not understood; write {psycopg_url}")
    if backend != "postgresql":
        raise ValidationError(
            "--db", f"{backend} is not supported; use sqlite:///PATH or postgresql+psycopg://…"
        )
    if driver not in ("", "psycopg"):
        raise ValidationError(
            "--db", f"the {driver} driver is not supported; use {psycopg_url} (psycopg 3)"
        )
    try:
        options = _connection_options()
    except ImportError:
        raise ValidationError(
            "--db", 'PostgreSQL needs the psycopg package: pip install "psycopg[binary]"'
        ) from None
    for name in parsed.query:
        if name not in options:
            close = difflib.get_close_matches(name, options, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ValidationError("--db", f'"{name}" is not a PostgreSQL connection option{hint}')
    return parsed.set(drivername="postgresql+psycopg")


@cache
def _connection_options() -> tuple[str, ...]:
    """The option names libpq takes in a URL's query (sslmode, connect_timeout, …)."""
    from psycopg import pq  # noqa: PLC0415 - only for a server URL, which needs it anyway

    return tuple(option.keyword.decode() for option in pq.Conninfo.get_defaults())


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for memory databases and other servers."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _make_private(path: Path) -> None:
    """Create the journal file readable by its owner only, or tighten an existing one."""
    # A folder we create holds confidential notes: owner only.
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.chmod(0o600)


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLite's lower() folds A-Z only: "ärzte" would not find Ärztehaus, and a second
    # "ärztehaus" would pass the any-case duplicate check. Python's folds every letter, as
    # PostgreSQL's lower() does, so a journal answers alike on both. (No index uses lower().)
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
    # Fixed literals only: user text never goes into a PRAGMA.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS:d}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def create_journal_engine(url: str | None = None, *, passphrase: str | None = None) -> Engine:
    """An engine for the journal at `url` (default: the per-user SQLite file).

    With a passphrase the file is an SQLCipher database; each connection is keyed through
    the driver before anything else runs on it.
    """
    url = url or default_db_url()
    parsed = checked_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return create_engine(parsed, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is None:
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    elif passphrase:
        _make_private(path)
        keyed = path

        def connect() -> Any:
            return cipher.connect(keyed, passphrase, check_same_thread=False)

        engine = create_engine(url, creator=connect, module=cipher.module())
    else:
        _make_private(path)
        engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine
