"""Verified backups through SQLite's online backup API, thinned the way Anki does."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from custjournal.store import cipher
from custjournal.store.probe import integrity_problems

BACKUP_DIR = "backups"
PARTIAL = ".partial"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})Z(?:-(?P<n>\d+))?\.db$")


class BackupFailed(RuntimeError):
    """A backup could not be taken or did not pass its integrity check; nothing was rotated."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How many backups survive beyond today and yesterday (Anki's defaults)."""

    daily: int = 12
    weekly: int = 10
    monthly: int = 9


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int
    # True: passed integrity_check (when taken, or just now when asked to verify); None: not
    # re-checked since it was taken (only verified backups ever get their final name).
    verified: bool | None = None
    problems: tuple[str, ...] = ()


def make_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


def backups_dir(journal_path: Path) -> Path:
    """Where the backups of `journal_path` live: a private `backups/` folder beside it."""
    return journal_path.resolve().parent / BACKUP_DIR


def _parse(path: Path, stem: str) -> datetime | None:
    match = _NAME.match(path.name)
    if match is None or match["stem"] != stem:
        return None
    return datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)


def list_backups(
    journal_path: Path, *, verify: bool = False, passphrase: str | None = None
) -> list[BackupInfo]:
    """The backups of a journal, newest first; `verify` re-runs integrity_check on each."""
    folder = backups_dir(journal_path)
    if not folder.is_dir():
        return []
    found: list[BackupInfo] = []
    for path in folder.iterdir():
        taken_at = _parse(path, journal_path.stem)
        if taken_at is None or not path.is_file():
            continue
        problems = tuple(integrity_problems(path, passphrase=passphrase)) if verify else ()
        verified = (not problems) if verify else None
        found.append(BackupInfo(path, taken_at, path.stat().st_size, verified, problems))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def newest_backup_time(journal_path: Path) -> datetime | None:
    backups = list_backups(journal_path)
    return backups[0].taken_at if backups else None


def newest_good_backup(journal_path: Path, passphrase: str | None = None) -> BackupInfo | None:
    """The newest backup that passes integrity_check now (the one to offer after damage)."""
    for backup in list_backups(journal_path):
        if not integrity_problems(backup.path, passphrase=passphrase):
            return BackupInfo(backup.path, backup.taken_at, backup.size, True)
    return None


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def copy_database(source: Any, target: Path, passphrase: str | None = None) -> None:
    """Copy a live database page by page with the online backup API into a new private file.

    With a passphrase both sides are SQLCipher databases: the copy is encrypted too.
    """
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    destination = cipher.connect(target, passphrase) if passphrase else sqlite3.connect(target)
    try:
        source.backup(destination)
        # A backup is one self-contained file: no -wal beside it to lose when copied alone.
        destination.execute("PRAGMA journal_mode=DELETE")
        destination.commit()
    finally:
        destination.close()
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def _live_reader(path: Path, passphrase: str | None) -> Any:
    # Read-only but not immutable: another connection may be writing while we copy.
    if passphrase:
        return cipher.connect(path, passphrase, query="mode=ro")
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _target_name(folder: Path, stem: str, now: datetime) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{stem}-{stamp}Z.db"
    n = 2
    while candidate.exists() or candidate.with_name(candidate.name + PARTIAL).exists():
        candidate = folder / f"{stem}-{stamp}Z-{n}.db"
        n += 1
    return candidate


def take_backup(
    journal_path: Path,
    *,
    now: datetime,
    limits: Limits | None = None,
    source: Any = None,
    thin: bool = True,
    passphrase: str | None = None,
) -> BackupInfo:
    """Back the journal up, verify the copy, then thin older backups (never before verifying).

    `source` is an open connection to read from (e.g. an encrypted one); by default a plain
    read-only connection to `journal_path` is used.
    """
    journal_path = journal_path.resolve()
    try:
        folder = make_private_dir(backups_dir(journal_path))
        # Only this journal's leftovers: another journal may be backing up beside it.
        for stale in folder.glob(f"{journal_path.stem}-????????-??????Z*.db{PARTIAL}"):
            stale.unlink(missing_ok=True)  # left by a backup that was killed half-way
    except OSError as exc:
        raise BackupFailed(f"cannot write backups beside {journal_path}: {exc}") from exc
    for earlier in list_backups(journal_path):
        with contextlib.suppress(OSError):
            earlier.path.chmod(0o600)  # copied in by hand, or made by an older version
    final = _target_name(folder, journal_path.stem, now)
    partial = final.with_name(final.name + PARTIAL)
    own = source is None
    connection = _live_reader(journal_path, passphrase) if own else source
    try:
        copy_database(connection, partial, passphrase)
    except Exception as exc:  # noqa: BLE001 - sqlite3's or SQLCipher's: the backup failed
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"could not back up {journal_path}: {exc}") from exc
    finally:
        if own:
            connection.close()
    problems = integrity_problems(partial, passphrase=passphrase)
    if problems:
        partial.unlink(missing_ok=True)
        raise BackupFailed(
            f"the backup of {journal_path} failed its integrity check ({problems[0]}); "
            "older backups were kept — run `custjournal check`"
        )
    try:
        os.replace(partial, final)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupFailed(f"could not store the backup of {journal_path}: {exc}") from exc
    _fsync_dir(folder)
    if thin:
        rotate(journal_path, now=now, limits=limits or Limits())
    return BackupInfo(final, _parse(final, journal_path.stem) or now, final.stat().st_size, True)


def backup_is_due(journal_path: Path, *, now: datetime, interval: timedelta) -> bool:
    newest = newest_backup_time(journal_path)
    return newest is None or now - newest >= interval or newest > now + timedelta(minutes=5)


def obsolete(
    times: Iterable[datetime], *, today: date, limits: Limits, tz: tzinfo = UTC
) -> list[datetime]:
    """Which backup times to delete: keep all of today and yesterday, then one a day for
    `daily` days, one a week for `weekly` weeks, one a month for `monthly` months (Anki)."""
    yesterday = today.toordinal() - 1
    left = {"daily": limits.daily, "weekly": limits.weekly, "monthly": limits.monthly}
    last_day = last_week = last_month = 1 << 60
    gone: list[datetime] = []
    for when in sorted(times, reverse=True):
        local = when.astimezone(tz).date()
        day, week, month = local.toordinal(), local.toordinal() // 7, local.year * 12 + local.month
        if day >= yesterday:
            stage = None
            keep = True
        elif left["daily"] > 0:
            stage, keep = "daily", day < last_day
        elif left["weekly"] > 0:
            stage, keep = "weekly", week < last_week
        elif left["monthly"] > 0:
            stage, keep = "monthly", month < last_month
        else:
            stage, keep = None, False
        if not keep:
            gone.append(when)
            continue
        last_day, last_week, last_month = day, week, month
        if stage is not None:
            left[stage] -= 1
    return gone


def rotate(journal_path: Path, *, now: datetime, limits: Limits, tz: tzinfo = UTC) -> list[Path]:
    """Delete the backups the thinning rule no longer keeps; returns what was deleted."""
    backups = list_backups(journal_path)
    by_time: dict[datetime, list[Path]] = {}
    for backup in backups:
        by_time.setdefault(backup.taken_at, []).append(backup.path)
    today = now.astimezone(tz).date()
    removed: list[Path] = []
    for when in obsolete(by_time, today=today, limits=limits, tz=tz):
        for path in by_time[when]:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
