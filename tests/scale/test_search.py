"""Full-text search behaves the same on SQLite (FTS5) and PostgreSQL (tsvector + GIN)."""

from __future__ import annotations

from datetime import datetime, timedelta

from custjournal.services import customers
from custjournal.services import journal as notes
from custjournal.store import Journal
from custjournal.store.search import tsquery_expression


def _note(journal: Journal, customer_id: int, now: datetime, days: int, title: str, body: str):
    return notes.log_interaction(
        journal, customer_id=customer_id, now=now, title=title, body=body,
        occurred_at=now - timedelta(days=days),
    )  # fmt: skip


def _ids(journal: Journal, query: str, **kwargs) -> list[int]:
    return [hit.interaction.id for hit in notes.search_interactions(journal, query, **kwargs)]


def test_words_prefixes_and_customers(journal: Journal, now: datetime) -> None:
    lake = customers.create_customer(journal, name="Lakeside Dental", now=now)
    nord = customers.create_customer(journal, name="Nordlicht Logistik", now=now)
    mail = _note(journal, lake.id, now, 3, "Mail server", "Planned the migration window")
    vpn = _note(journal, nord.id, now, 2, "VPN", "Migration of the firewall rules")
    _note(journal, lake.id, now, 1, "Lunch", "Talked about their kids")

    assert set(_ids(journal, "migration")) == {mail.id, vpn.id}
    assert set(_ids(journal, "migr")) == {mail.id, vpn.id}  # typing: the last word is a prefix
    assert _ids(journal, "migration firewall") == [vpn.id]  # every word must occur
    assert _ids(journal, "MAIL server") == [mail.id]  # titles count, case does not
    assert _ids(journal, "migration", customer_id=lake.id) == [mail.id]
    assert _ids(journal, "zebra") == []


def test_punctuation_and_quotes_are_never_query_syntax(journal: Journal, now: datetime) -> None:
    lake = customers.create_customer(journal, name="Lakeside Dental", now=now)
    note = _note(journal, lake.id, now, 1, "Call", "O'Brien asked: can we (really) do it & more?")
    for query in ("O'Brien", "o'brien really", "(really) & !more:*", "' or 1=1 --", "&|!:*"):
        notes.search_interactions(journal, query)  # never an SQL or tsquery syntax error
    assert _ids(journal, "O'Brien") == [note.id]
    assert _ids(journal, "(really)") == [note.id]
    assert _ids(journal, "&|!:*") == []


def test_edits_and_deletes_show_in_search_at_once(journal: Journal, now: datetime) -> None:
    lake = customers.create_customer(journal, name="Lakeside Dental", now=now)
    note = _note(journal, lake.id, now, 1, "Call", "Quota raised")
    notes.update_interaction(journal, interaction_id=note.id, body="Backup restored")
    assert _ids(journal, "quota") == []
    assert _ids(journal, "backup") == [note.id]
    notes.delete_interaction(journal, interaction_id=note.id)
    assert _ids(journal, "backup") == []


def test_tsquery_text_quotes_every_word() -> None:
    assert tsquery_expression("mail server") == "'mail' & 'server':*"
    assert tsquery_expression("O'Brien!") == "'o' & 'brien':*"
    assert tsquery_expression("  ") == ""


def test_a_common_word_is_ranked_among_the_newest_matches(
    journal: Journal, now: datetime, monkeypatch
) -> None:
    if journal.engine.dialect.name != "sqlite":
        return  # PostgreSQL ranks every match (its index answers a word quickly enough)
    from custjournal.store import search  # noqa: PLC0415

    lake = customers.create_customer(journal, name="Lakeside Dental", now=now)
    written = [_note(journal, lake.id, now, 10 - n, "Call", f"quota talk {n}").id for n in range(6)]
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    assert sorted(_ids(journal, "quota", limit=3)) == written[-3:]
    assert sorted(_ids(journal, "quota", limit=6)) == written  # never fewer than asked for
    assert sorted(_ids(journal, "quota", customer_id=lake.id, limit=3)) != []
