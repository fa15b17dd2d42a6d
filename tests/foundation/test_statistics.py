"""A journal keeps the query planner's statistics up to date by itself."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from custjournal.services import customers
from custjournal.services import journal as notes
from custjournal.services.commitments import agenda
from custjournal.store import Journal


def _measured(url: str) -> set[str]:
    journal = Journal.open(url, backup=False)
    try:
        return _measured_while_open(journal)
    finally:
        journal.close()


def _measured_while_open(journal: Journal) -> set[str]:
    with journal.reading() as session:
        found = text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if session.execute(found).first() is None:
            return set()
        return {t for (t,) in session.execute(text("SELECT DISTINCT tbl FROM sqlite_stat1"))}


def _used_journal(path: Path, now: datetime) -> Journal:
    journal = Journal.open(f"sqlite:///{path}", backup=False)
    customer = customers.create_customer(journal, name="Acme", now=now)
    for day in range(30):
        notes.log_interaction(
            journal, customer_id=customer.id, title=f"call {day}",
            occurred_at=now - timedelta(days=day), now=now,
        )  # fmt: skip
    agenda(journal, start=now, end=now + timedelta(days=7))
    notes.timeline(journal, customer_id=customer.id)
    return journal


def test_closing_a_used_journal_measures_the_tables_its_queries_used(
    tmp_path: Path, now: datetime
) -> None:
    path = tmp_path / "journal.db"
    journal = _used_journal(path, now)
    before = _measured_while_open(journal)
    journal.close()
    journal.close()  # twice is harmless
    assert before == set()
    assert "interactions" in _measured(f"sqlite:///{path}")
