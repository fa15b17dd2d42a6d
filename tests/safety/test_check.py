"""`custjournal check`: ok on a healthy journal; finds, repairs and reports the rest."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from safety_helpers import fill

from custjournal.cli import main
from custjournal.domain import Commitment, DueChange, Notice
from custjournal.domain.enums import Channel, CommitmentKind, NoticeKind
from custjournal.services.backups import backup_now
from custjournal.store import Journal
from custjournal.store.check import check_journal
from custjournal.store.search import search_ids


def _raw(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def test_a_healthy_journal_is_ok(filled, capsys):
    assert main(["check", "--db", filled]) == 0
    assert capsys.readouterr().out.strip() == "ok"


def test_a_stale_search_index_is_rebuilt_after_a_backup(filled, db_path, now, capsys):
    # Take one note out of the index behind the journal's back.
    _raw(
        db_path,
        "INSERT INTO interactions_fts(interactions_fts, rowid, title, body) "
        "SELECT 'delete', id, title, body FROM interactions WHERE title = 'Meeting 1'",
    )
    journal = Journal.open(filled, backup=False)
    with journal.reading() as session:
        assert len(search_ids(session, "migration")) == 2
    journal.close()
    assert main(["check", "--db", filled]) == 0
    out = capsys.readouterr().out
    assert "repaired (search-index)" in out and "rebuilt the search index" in out
    assert "backed up first" in out and out.strip().endswith("ok")
    journal = Journal.open(filled, backup=False)
    with journal.reading() as session:
        assert len(search_ids(session, "migration")) == 3
    journal.close()
    assert main(["check", "--db", filled]) == 0
    assert capsys.readouterr().out.strip() == "ok"


def test_missing_index_triggers_are_recreated(filled, db_path, now):
    _raw(db_path, "DROP TRIGGER interactions_fts_ai")
    journal = Journal.open(filled, backup=False)
    report = check_journal(journal, now=now)
    assert report.healthy and "triggers" in report.findings[0].problem
    fill(journal, now, "Later", notes=1)
    with journal.reading() as session:
        assert len(search_ids(session, "migration")) == 4  # the new note is indexed again
    journal.close()


def test_orphans_are_repaired_the_way_the_database_would_have(filled, db_path, now):
    _raw(
        db_path,
        "INSERT INTO interactions (customer_id, occurred_at, timezone, kind, title, body, mood,"
        " created_at, version) VALUES (999, '2026-11-01 10:00:00', 'UTC', 'note', 'x', 'y',"
        " 'neutral', '2026-11-01 10:00:00', 1)",
        "UPDATE interactions SET project_id = 777 WHERE title = 'Meeting 0'",
    )
    journal = Journal.open(filled, backup=False)
    report = check_journal(journal, now=now, repair=False)
    assert {f.area for f in report.problems} == {"foreign-key"}
    assert len(report.problems) == 2
    mark = journal.change_mark()
    report = check_journal(journal, now=now)
    assert report.healthy and report.backup
    # Counted as a change: Today kept for the next start and the rules' kept reading are of
    # the journal before the repair.
    assert journal.change_mark() != mark
    repaired = sorted(f.repaired for f in report.findings)
    assert repaired[0] == "cleared interactions.project_id of row 1"
    assert repaired[1].startswith("removed orphaned interactions row")
    journal.close()


def test_broken_invariants_are_reported_and_exit_1(filled, db_path, now, capsys):
    journal = Journal.open(filled, backup=False)
    with journal.transaction() as session:
        meeting = Commitment(
            uid="a1", customer_id=1, kind=CommitmentKind.APPOINTMENT, title="Kick-off",
            due_at=now, timezone="Europe/Helsinki", duration_minutes=0, created_at=now,
        )  # fmt: skip
        promise = Commitment(
            uid="p1", customer_id=1, title="Send the offer", due_at=now + timedelta(days=2),
            timezone="Mars/Olympus_Mons", created_at=now,
        )  # fmt: skip
        session.add_all([meeting, promise])
        session.flush()
        session.add(
            DueChange(
                commitment_id=promise.id,
                changed_at=now,
                old_due_at=now,
                new_due_at=now + timedelta(days=1),
            )  # fmt: skip
        )
        session.add(
            Notice(
                customer_id=1,
                kind=NoticeKind.RESCHEDULE,
                title="Moved",
                channel=Channel.EMAIL,
                effective_at=now,
                sent_at=now,
                acknowledged_at=now - timedelta(hours=1),
                created_at=now,
            )  # fmt: skip
        )
    journal.close()
    assert main(["check", "--db", filled]) == 1
    out = capsys.readouterr().out
    assert "appointment 1 ('Kick-off') has no positive duration" in out
    assert "commitment 2 ('Send the offer') is due" in out and "last move says" in out
    assert "reschedule notice 1 ('Moved') names no appointment" in out
    assert "acknowledged before it was sent" in out
    assert "unknown time zone 'Mars/Olympus_Mons'" in out
    assert "ok" not in out.split()


def test_damaged_pages_are_reported_and_a_good_backup_offered(filled, db_path, now, capsys):
    journal = Journal.open(filled, backup=False)
    good = backup_now(journal, now=now)
    journal.close()
    connection = sqlite3.connect(db_path)
    root = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'interactions'"
    ).fetchone()[0]
    page = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    data = bytearray(db_path.read_bytes())
    start = (root - 1) * page
    data[start : start + 8] = b"\x0d\xff\xff\xff\xff\xff\xff\xff"
    db_path.write_bytes(bytes(data))
    assert main(["check", "--db", filled]) == 1
    out = capsys.readouterr().out
    assert "problem (integrity)" in out
    assert f"custjournal restore {good.path}" in out
