"""Backups as user actions: back up now, back up while there are changes, list, restore."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from custjournal.domain import ValidationError
from custjournal.services.settings import Declared, register_provider
from custjournal.store import Journal
from custjournal.store.backup import BackupInfo, backup_is_due, list_backups
from custjournal.store.journal import BACKUP_DEFAULTS
from custjournal.store.restore import Restored, restore_backup

_HELP = {
    "backup.interval_minutes": "back up at most this often while the journal changes (minutes)",
    "backup.keep_daily": "after today and yesterday, keep one backup a day for this many days",
    "backup.keep_weekly": "then one backup a week for this many weeks",
    "backup.keep_monthly": "then one backup a month for this many months",
}


def _count(text: str, key: str) -> int:
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise ValidationError(key, f"{text!r} is not a whole number") from None
    if value < 0 or (key == "backup.interval_minutes" and value == 0):
        raise ValidationError(key, "must be greater than zero")
    return value


def _declarations() -> dict[str, Declared]:
    return {
        key: Declared(key, lambda default=default: default, _count, _HELP[key])
        for key, default in BACKUP_DEFAULTS.items()
    }


register_provider(_declarations)


def _file(journal: Journal) -> Path:
    if journal.path is None:
        raise ValidationError("--db", "backups are for journal files; back a server up there")
    return journal.path


def backup_now(journal: Journal, *, now: datetime) -> BackupInfo:
    """Take a verified backup of the journal now."""
    _file(journal)
    return journal.backup(now=now)


def backup_if_changed(journal: Journal, *, now: datetime) -> BackupInfo | None:
    """The window calls this every 30 minutes: back up if anything was saved since the last."""
    if journal.path is None or journal.changes == 0:
        return None
    if not backup_is_due(journal.path, now=now, interval=journal.backup_interval()):
        return None
    return journal.backup(now=now)


def backup_if_due(journal: Journal, *, now: datetime) -> BackupInfo | None:
    """The opening backup, for a window that opened with `backup=False` to keep start-up fast:
    run it off the GUI thread; it backs up only if the last backup is older than the interval."""
    if journal.path is None or not backup_is_due(
        journal.path, now=now, interval=journal.backup_interval()
    ):
        return None
    return journal.backup(now=now)


def backups_of(
    journal_path: Path, *, verify: bool = False, passphrase: str | None = None
) -> list[BackupInfo]:
    """The backups of the journal at `journal_path`, newest first."""
    return list_backups(journal_path, verify=verify, passphrase=passphrase)


def restore(
    journal_path: Path, backup: Path, *, now: datetime, passphrase: str | None = None
) -> Restored:
    """Put `backup` in place of the journal, after backing the current journal up."""
    return restore_backup(journal_path, backup, now=now, passphrase=passphrase)
