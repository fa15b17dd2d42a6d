"""Hostile text (huge, control characters, right-to-left, emoji, SQL) round-trips the store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from custjournal.domain import Customer, Interaction
from custjournal.store import Journal
from custjournal.store.check import check_journal
from custjournal.store.search import search_ids

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
SQL = [
    "'; DROP TABLE customers; --",
    'Robert"); DELETE FROM interactions; --',
    "1 OR 1=1",
    "x' UNION SELECT * FROM settings --",
    'interactions_fts MATCH "*"',
    "NEAR(a b) AND OR NOT ^ * :",
]
NASTY = [
    "\u202eevil\u202c",  # right-to-left override
    "שלום עולם مرحبا",
    "👩🏽‍💻🇫🇮 ✅",
    "\x00\x01\x07\x1b[31m\x7f",
    "\ufeff\u200b\u200d",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚o̙̔ͮ",
]
hostile = st.one_of(
    st.text(max_size=200),
    st.sampled_from(SQL + NASTY),
    st.lists(st.sampled_from(SQL + NASTY), min_size=1, max_size=5).map(" ".join),
)
PLANTED = "quokkaplanted"


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Iterator[Journal]:
    journal = Journal.open(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'journal.db'}")
    with journal.transaction() as session:
        session.add(Customer(name="Host", created_at=NOW))
    yield journal
    journal.close()


def _customer(journal: Journal) -> int:
    with journal.reading() as session:
        return session.scalars(select(Customer.id).where(Customer.name == "Host")).one()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=hostile, before=hostile, after=hostile)
def test_hostile_note_text_round_trips_and_stays_searchable(shared, title, before, after):
    body = f"{before} {PLANTED} {after}"
    with shared.transaction() as session:
        note = Interaction(
            customer_id=_customer(shared), occurred_at=NOW, created_at=NOW, title=title, body=body
        )
        session.add(note)
        session.flush()
        note_id = note.id
    with shared.reading() as session:
        stored = session.get(Interaction, note_id)
        assert (stored.title, stored.body) == (title, body)
        assert note_id in search_ids(session, PLANTED, limit=10_000)


@settings(max_examples=150, deadline=None)
@given(query=hostile)
def test_any_search_text_is_safe(shared, query):
    with shared.reading() as session:
        assert isinstance(search_ids(session, query), list)
        assert session.scalar(select(Customer.name).where(Customer.name == "Host")) == "Host"


@settings(max_examples=60, deadline=None)
@given(name=hostile.filter(lambda s: s.strip() != "" and s != "Host"))
def test_hostile_customer_names_round_trip(shared, name):
    with shared.transaction() as session:
        existing = session.scalar(select(Customer).where(Customer.name == name))
        if existing is None:
            session.add(Customer(name=name, created_at=NOW))
    with shared.reading() as session:
        assert session.scalar(select(Customer.name).where(Customer.name == name)) == name


def test_a_huge_note_round_trips_and_is_found(shared):
    body = ("\u202e مرحبا 👩🏽‍💻 '; DROP TABLE x; -- " * 40_000) + f" {PLANTED}huge"
    assert len(body) > 1_000_000
    with shared.transaction() as session:
        note = Interaction(
            customer_id=_customer(shared), occurred_at=NOW, created_at=NOW, body=body
        )
        session.add(note)
        session.flush()
        note_id = note.id
    with shared.reading() as session:
        assert session.get(Interaction, note_id).body == body
        assert search_ids(session, f"{PLANTED}huge") == [note_id]


def test_after_all_that_the_journal_checks_ok(shared):
    report = check_journal(shared, now=NOW, repair=False)
    assert report.findings == ()
