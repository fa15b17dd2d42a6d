"""Turning encryption on or off for a journal file, its backups following, a backup first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from custjournal.store import cipher
from custjournal.store.backup import BackupInfo, list_backups, take_backup
from custjournal.store.errors import JournalError
from custjournal.store.lock import JournalLock
from custjournal.store.probe import State, probe


@dataclass(frozen=True, slots=True)
class Converted:
    journal: Path
    backup: BackupInfo  # taken just before converting (then converted along with the rest)
    backups_converted: int
    backups_skipped: tuple[Path, ...] = ()


def _existing(path: Path) -> Path:
    path = path.expanduser().resolve()
    if not path.exists():
        raise JournalError(f"{path} does not exist")
    return path


def encrypt_journal(path: Path, passphrase: str, *, now: datetime) -> Converted:
    """Encrypt a plain journal in place; its backups are encrypted with the same passphrase,
    so no readable copy is left beside it."""
    cipher.module()
    if not passphrase:
        raise JournalError("an empty passphrase would not protect anything")
    path = _existing(path)
    lock = JournalLock(path)
    lock.acquire()
    try:
        found = probe(path)
        if found.encrypted:
            raise JournalError(f"{path} is already encrypted")
        if found.state is not State.OK:
            raise JournalError(f"{path} cannot be read ({found.problem}); run `custjournal check`")
        before = take_backup(path, now=now, thin=False)
        cipher.encrypt_file(path, passphrase)
        converted, skipped = 0, []
        for backup in list_backups(path):
            if cipher.looks_encrypted(backup.path):
                continue
            try:
                cipher.encrypt_file(backup.path, passphrase)
                converted += 1
            except Exception:  # noqa: BLE001 - a bad old backup must not undo the journal's
                skipped.append(backup.path)
        return Converted(path, before, converted, tuple(skipped))
    finally:
        lock.release()


def decrypt_journal(path: Path, passphrase: str, *, now: datetime) -> Converted:
    """Turn an encrypted journal back into a plain one (and the backups it can open)."""
    cipher.module()
    path = _existing(path)
    lock = JournalLock(path)
    lock.acquire()
    try:
        found = probe(path, passphrase)
        if found.state is State.WRONG_KEY:
            raise cipher.WrongPassphrase(path)
        if not found.encrypted:
            raise JournalError(f"{path} is not encrypted")
        before = take_backup(path, now=now, thin=False, passphrase=passphrase)
        cipher.decrypt_file(path, passphrase)
        converted, skipped = 0, []
        for backup in list_backups(path):
            if not cipher.looks_encrypted(backup.path):
                continue
            try:
                cipher.decrypt_file(backup.path, passphrase)
                converted += 1
            except Exception:  # noqa: BLE001 - e.g. made under another passphrase: kept as is
                skipped.append(backup.path)
        return Converted(path, before, converted, tuple(skipped))
    finally:
        lock.release()
