"""Backups: online API copies, verified before rotation, thinned like Anki, restorable."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from safety_helpers import corrupted_copy, fill, names

from custjournal.cli import main
from custjournal.services.backups import backup_if_changed, backup_now, backups_of, restore
from custjournal.store import Journal
from custjournal.store import backup as backup_module
from custjournal.store.backup import BackupFailed, Limits, backups_dir, list_backups, obsolete
from custjournal.store.restore import RestoreRefused


def _customers_in(path: Path) -> list[str]:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return sorted(row[0] for row in connection.execute("SELECT name FROM customers"))
    finally:
        connection.close()


def test_backup_is_a_private_verified_copy_with_the_data(filled, db_path, now):
    journal = Journal.open(filled, backup=False)
    info = backup_now(journal, now=now)
    journal.close()
    assert info.verified is True
    assert info.path.parent == db_path.parent / "backups"
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(info.path.parent.stat().st_mode) == 0o700
    assert _customers_in(info.path) == ["Acme Oy"]
    # One self-contained file: no -wal needed beside it.
    assert info.path.read_bytes()[18:20] == b"\x01\x01"
    assert sqlite3.connect(info.path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_backup_sees_uncheckpointed_writes_of_the_open_journal(journal, db_path, now):
    fill(journal, now, "Written just now")
    info = backup_now(journal, now=now)
    assert _customers_in(info.path) == ["Written just now"]


def test_opening_takes_one_backup_then_not_again_within_the_interval(filled, db_path):
    assert list_backups(db_path) == []
    Journal.open(filled).close()
    assert len(list_backups(db_path)) == 1
    Journal.open(filled).close()
    assert len(list_backups(db_path)) == 1


def test_a_new_empty_journal_is_not_backed_up(db_url, db_path):
    Journal.open(db_url).close()
    assert not backups_dir(db_path).exists()


def test_backup_while_changed_respects_changes_and_interval(journal, db_path, now):
    assert backup_if_changed(journal, now=now) is None  # nothing saved yet
    fill(journal, now)
    first = backup_if_changed(journal, now=now)
    assert first is not None and journal.changes == 0
    fill(journal, now, "Beta")
    assert backup_if_changed(journal, now=now + timedelta(minutes=10)) is None
    second = backup_if_changed(journal, now=now + timedelta(minutes=30))
    assert second is not None and _customers_in(second.path) == ["Acme Oy", "Beta"]


def test_a_backup_failing_its_check_is_dropped_and_rotates_nothing(
    journal, db_path, now, monkeypatch
):
    fill(journal, now)
    kept = [backup_now(journal, now=now - timedelta(days=d)).path for d in range(40, 0, -3)]
    before = {p.name for p in backups_dir(db_path).iterdir()}
    monkeypatch.setattr(backup_module, "integrity_problems", lambda path, **_: ["page 7 is bad"])
    with pytest.raises(BackupFailed, match="integrity check"):
        backup_now(journal, now=now)
    assert {p.name for p in backups_dir(db_path).iterdir()} == before
    assert all(p.exists() for p in kept[-3:])


def _expected_kept(times: list[datetime], today: date, limits: Limits) -> set[datetime]:
    return set(times) - set(obsolete(times, today=today, limits=limits))


def test_thinning_keeps_today_yesterday_then_daily_weekly_monthly():
    now = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
    # Four backups a day for two years.
    times = [now - timedelta(hours=6 * n) for n in range(4 * 730)]
    kept = sorted(_expected_kept(times, now.date(), Limits()), reverse=True)
    recent = [t for t in kept if t.date() >= date(2026, 11, 22)]
    assert len(recent) == 4 + 4  # everything of today and yesterday
    older = kept[len(recent) :]
    assert len(older) == 12 + 10 + 9
    daily = older[:12]
    assert len({t.date() for t in daily}) == 12  # one a day
    weekly = older[12:22]
    assert len({t.date().toordinal() // 7 for t in weekly}) == 10
    monthly = older[22:]
    assert len({(t.year, t.month) for t in monthly}) == 9
    assert monthly[-1] > now - timedelta(days=400)


def test_thinning_limits_are_settings(journal, db_path, now):
    from custjournal.services.settings import set_setting  # noqa: PLC0415

    with journal.transaction() as session:
        set_setting(session, "backup.keep_daily", "2")
        set_setting(session, "backup.keep_weekly", "0")
        set_setting(session, "backup.keep_monthly", "0")
    for days in range(10, -1, -1):
        backup_now(journal, now=now - timedelta(days=days))
    taken = [b.taken_at.date() for b in list_backups(db_path)]
    assert taken == [now.date() - timedelta(days=d) for d in (0, 1, 2, 3)]


def test_restore_brings_back_the_backup_and_keeps_the_current_journal(filled, db_path, now):
    journal = Journal.open(filled, backup=False)
    good = backup_now(journal, now=now - timedelta(days=1))
    fill(journal, now, "Added after the backup")
    journal.close()
    done = restore(db_path, good.path, now=now)
    assert done.previous is not None
    assert _customers_in(done.previous.path) == ["Acme Oy", "Added after the backup"]
    journal = Journal.open(filled)
    assert names(journal) == ["Acme Oy"]
    journal.close()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(filled, db_path, tmp_path, now):
    bad = corrupted_copy(db_path, tmp_path / "bad.db")
    before = db_path.read_bytes()
    with pytest.raises(RestoreRefused, match="integrity check"):
        restore(db_path, bad, now=now)
    assert db_path.read_bytes() == before
    assert main(["restore", str(bad), "--db", filled]) == 1


def test_cli_backup_backups_and_restore(filled, db_path, capsys):
    assert main(["backup", "--db", filled, "--now", "2026-11-20T08:00:00Z"]) == 0
    out = capsys.readouterr().out
    assert "backed up to" in out and "journal-20261120-080000Z.db" in out
    assert main(["backups", "--db", filled, "--verify"]) == 0
    out = capsys.readouterr().out
    assert "2026-11-20 08:00" in out and "yes, now" in out
    assert main(["backups", "--db", filled, "--json"]) == 0
    listed = capsys.readouterr().out
    assert '"size"' in listed and "journal-20261120-080000Z.db" in listed
    file = backups_of(db_path)[-1].path
    journal = Journal.open(filled, backup=False)
    fill(journal, datetime(2026, 11, 23, tzinfo=UTC), "Oops")
    journal.close()
    assert main(["restore", str(file), "--db", filled, "--now", "2026-11-23T10:00:00Z"]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "as it was is kept in" in out
    journal = Journal.open(filled)
    assert names(journal) == ["Acme Oy"]
    journal.close()


def test_a_window_can_defer_the_opening_backup_off_its_thread(filled, db_path, now):
    from custjournal.services.backups import backup_if_due  # noqa: PLC0415

    journal = Journal.open(filled, backup=False)
    assert list_backups(db_path) == []
    first = backup_if_due(journal, now=now)
    assert first is not None and first.verified
    assert backup_if_due(journal, now=now + timedelta(minutes=29)) is None
    assert backup_if_due(journal, now=now + timedelta(minutes=30)) is not None
    journal.close()
