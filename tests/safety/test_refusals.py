"""Refusals that protect: newer journals, damaged files, a journal open elsewhere, odd places."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from safety_helpers import corrupted_copy, fill, fingerprint, names
from sqlalchemy import select, text
from sqlalchemy.orm.exc import StaleDataError

from custjournal.cli import main
from custjournal.domain import Customer
from custjournal.services.backups import backup_now
from custjournal.store import Journal
from custjournal.store.backup import list_backups
from custjournal.store.errors import JournalDamaged, JournalInUse, JournalTooNew
from custjournal.store.location import location_warnings


def _set_revision(path: Path, revision: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.commit()
    connection.close()


def _revision_of(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def test_a_journal_from_a_newer_version_is_refused_and_left_byte_for_byte(filled, db_path):
    head = _revision_of(db_path)
    _set_revision(db_path, "9999_from_the_future")
    before = fingerprint(db_path.parent)
    mtime = db_path.stat().st_mtime_ns
    with pytest.raises(JournalTooNew, match="newer version of custjournal"):
        Journal.open(filled)
    after = fingerprint(db_path.parent)
    after.pop("journal.db.lock", None)  # the lock file beside it, never the journal
    before.pop("journal.db.lock", None)
    assert after == before
    assert db_path.stat().st_mtime_ns == mtime
    assert not (db_path.parent / "journal.db-wal").exists()
    # The lock was released: once the user updates, the file opens again.
    _set_revision(db_path, head)
    Journal.open(filled).close()


def test_cli_says_a_journal_is_too_new(filled, db_path, capsys):
    _set_revision(db_path, "9999_from_the_future")
    assert main(["backup", "--db", filled]) == 1
    assert "newer version" in capsys.readouterr().err


def test_a_damaged_journal_is_set_aside_untouched_and_the_newest_good_backup_named(
    filled, db_path, tmp_path, now
):
    journal = Journal.open(filled, backup=False)
    good = backup_now(journal, now=now - timedelta(hours=2))
    journal.close()
    # A newer backup that is itself damaged must not be the one offered.
    bad_backup = corrupted_copy(good.path, good.path.with_name("journal-20261123-095000Z.db"))
    assert list_backups(db_path)[0].path == bad_backup
    garbage = os.urandom(3000)
    db_path.write_bytes(garbage)
    with pytest.raises(JournalDamaged) as caught:
        Journal.open(filled)
    damaged = db_path.with_name("journal.db.damaged")
    assert caught.value.damaged == damaged
    assert damaged.read_bytes() == garbage
    assert caught.value.backup == good.path
    assert f"custjournal restore {good.path}" in str(caught.value)
    assert not db_path.exists()
    assert main(["restore", str(good.path), "--db", filled]) == 0
    journal = Journal.open(filled)
    assert names(journal) == ["Acme Oy"]
    journal.close()


def test_a_journal_with_damaged_pages_is_set_aside(filled, db_path, tmp_path):
    damaged_bytes = corrupted_copy(db_path, tmp_path / "copy.db").read_bytes()
    db_path.write_bytes(damaged_bytes)
    with pytest.raises(JournalDamaged, match="no backup that passes"):
        Journal.open(filled)
    assert db_path.with_name("journal.db.damaged").read_bytes() == damaged_bytes


HOLDER = textwrap.dedent(
    """
    import sys, time
    from custjournal.store import Journal
    journal = Journal.open(sys.argv[1])
    print("open", flush=True)
    time.sleep(60)
    """
)


def test_a_journal_open_in_another_process_is_refused_with_its_pid(filled, capsys):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, filled], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(JournalInUse) as caught:
            Journal.open(filled)
        assert caught.value.pid == holder.pid
        assert f"process {holder.pid}" in str(caught.value)
        assert main(["backup", "--db", filled]) == 1
        assert "already open" in capsys.readouterr().err
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The lock dies with its process, even one killed without a chance to clean up.
    Journal.open(filled).close()


def test_the_same_process_may_open_a_journal_twice(journal, db_url, now):
    again = Journal.open(db_url)
    fill(again, now, "Through the second handle")
    again.close()
    # Closing one handle keeps the lock for the other: another process is still refused.
    fill(journal, now, "Through the first")
    assert names(journal) == ["Through the first", "Through the second handle"]


def test_durability_settings_are_explicit(journal):
    with journal.engine.connect() as connection:
        pragma = lambda name: connection.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000


def test_two_sessions_editing_one_customer_the_second_gets_stale_data(journal, now):
    fill(journal, now)
    first, second = journal._sessions(), journal._sessions()
    try:
        mine = first.scalars(select(Customer)).one()
        theirs = second.scalars(select(Customer)).one()
        mine.notes = "edited in the window"
        first.commit()
        theirs.notes = "edited on the other laptop"
        with pytest.raises(StaleDataError):
            second.commit()
    finally:
        first.close()
        second.rollback()
        second.close()
    with journal.reading() as session:
        assert session.scalars(select(Customer.notes)).one() == "edited in the window"


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export/home /home/ana nfs4 rw,relatime 0 0
//nas/share /mnt/my\\040share cifs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/ana/journal.db", "network share (nfs4"),
        ("/mnt/my share/j/journal.db", "network share (cifs"),
        ("/root/Dropbox/work/journal.db", "Dropbox folder"),
        ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/j.db", "iCloud Drive"),
        ("/home/bob/OneDrive - Contoso/journal.db", "OneDrive"),
        ("/home/bob/Google Drive/journal.db", "Google Drive"),
    ],
)
def test_network_and_cloud_folders_get_a_warning(path, expected):
    warnings = location_warnings(Path(path), mounts_text=MOUNTS)
    assert any(expected in w for w in warnings), warnings


def test_a_local_folder_gets_no_warning():
    assert location_warnings(Path("/srv/data/journal.db"), mounts_text=MOUNTS) == []


def test_journal_in_a_dropbox_folder_carries_the_warning(tmp_path):
    journal = Journal.open(f"sqlite:///{tmp_path / 'Dropbox' / 'journal.db'}")
    try:
        assert any("Dropbox" in w for w in journal.warnings)
    finally:
        journal.close()
