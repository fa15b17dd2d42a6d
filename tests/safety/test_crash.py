"""Crash safety: a writer killed with SIGKILL 100 times loses nothing it reported committed."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest
from safety_helpers import fill

from custjournal.domain import Commitment, Interaction
from custjournal.store import Journal
from custjournal.store.check import check_journal

KILLS = 100


def _write_forever(url: str, customer_id: int, report: int) -> None:
    """The child: write a note and a promise per unit of work; report ids once committed."""
    journal = Journal.open(url)
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    n = 0
    while True:
        n += 1
        with journal.transaction() as session:
            note = Interaction(
                customer_id=customer_id, occurred_at=now, created_at=now,
                title=f"Call {os.getpid()}-{n}", body="Agreed the next steps " * 20,
            )  # fmt: skip
            promise = Commitment(
                uid=f"crash-{os.getpid()}-{n}", customer_id=customer_id,
                title=f"Send minutes {n}", due_at=now + timedelta(days=n % 30), created_at=now,
            )  # fmt: skip
            session.add_all([note, promise])
            session.flush()
            ids = f"{note.id} {promise.id}\n"
        # Only now is it committed; a kill before this line may keep it, never lose a reported one.
        os.write(report, ids.encode("ascii"))


@pytest.mark.crash
def test_sigkill_at_random_moments_loses_no_committed_write(db_url, db_path, now):
    journal = Journal.open(db_url)
    customer_id = fill(journal, now, notes=0)
    journal.close()
    rng = random.Random(20261123)
    reported: list[tuple[int, int]] = []
    started = time.monotonic()
    for _ in range(KILLS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            try:
                os.close(read_end)
                _write_forever(db_url, customer_id, write_end)
            finally:
                os._exit(0)
        os.close(write_end)
        time.sleep(rng.uniform(0.0, 0.2))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as pipe:
            for line in pipe.read().decode("ascii").splitlines():
                note_id, promise_id = line.split()
                reported.append((int(note_id), int(promise_id)))
    elapsed = time.monotonic() - started
    assert len(reported) > KILLS, "the writer hardly wrote anything before being killed"

    connection = sqlite3.connect(db_path)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    notes = {row[0] for row in connection.execute("SELECT id FROM interactions")}
    promises = {row[0] for row in connection.execute("SELECT id FROM commitments")}
    connection.close()
    assert {n for n, _ in reported} <= notes
    assert {p for _, p in reported} <= promises
    journal = Journal.open(db_url)
    report = check_journal(journal, now=now, repair=False)
    journal.close()
    assert report.findings == (), report.findings
    print(f"{KILLS} kills, {len(reported)} reported commits, all present; {elapsed:.1f} s")
