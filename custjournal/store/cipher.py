"""Encryption at rest with SQLCipher: keyed connections, and converting a journal both ways.

The passphrase never becomes SQL text: connections take it through the driver's `set_key`,
and conversions pass it to ATTACH ... KEY as a bound parameter.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import ModuleType
from typing import Any

from custjournal.store.errors import JournalError

SQLITE_HEADER = b"SQLite format 3\x00"
PASSPHRASE_ENV = "CUSTJOURNAL_PASSPHRASE"


class EncryptionUnavailable(JournalError):
    def __init__(self) -> None:
        super().__init__(
            "encrypted journals need SQLCipher: install it with `pip install sqlcipher3-wheels`"
        )


class PassphraseRequired(JournalError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is encrypted (or damaged): give its passphrase (the window asks; on the "
            f"command line set {PASSPHRASE_ENV} or type it when asked); nothing was changed"
        )
        self.path = path


class WrongPassphrase(JournalError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"the passphrase does not open {path} (or the file is damaged); nothing was "
            "changed — try again"
        )
        self.path = path


def module() -> ModuleType:
    try:
        from sqlcipher3 import dbapi2  # noqa: PLC0415 - optional dependency
    except ImportError:
        raise EncryptionUnavailable() from None
    return dbapi2


def available() -> bool:
    try:
        module()
    except EncryptionUnavailable:
        return False
    return True


def connect(path: Path, passphrase: str, *, query: str = "", **kwargs: Any) -> Any:
    """A connection to the encrypted database at `path`, keyed before anything else runs."""
    target = f"{path.resolve().as_uri()}?{query}" if query else str(path)
    connection = module().connect(target, uri=bool(query), **kwargs)
    # Fixed literal: keeps SQLCipher from logging page errors of a wrong key to stderr.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.set_key(passphrase)
    return connection


def header(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(16)


def looks_encrypted(path: Path) -> bool:
    """SQLCipher files are whole pages of random-looking bytes with no SQLite header."""
    try:
        size = path.stat().st_size
        start = header(path)
    except OSError:
        return False
    if start == SQLITE_HEADER or size < 512 or size % 512:
        return False
    # A random salt: not text (every byte printable), and not the zeros a half-written file
    # is often full of. Random bytes are all printable once in five million; "fewer than 12
    # printable" refused one salt in 300, and its journal was then set aside as damaged.
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in start)
    return printable < len(start) and len(set(start)) > 8


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _convert(path: Path, source: Any, attach: str, params: tuple[Any, ...], check: Any) -> None:
    """Export every table of `source` into a new file, verify it, then swap it in."""
    work = path.with_name(path.name + ".converting")
    work.unlink(missing_ok=True)
    os.close(os.open(work, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    try:
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        source.execute(attach, (str(work), *params))
        source.execute("SELECT sqlcipher_export('target')")
        source.execute("DETACH DATABASE target")
        tables = [r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = {t: source.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        source.close()
    converted = check(work)
    try:
        problems = [r[0] for r in converted.execute("PRAGMA integrity_check")]
        copied = {t: converted.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        converted.close()
    if problems != ["ok"] or copied != counts:
        work.unlink(missing_ok=True)
        raise JournalError(f"converting {path} failed its check; the journal was left as it was")
    _fsync(work)
    for suffix in ("-wal", "-shm"):
        # Checkpointed and closed above: a stale side file must not meet the new file.
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    os.replace(work, path)
    _fsync(path.parent)


def encrypt_file(path: Path, passphrase: str) -> None:
    """Rewrite a plain journal file as an SQLCipher one (caller holds the lock, took a backup)."""
    if not passphrase:
        raise JournalError("an empty passphrase would not protect anything")
    source = module().connect(str(path))
    _convert(
        path,
        source,
        "ATTACH DATABASE ? AS target KEY ?",
        (passphrase,),
        lambda work: connect(work, passphrase),
    )


def decrypt_file(path: Path, passphrase: str) -> None:
    """Rewrite an SQLCipher journal file as a plain SQLite one."""
    source = connect(path, passphrase)
    try:
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module().DatabaseError:
        source.close()
        raise WrongPassphrase(path) from None
    _convert(
        path,
        source,
        "ATTACH DATABASE ? AS target KEY ''",
        (),
        lambda work: module().connect(str(work)),
    )
