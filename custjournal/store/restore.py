"""Putting a backup back in place of the journal, after backing the current one up."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from custjournal.store import cipher
from custjournal.store.backup import BackupInfo, take_backup
from custjournal.store.cipher import PassphraseRequired, WrongPassphrase
from custjournal.store.errors import JournalError
from custjournal.store.files import set_aside, today_cache_file
from custjournal.store.lock import JournalLock
from custjournal.store.probe import (
    Probe,
    State,
    integrity_problems,
    probe,
    readonly_connect,
)
from custjournal.store.revisions import known_revisions


class RestoreRefused(JournalError):
    """The file offered for restoring is not a sound custjournal backup; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Restored:
    journal: Path
    source: Path
    # The backup of the journal as it was just before the restore (None: there was none).
    previous: BackupInfo | None
    # Where a damaged journal was set aside instead of being backed up.
    set_aside: Path | None = None


def check_restorable(backup: Path, passphrase: str | None = None) -> Probe:
    """What a backup fit to restore holds, or RestoreRefused saying why it is not fit."""
    if not backup.is_file():
        raise RestoreRefused(f"{backup} does not exist")
    found = probe(backup, passphrase)
    if found.state is State.LOCKED:
        raise RestoreRefused(f"{backup} is encrypted: give its passphrase to restore it")
    if found.state is State.WRONG_KEY:
        raise RestoreRefused(f"the passphrase does not open {backup}; it was not restored")
    problems = integrity_problems(backup, passphrase=passphrase)
    if problems:
        raise RestoreRefused(
            f"{backup} fails its integrity check ({problems[0]}); it was not restored"
        )
    if found.state is not State.OK or found.revision is None:
        raise RestoreRefused(f"{backup} is not a custjournal journal; it was not restored")
    if found.revision not in known_revisions():
        raise RestoreRefused(
            f"{backup} was written by a newer version of custjournal "
            f"(schema {found.revision}); update custjournal to restore it"
        )
    return found


def restore_backup(
    journal_path: Path, backup: Path, *, now: datetime, passphrase: str | None = None
) -> Restored:
    """Replace the journal with `backup` (checked first), backing the current journal up.

    The copy goes through SQLite's backup API into the journal file, so a journal another
    connection of this process has open sees the restored pages, never half a file.
    """
    journal_path = journal_path.expanduser().resolve()
    backup = backup.expanduser().resolve()
    if backup == journal_path:
        raise RestoreRefused("the backup and the journal are the same file")
    wanted = check_restorable(backup, passphrase)
    lock = JournalLock(journal_path)
    lock.acquire()
    try:
        previous: BackupInfo | None = None
        aside: Path | None = None
        current = probe(journal_path, passphrase)
        if current.state is State.LOCKED:
            raise PassphraseRequired(journal_path)
        if current.state is State.WRONG_KEY:
            raise WrongPassphrase(journal_path)
        if current.state is State.OK and current.encrypted != wanted.encrypted:
            raise RestoreRefused(
                f"{backup} is {'' if wanted.encrypted else 'not '}encrypted and the journal "
                f"is{'' if current.encrypted else ' not'}: "
                f"`custjournal {'encrypt' if wanted.encrypted else 'decrypt'}` it first"
            )
        key = passphrase if wanted.encrypted else None
        if current.state is State.DAMAGED:
            aside = set_aside(journal_path)
        elif current.state is State.OK:
            # No thinning now: it could delete the very backup being restored.
            previous = take_backup(journal_path, now=now, thin=False, passphrase=key)
        journal_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not journal_path.exists():
            os.close(os.open(journal_path, os.O_CREAT | os.O_WRONLY, 0o600))
        journal_path.chmod(0o600)
        source = readonly_connect(backup, key)
        target = cipher.connect(journal_path, key) if key else sqlite3.connect(journal_path)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
            source.close()
        # What was derived from the replaced journal no longer describes it.
        today_cache_file(journal_path).unlink(missing_ok=True)
    finally:
        lock.release()
    return Restored(journal_path, backup, previous, aside)
