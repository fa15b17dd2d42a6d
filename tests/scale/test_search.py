"""Full-text search behaves the same on SQLite (FTS5) and PostgreSQL (tsvector + GIN)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

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


def test_the_most_recently_written_notes_come_first_a_page_at_a_time(
    journal: Journal, now: datetime
) -> None:
    lake = customers.create_customer(journal, name="Lakeside Dental", now=now)
    # Written in this order; the last one is about a meeting longer ago.
    written = [_note(journal, lake.id, now, 10 - n, "Call", f"quota talk {n}").id for n in range(5)]
    late = _note(journal, lake.id, now, 30, "Catching up", "quota from last month").id
    newest_first = [late, *reversed(written)]
    assert _ids(journal, "quota") == newest_first
    assert _ids(journal, "quota", limit=2) == newest_first[:2]
    assert _ids(journal, "quota", limit=2, offset=2) == newest_first[2:4]
    assert _ids(journal, "quota", limit=10, offset=4) == newest_first[4:]
    assert _ids(journal, "quota", customer_id=lake.id, limit=3) == newest_first[:3]
    assert notes.count_search_hits(journal, "quota") == 6
    assert notes.count_search_hits(journal, "quota", customer_id=lake.id + 1) == 0


@pytest.mark.parametrize("few_notes", [0, 5000])
def test_one_customers_notes_whether_they_have_few_or_many(
    journal: Journal, now: datetime, monkeypatch, few_notes: int
) -> None:
    from custjournal.store import search  # noqa: PLC0415

    # SQLite checks matches against the customer's ids listed once (few notes) or against
    # the (customer, id) index (many): the same answer either way.
    monkeypatch.setattr(search, "FEW_NOTES", few_notes)
    lake = customers.create_customer(journal, name="Lakeside Dental", now=now)
    nord = customers.create_customer(journal, name="Nordlicht Logistik", now=now)
    mine = [_note(journal, lake.id, now, 9 - n, "Call", f"quota {n}").id for n in range(4)]
    _note(journal, nord.id, now, 1, "Call", "quota elsewhere")
    assert _ids(journal, "quota", customer_id=lake.id) == list(reversed(mine))
    assert _ids(journal, "quo", customer_id=lake.id, limit=2, offset=1) == mine[2:0:-1]
    assert notes.count_search_hits(journal, "quota", customer_id=lake.id) == 4
    assert _ids(journal, "elsewhere", customer_id=lake.id) == []


def test_the_count_stops_at_its_cap(journal: Journal, now: datetime) -> None:
    from custjournal.store.search import count_matches  # noqa: PLC0415

    lake = customers.create_customer(journal, name="Lakeside Dental", now=now)
    for n in range(5):
        _note(journal, lake.id, now, n, "Call", "firewall rules")
    with journal.reading() as session:
        assert count_matches(session, "firewall", cap=3) == 3  # "3 or more"
        assert count_matches(session, "firewall", cap=10) == 5
        assert count_matches(session, "&&", cap=10) == 0


def test_quoted_words_must_stand_in_a_row(journal: Journal, now: datetime) -> None:
    lake = customers.create_customer(journal, name="Lakeside Dental", now=now)
    phrase = _note(journal, lake.id, now, 2, "Call", "The mail server is down again")
    apart = _note(journal, lake.id, now, 1, "Call", "Server room: mail sorting moved")
    assert set(_ids(journal, "mail server")) == {phrase.id, apart.id}
    assert _ids(journal, '"mail server"') == [phrase.id]
    assert _ids(journal, '"server is" down') == [phrase.id]
    assert _ids(journal, '"mail serv"') == []  # a closed quote asks for exactly these words
    assert set(_ids(journal, '"mail serv')) == {phrase.id, apart.id}  # unclosed: plain words


def test_query_syntax_typed_by_the_user_is_matched_literally(
    journal: Journal, now: datetime
) -> None:
    lake = customers.create_customer(journal, name="Lakeside Dental", now=now)
    near = _note(journal, lake.id, now, 2, "Call", "They sit NEAR the door, AND or OR: both")
    star = _note(journal, lake.id, now, 1, "Call", "Rating: 5* service, the best")
    for query in (
        "NEAR(door both)",
        "door AND both",
        "door OR nothing",
        'sit "NEAR',
        "NOT door",
        "*",
        '"',
        '""',
        '"""',
        "door)",
        "^door",
        "col:door",
        "-door",
    ):
        notes.search_interactions(journal, query)  # never FTS5 or tsquery syntax
        notes.count_search_hits(journal, query)
    assert _ids(journal, "NEAR(door both)") == [near.id]  # NEAR is a word like any other
    assert _ids(journal, "door OR nothing") == []  # OR too: "nothing" is not in the note
    assert _ids(journal, "door AND both") == [near.id]
    assert _ids(journal, "5* service") == [star.id]
    assert _ids(journal, "*") == []  # no words: nothing to find
    assert _ids(journal, '"') == []


def test_accents_are_folded_both_ways(journal: Journal, now: datetime) -> None:
    lake = customers.create_customer(journal, name="Lakeside Dental", now=now)
    city = _note(journal, lake.id, now, 2, "Visit", "Workshop in Jyväskylä with Dr. Müller")
    plain = _note(journal, lake.id, now, 1, "Visit", "Jyvaskyla again, and Muller")
    both = {city.id, plain.id}
    for query in ("Jyväskylä", "jyvaskyla", "JYVÄS", "jyvas", "müller", "MULLER", '"dr müller"'):
        assert set(_ids(journal, query)) >= {city.id}, query
    assert set(_ids(journal, "jyväskylä muller")) == both
    decomposed = "Jyva\u0308skyla\u0308"  # typed on a keyboard that sends combining marks
    assert set(_ids(journal, decomposed)) == both
    (hit,) = [
        h for h in notes.search_interactions(journal, "jyvaskyla") if h.interaction.id == city.id
    ]
    assert "«Jyväskylä»" in hit.snippet  # marked as written, found without accents


def test_a_note_just_written_or_edited_is_found_at_once(journal: Journal, now: datetime) -> None:
    lake = customers.create_customer(journal, name="Lakeside Dental", now=now)
    for n in range(30):
        _note(journal, lake.id, now, n, "Call", "firewall rules")
    new = _note(journal, lake.id, now, 40, "Call", "Kavindra called about the firewall")
    assert _ids(journal, "firewall", limit=1) == [new.id]
    assert _ids(journal, "kavin") == [new.id]
    notes.update_interaction(journal, interaction_id=new.id, body="Zanzibar office opens")
    assert _ids(journal, "kavin") == []
    assert _ids(journal, "zanzib") == [new.id]


def test_hits_carry_the_same_note_as_opening_it(journal: Journal, now: datetime) -> None:
    lake = customers.create_customer(journal, name="Lakeside Dental", now=now)
    liisa = customers.add_contact(journal, customer_id=lake.id, name="Liisa")
    ari = customers.add_contact(journal, customer_id=lake.id, name="Ari")
    note = notes.log_interaction(
        journal, customer_id=lake.id, now=now, title="Quota", body="Quota raised",
        contact_ids=[ari.id, liisa.id], questions=["Can we keep old mail?", "Who pays?"],
    )  # fmt: skip
    bare = _note(journal, lake.id, now, 1, "", "quota left alone")
    hits = {h.interaction.id: h.interaction for h in notes.search_interactions(journal, "quota")}
    assert hits[note.id] == notes.get_interaction(journal, note.id)
    assert hits[bare.id] == notes.get_interaction(journal, bare.id)


def test_a_search_can_be_stopped_between_its_steps(journal: Journal, now: datetime) -> None:
    lake = customers.create_customer(journal, name="Lakeside Dental", now=now)
    _note(journal, lake.id, now, 1, "Call", "quota")
    asked = []

    def typed_past_it() -> None:
        asked.append(True)
        raise LookupError("typed past it")

    with pytest.raises(LookupError):
        notes.search_interactions(journal, "quota", check=typed_past_it)
    assert asked
    assert len(_ids(journal, "quota", check=lambda: None)) == 1
