"""Private files: the data folder 0700; journal, -wal/-shm, backups 0600, even if they were 0644."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from safety_helpers import fill

from custjournal.services.backups import backup_now
from custjournal.store import Journal


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_journal_folder_and_files_are_private(tmp_path, now):
    old = os.umask(0o022)
    try:
        folder = tmp_path / "data"
        journal = Journal.open(f"sqlite:///{folder / 'journal.db'}")
        fill(journal, now)
        assert mode(folder) == 0o700
        for name in ("journal.db", "journal.db-wal", "journal.db-shm"):
            assert mode(folder / name) == 0o600, name
        info = backup_now(journal, now=now)
        assert mode(info.path) == 0o600
        assert mode(info.path.parent) == 0o700
        journal.close()
    finally:
        os.umask(old)


def test_existing_world_readable_files_are_tightened(filled, db_path, now):
    journal = Journal.open(filled, backup=False)
    fill(journal, now, "Second")
    info = backup_now(journal, now=now)
    journal.close()
    for path in (db_path, info.path, info.path.parent):
        path.chmod(0o755 if path.is_dir() else 0o644)
    wal = db_path.with_name("journal.db-wal")
    wal.write_bytes(b"")
    wal.chmod(0o644)
    journal = Journal.open(filled)
    assert mode(db_path) == 0o600
    assert mode(wal) == 0o600
    backup_now(journal, now=now)
    assert mode(info.path.parent) == 0o700
    assert mode(info.path) == 0o600
    journal.close()
