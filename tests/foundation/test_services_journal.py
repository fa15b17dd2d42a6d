"""Interactions: validation naming the field, one transaction per action, search, topics."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from custjournal.domain.enums import Channel, InteractionKind
from custjournal.domain.errors import ConflictError, NotFoundError, ValidationError
from custjournal.services import customers
from custjournal.services import journal as notes
from custjournal.services.views import CustomerView
from custjournal.store import Journal

from .conftest import snapshot


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"body": "", "title": ""}, "body"),
        ({"body": "  \n\t "}, "body"),
        ({"kind": "telepathy"}, "kind"),
        ({"channel": "pigeon"}, "channel"),
        ({"mood": "ecstatic"}, "mood"),
        ({"occurred_at": datetime(2026, 11, 23, 10, 0)}, "occurred_at"),  # naive
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"title": "t" * 301}, "title"),
        ({"questions": ["fine", "q" * 2001]}, "questions[1]"),
        ({"project_id": 12345}, "project_id"),
    ],
)
def test_log_interaction_refuses_bad_input_naming_the_field(
    journal: Journal, helsinki: CustomerView, now: datetime, fields: dict[str, Any], field: str
) -> None:
    before = snapshot(journal)
    values = {"body": "Called about the mail server", **fields}
    with pytest.raises(ValidationError) as caught:
        notes.log_interaction(journal, customer_id=helsinki.id, now=now, **values)
    assert caught.value.field == field
    assert snapshot(journal) == before


def test_a_contact_of_another_customer_writes_nothing(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    other = customers.create_customer(journal, name="Other Oy", now=now, timezone="UTC")
    stranger = customers.add_contact(journal, customer_id=other.id, name="Stranger")
    before = snapshot(journal)
    with pytest.raises(ValidationError) as caught:
        notes.log_interaction(
            journal, customer_id=helsinki.id, now=now, body="Met", contact_ids=[stranger.id]
        )
    assert caught.value.field == "contact_ids"
    assert snapshot(journal) == before
    assert notes.count_interactions(journal) == 0


def test_an_unknown_customer_writes_nothing(journal: Journal, now: datetime) -> None:
    before = snapshot(journal)
    with pytest.raises(NotFoundError):
        notes.log_interaction(journal, customer_id=4242, now=now, body="hi")
    assert snapshot(journal) == before


def test_a_failing_edit_rolls_back_the_changes_already_applied(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    # update_interaction sets the fields before it sees that nothing is left: the whole
    # action must be undone, not only the check.
    logged = notes.log_interaction(
        journal, customer_id=helsinki.id, now=now, title="Plan", body="Saturday switch-over"
    )
    before = snapshot(journal)
    with pytest.raises(ValidationError) as caught:
        notes.update_interaction(journal, interaction_id=logged.id, title="", body="")
    assert caught.value.field == "body"
    assert snapshot(journal) == before
    assert notes.get_interaction(journal, logged.id).body == "Saturday switch-over"


def test_log_interaction_uses_the_given_clock_and_sensible_defaults(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    liisa = customers.add_contact(journal, customer_id=helsinki.id, name="Liisa")
    view = notes.log_interaction(
        journal,
        customer_id=helsinki.id,
        now=now,
        kind="meeting",
        body="Met Liisa",
        contact_ids=[liisa.id],
        questions=["Will the calendar keep working?", "  "],
    )
    assert view.occurred_at == now
    assert view.timezone == "Europe/Helsinki"
    assert view.kind == InteractionKind.MEETING
    assert view.channel == Channel.IN_PERSON  # a meeting implies in person
    assert view.contact_ids == (liisa.id,)
    assert view.questions == ("Will the calendar keep working?",)
    assert view.customer_name == "Lakeside Dental"


def test_stale_note_edit_is_a_conflict(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    logged = notes.log_interaction(journal, customer_id=helsinki.id, now=now, body="v1")
    notes.update_interaction(journal, interaction_id=logged.id, expected_version=1, body="v2")
    with pytest.raises(ConflictError):
        notes.update_interaction(journal, interaction_id=logged.id, expected_version=1, body="v3")
    assert notes.get_interaction(journal, logged.id).body == "v2"


@pytest.fixture
def searchable(journal: Journal, helsinki: CustomerView, now: datetime) -> dict[str, int]:
    other = customers.create_customer(journal, name="Nordlicht", now=now, timezone="UTC")
    ids = {}
    for key, customer, title, body, days in (
        ("mail", helsinki.id, "Mail server", "The mailserver reboot is planned for Saturday", 3),
        ("backup", helsinki.id, "", "Backups of the scheduling server failed twice", 2),
        ("cloud", other.id, "Cloud move", "Warehouse scanners and the server room", 1),
        ("muller", other.id, "", "Dr. Müller approved the budget (100% sure!)", 0),
    ):
        ids[key] = notes.log_interaction(
            journal, customer_id=customer, now=now, occurred_at=now - timedelta(days=days),
            title=title, body=body,
        ).id  # fmt: skip
    return ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("saturday", {"mail"}),
        ("server", {"mail", "backup", "cloud"}),
        ("serv", {"mail", "backup", "cloud"}),  # the last word is a prefix
        ("scheduling serv", {"backup"}),  # every word must occur
        ("sched serv", set()),  # only the last word is a beginning
        ("mail", {"mail"}),
        ("muller", {"muller"}),  # diacritics folded
        ("MÜLLER budget", {"muller"}),
        ('100% "sure', {"muller"}),  # punctuation is not query syntax
        ("nothing-like-this", set()),
        ("   ", set()),
    ],
)
def test_search_finds_words_and_prefixes(
    journal: Journal, searchable: dict[str, int], query: str, expected: set[str]
) -> None:
    hits = notes.search_interactions(journal, query)
    by_id = {v: k for k, v in searchable.items()}
    assert {by_id[h.interaction.id] for h in hits} == expected


def test_search_marks_the_match_and_filters_by_customer(
    journal: Journal, helsinki: CustomerView, searchable: dict[str, int]
) -> None:
    (hit,) = notes.search_interactions(journal, "reboot")
    assert "«reboot»" in hit.snippet
    assert hit.interaction.customer_name == "Lakeside Dental"
    only = notes.search_interactions(journal, "server", customer_id=helsinki.id)
    assert {h.interaction.id for h in only} == {searchable["mail"], searchable["backup"]}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "What happens if the scheduling server goes down?",
            "So what happens when the scheduling server goes down again?",
        ),
        ("How do I reset my password?", "how do i reset the password"),
        ("Can we pay by invoice?", "Could we pay by invoice, please?"),
    ],
)
def test_rephrasings_of_a_question_share_a_topic(first: str, second: str) -> None:
    assert notes.question_topic(first) == notes.question_topic(second)
    assert notes.question_topic(first)


def test_different_questions_have_different_topics() -> None:
    assert notes.question_topic("What happens if the server goes down?") != (
        notes.question_topic("What does the server cost?")
    )


def test_questions_asked_in_notes_are_stored_under_their_topic(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    from sqlalchemy import func, select

    from custjournal.domain import CustomerQuestion

    for wording in (
        "What happens if the scheduling server goes down?",
        "What happens if the scheduling server goes down again?",
        "So what happens when the scheduling server goes down?",
        "Who pays for the licences?",
    ):
        notes.log_interaction(
            journal, customer_id=helsinki.id, now=now, body="call", questions=[wording]
        )
    with journal.reading() as session:
        groups = dict(
            session.execute(
                select(CustomerQuestion.topic, func.count()).group_by(CustomerQuestion.topic)
            ).all()
        )
    assert sorted(groups.values()) == [1, 3]
