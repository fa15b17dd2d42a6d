"""A full disk or a read-only journal: a clear error, and nothing already saved is lost."""

from __future__ import annotations

import pytest
from safety_helpers import fill, names
from sqlalchemy import event

from custjournal.domain import Interaction
from custjournal.store.errors import JournalWriteError


def _limit(journal, pragma: str) -> None:
    journal.engine.dispose()
    event.listen(journal.engine, "connect", lambda conn, _rec: conn.execute(pragma))


def test_a_full_disk_is_a_clear_error_and_keeps_what_was_saved(journal, now):
    customer_id = fill(journal, now)
    with journal.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    _limit(journal, f"PRAGMA max_page_count={pages + 2}")
    notes = [
        Interaction(customer_id=customer_id, occurred_at=now, created_at=now, body="x" * 20_000)
        for _ in range(50)
    ]
    with (
        pytest.raises(JournalWriteError, match="disk is full") as caught,
        journal.transaction() as session,
    ):
        session.add_all(notes)
    assert "everything saved before is intact" in str(caught.value)
    assert names(journal) == ["Acme Oy"]
    with journal.reading() as session:
        assert session.query(Interaction).count() == 3  # none of the 50, all of the 3


def test_a_read_only_journal_is_a_clear_error(journal, now):
    fill(journal, now)
    _limit(journal, "PRAGMA query_only=ON")
    with pytest.raises(JournalWriteError, match="read-only"):
        fill(journal, now, "Beta")
    assert names(journal) == ["Acme Oy"]
