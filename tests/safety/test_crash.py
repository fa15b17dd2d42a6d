"""Crash safety: a writer killed with SIGKILL 100 times loses nothing it reported committed."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from safety_helpers import fill

from custjournal.store import Journal
from custjournal.store.check import check_journal

KILLS = 100
DRIVER = Path(__file__).with_name("crash_driver.py")


@pytest.mark.crash
def test_sigkill_at_random_moments_loses_no_committed_write(db_url, db_path, now):
    journal = Journal.open(db_url)
    customer_id = fill(journal, now, notes=0)
    journal.close()
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, str(DRIVER), db_url, str(customer_id), str(KILLS), "20261123"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    reported = [tuple(pair) for pair in result["reported"]]
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
    print(
        f"{KILLS} kills ({result['during_open']} while opening), {len(reported)} reported "
        f"commits, all present; {result['seconds']:.1f} s"
    )
