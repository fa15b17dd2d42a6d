"""`custjournal backup`, `backups` and `restore FILE`: verified copies of the journal."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from custjournal.cli.common import UsageError, now_from, print_json
from custjournal.paths import default_db_url
from custjournal.services.backups import backup_now, backups_of, restore
from custjournal.store import Journal
from custjournal.store.backup import BackupFailed, BackupInfo
from custjournal.store.cipher import PASSPHRASE_ENV
from custjournal.store.engine import checked_url, sqlite_path
from custjournal.store.errors import JournalError


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    backup = subparsers.add_parser(
        "backup", parents=[common], help="take a verified backup of the journal now"
    )
    backup.set_defaults(handler=run_backup)
    listing = subparsers.add_parser(
        "backups", parents=[common], help="list the journal's backups, newest first"
    )
    listing.add_argument(
        "--verify", action="store_true", help="run the integrity check on every backup now"
    )
    listing.set_defaults(handler=run_list)
    restoring = subparsers.add_parser(
        "restore",
        parents=[common],
        help="replace the journal with a backup (the current journal is backed up first)",
    )
    restoring.add_argument("file", metavar="FILE", help="the backup to restore")
    restoring.set_defaults(handler=run_restore)


def journal_file(
    args: argparse.Namespace, why: str = "are backed up by their server (e.g. pg_dump)"
) -> tuple[str, Path]:
    """The journal file a file-only command works on; `why` says why a server's cannot."""
    url = getattr(args, "db", None) or default_db_url()
    checked_url(url)  # another database or driver: what to write instead, not "a server's"
    path = sqlite_path(url)
    if path is None:
        raise UsageError(f"--db: journals on a database server {why}")
    return url, path.expanduser().resolve()


def warn(journal: Journal) -> None:
    for warning in journal.warnings:
        print(f"custjournal: warning: {warning}", file=sys.stderr)


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} B"


def _row(info: BackupInfo) -> dict[str, object]:
    return {
        "file": str(info.path),
        "taken_at": info.taken_at.isoformat(),
        "size": info.size,
        "verified": info.verified,
        "problems": list(info.problems),
    }


def _verified(info: BackupInfo) -> str:
    if info.verified is None:
        return "when taken"
    return "yes, now" if info.verified else f"FAILED: {info.problems[0]}"


def run_backup(args: argparse.Namespace) -> int:
    url, _path = journal_file(args)
    try:
        journal = Journal.open(url, backup=False)
    except JournalError as exc:
        print(f"custjournal backup: {exc}", file=sys.stderr)
        return 1
    try:
        warn(journal)
        info = backup_now(journal, now=now_from(args))
    except BackupFailed as exc:
        print(f"custjournal backup: {exc}", file=sys.stderr)
        return 1
    finally:
        journal.close()
    if args.json:
        print_json(_row(info))
    else:
        print(f"backed up to {info.path} ({_size(info.size)}, integrity check ok)")
    return 0


def run_list(args: argparse.Namespace) -> int:
    _url, path = journal_file(args)
    passphrase = os.environ.get(PASSPHRASE_ENV) if args.verify else None
    backups = backups_of(path, verify=args.verify, passphrase=passphrase)
    if args.json:
        print_json([_row(b) for b in backups])
        return 0
    if not backups:
        print(f"no backups yet of {path} (take one with `custjournal backup`)")
        return 0
    print(f"{'taken (UTC)':<17}  {'size':>9}  {'verified':<10}  file")
    for info in backups:
        print(
            f"{info.taken_at:%Y-%m-%d %H:%M}  {_size(info.size):>9}  "
            f"{_verified(info):<10}  {info.path}"
        )
    return 0 if all(b.verified is not False for b in backups) else 1


def run_restore(args: argparse.Namespace) -> int:
    url, path = journal_file(args)
    try:
        passphrase = os.environ.get(PASSPHRASE_ENV) or None
        done = restore(path, Path(args.file), now=now_from(args), passphrase=passphrase)
        # Opening brings an older backup's schema up to date (with its own backup first).
        Journal.open(url, backup=False).close()
    except (JournalError, BackupFailed) as exc:
        print(f"custjournal restore: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print_json(
            {
                "restored": str(done.source),
                "journal": str(done.journal),
                "previous_backup": str(done.previous.path) if done.previous else None,
                "damaged_set_aside": str(done.set_aside) if done.set_aside else None,
            }
        )
        return 0
    print(f"restored {done.source} into {done.journal}")
    if done.previous is not None:
        print(f"the journal as it was is kept in {done.previous.path}")
    if done.set_aside is not None:
        print(f"the damaged journal was kept as {done.set_aside}")
    return 0
