"""The large demo generator at a tiny size: deterministic, consistent, searchable, usable."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from custjournal.domain import Commitment, Customer, Interaction, ValidationError
from custjournal.services import customers
from custjournal.services import journal as notes
from custjournal.services.commitments import agenda
from custjournal.services.demo_large import Size, build_large_demo
from custjournal.services.journal import search_interactions, timeline
from custjournal.services.risks import evaluate_risks
from custjournal.store import Journal

TINY = Size(customers=12, interactions=600, commitments=240)


def _fingerprint(journal: Journal) -> list[tuple]:
    with journal.reading() as session:
        return list(
            session.execute(
                select(Interaction.id, Interaction.customer_id, Interaction.occurred_at,
                       Interaction.kind, Interaction.body).order_by(Interaction.id)
            )
        )  # fmt: skip


def test_a_tiny_journal_has_the_asked_sizes_and_sane_data(journal: Journal, now: datetime) -> None:
    counts = build_large_demo(journal, now=now, size=TINY)
    assert counts["customers"] == 12
    assert counts["interactions"] == 600
    assert counts["commitments"] == 240
    with journal.reading() as session:
        first, last = session.execute(
            select(func.min(Interaction.occurred_at), func.max(Interaction.occurred_at))
        ).one()
        zones = session.scalar(select(func.count(func.distinct(Customer.timezone))))
        house = session.scalar(
            select(func.count()).where(Interaction.customer_id == 1).select_from(Interaction)
        )
        open_future = session.scalar(
            select(func.count())
            .select_from(Commitment)
            .where(Commitment.status == "open", Commitment.due_at > now)
        )
        pairs = session.execute(select(Commitment.direction, Commitment.owner).distinct()).all()
    # Ten years of history up to now, customers across several zones, one busy house account.
    assert now - timedelta(days=3700) <= first < now - timedelta(days=365)
    assert last <= now
    assert zones >= 3
    assert house == 60
    assert open_future > 0
    # A practice of consultants; the customer's promises are nobody's on our side.
    assert sorted(owner for direction, owner in pairs if direction == "mine") == ["", "Anna", "Ben"]
    assert [owner for direction, owner in pairs if direction == "theirs"] == [""]


def test_the_same_seed_writes_the_same_journal(tmp_path, now: datetime) -> None:
    prints = []
    for name in ("a", "b"):
        journal = Journal.open(f"sqlite:///{tmp_path / name}.db", backup=False)
        build_large_demo(journal, now=now, size=TINY, seed=3)
        prints.append(_fingerprint(journal))
        journal.close()
    assert prints[0] == prints[1]
    assert len({body for *_, body in prints[0]}) > 300  # varied text, not one note 600 times


def test_the_generated_notes_are_searchable_and_the_services_work(
    journal: Journal, now: datetime
) -> None:
    build_large_demo(journal, now=now, size=TINY)
    with journal.reading() as session:
        word = (
            session.scalar(
                select(Interaction.body).where(Interaction.body.like("%Site: %")).limit(1)
            )
            .split("Site: ")[1]
            .split(";")[0]
        )
        expected = set(
            session.scalars(
                select(Interaction.id).where((Interaction.body + " ").like(f"%Site: {word};%"))
            )
        )
    found = {hit.interaction.id for hit in search_interactions(journal, word, limit=1000)}
    assert expected <= found
    assert len(timeline(journal, customer_id=1, limit=25)) == 25
    assert agenda(journal, start=now, end=now + timedelta(days=30)) is not None
    assert evaluate_risks(journal, now=now)  # ten years of a practice: something is at risk
    # The app goes on writing after the bulk load (PostgreSQL's id sequences were moved on).
    added = customers.create_customer(journal, name="New Customer Oy", now=now)
    note = notes.log_interaction(journal, customer_id=added.id, now=now, body="Zanzibar")
    assert added.id == 13
    assert [h.interaction.id for h in search_interactions(journal, "zanzibar")] == [note.id]


def test_sqlite_search_index_is_rebuilt_to_match_the_notes(tmp_path, now: datetime) -> None:
    journal = Journal.open(f"sqlite:///{tmp_path / 'j.db'}", backup=False)
    build_large_demo(journal, now=now, size=TINY)
    with journal.reading() as session:
        check = session.execute(
            text("INSERT INTO interactions_fts(interactions_fts) VALUES ('integrity-check')")
        )
        assert check is not None
        indexed = session.execute(text("SELECT count(*) FROM interactions_fts")).scalar()
        triggers = session.execute(
            text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        ).scalar()
    journal.close()
    assert indexed == 600
    assert triggers == 3  # later notes keep the index in sync again


def test_a_journal_with_customers_is_refused_and_left_alone(
    journal: Journal, now: datetime
) -> None:
    build_large_demo(journal, now=now, size=TINY)
    before = _fingerprint(journal)
    with pytest.raises(ValidationError, match="journal"):
        build_large_demo(journal, now=now, size=TINY)
    assert _fingerprint(journal) == before


def test_a_generated_journal_is_measured_for_the_query_planner(
    journal: Journal, now: datetime
) -> None:
    # Without statistics SQLite guessed the rules' join order on the stress journal and read
    # every open commitment once per customer (the rules' reading took four times as long).
    build_large_demo(journal, now=now, size=TINY)
    with journal.reading() as session:
        if journal.engine.dialect.name == "sqlite":
            query = "SELECT DISTINCT tbl FROM sqlite_stat1"
        else:  # PostgreSQL: the tables its ANALYZE has measured
            query = "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
        measured = {table for (table,) in session.execute(text(query))}
    assert {"commitments", "interactions", "customers"} <= measured


@pytest.mark.parametrize("dialect_name", ["sqlite", "postgresql"])
def test_times_written_in_bulk_are_stored_as_one_by_one(dialect_name: str) -> None:
    # The generator converts a batch's times together; the stored form must be exactly the
    # ORM's, or the rules' bulk reading (and every comparison in SQL) would see other text.
    from zoneinfo import ZoneInfo

    from sqlalchemy.dialects import postgresql, sqlite

    from custjournal.domain.base import UTCDateTime

    dialect = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}[dialect_name]
    berlin, auckland = ZoneInfo("Europe/Berlin"), ZoneInfo("Pacific/Auckland")
    times = [
        datetime(2026, 3, 29, 1, 59, 59, 999_999, tzinfo=berlin),  # before the DST jump
        datetime(2026, 3, 29, 3, 0, tzinfo=berlin),
        datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=berlin),  # the repeated hour, 2nd time
        datetime(2026, 4, 5, 2, 30, tzinfo=auckland),
        datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=auckland),
        None,
    ]
    column = UTCDateTime()
    one = column._cached_bind_processor(dialect)
    expected = [None if t is None else (one(t) if one else t) for t in times]
    assert column.many_bind_processor(dialect)(times) == expected
    with pytest.raises(ValueError, match="naive"):
        column.many_bind_processor(dialect)([datetime(2026, 1, 1)])
