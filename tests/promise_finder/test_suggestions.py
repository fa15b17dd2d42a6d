"""Suggestions from a saved note: offered, accepted as commitments, dismissed for good."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete

from custjournal.domain import PromiseDecision
from custjournal.domain.enums import CommitmentKind, CommitmentStatus, Direction
from custjournal.domain.errors import ConflictError, NotFoundError, ValidationError
from custjournal.services import commitments
from custjournal.services import journal as notes
from custjournal.services.promises.suggestions import (
    accept_suggestion,
    dismiss_suggestion,
    suggest_commitments,
)
from custjournal.store import Journal
from tests.promise_finder.conftest import CALL_AT, NOTE, Saved

HELSINKI = ZoneInfo("Europe/Helsinki")
LATER = CALL_AT + timedelta(hours=1)


def test_a_saved_note_offers_its_promises_both_ways(journal: Journal, saved: Saved) -> None:
    offered = suggest_commitments(journal, interaction_id=saved.interaction_id, now=LATER)
    assert [(s.direction, s.who, s.title) for s in offered] == [
        (Direction.MINE, "me", "the workshop agenda for Maria"),
        (Direction.THEIRS, "the customer", "confirm the venue"),
        (Direction.THEIRS, "Jussi", "send the test data"),
    ]
    agenda, venue, data = offered
    assert agenda.due == datetime(2026, 11, 20, 17, 0, tzinfo=HELSINKI)
    assert venue.due is not None and venue.due.astimezone(HELSINKI).day == 27
    assert data.due is None
    assert NOTE[agenda.span[0] : agenda.span[1]] == agenda.matched
    assert agenda.timezone == "Europe/Helsinki" and not agenda.overdue
    # Nothing is created silently: offering is read-only.
    assert commitments.list_commitments(journal) == []


def test_accepting_tracks_the_promise_and_it_is_not_offered_again(
    journal: Journal, saved: Saved
) -> None:
    agenda = suggest_commitments(journal, interaction_id=saved.interaction_id, now=LATER)[0]
    view = accept_suggestion(
        journal, interaction_id=saved.interaction_id, key=agenda.key, now=LATER
    )
    assert (view.kind, view.direction, view.status) == (
        CommitmentKind.PROMISE,
        Direction.MINE,
        CommitmentStatus.OPEN,
    )
    assert view.title == "the workshop agenda for Maria"
    assert view.due_at == agenda.due and view.timezone == "Europe/Helsinki"
    assert "Promised Maria the workshop agenda by Friday" in view.details
    assert [c.id for c in commitments.list_commitments(journal)] == [view.id]
    left = suggest_commitments(journal, interaction_id=saved.interaction_id, now=LATER)
    assert agenda.key not in {s.key for s in left} and len(left) == 2
    with pytest.raises(ConflictError):
        accept_suggestion(journal, interaction_id=saved.interaction_id, key=agenda.key, now=LATER)


def test_accepting_with_edits_and_a_named_contact(journal: Journal, saved: Saved) -> None:
    data = suggest_commitments(journal, interaction_id=saved.interaction_id, now=LATER)[2]
    due = datetime(2026, 11, 24, 12, 0, tzinfo=HELSINKI)
    with pytest.raises(ValidationError) as raised:
        accept_suggestion(journal, interaction_id=saved.interaction_id, key=data.key, now=LATER)
    assert raised.value.field == "due_at"
    assert commitments.list_commitments(journal) == []  # nothing half-written
    view = accept_suggestion(
        journal,
        interaction_id=saved.interaction_id,
        key=data.key,
        now=LATER,
        title="Test data for the load test",
        due_at=due,
    )
    assert (view.direction, view.title, view.due_at) == (
        Direction.THEIRS,
        "Test data for the load test",
        due,
    )


def test_the_promised_contact_is_linked(journal: Journal, saved: Saved) -> None:
    # Maria is the recipient of my promise, not its promiser: no contact on it.
    agenda = suggest_commitments(journal, interaction_id=saved.interaction_id, now=LATER)[0]
    assert agenda.contact_id is None
    data = suggest_commitments(journal, interaction_id=saved.interaction_id, now=LATER)[2]
    assert data.contact_id is not None and data.contact_id != saved.maria_id


def test_dismissed_is_not_offered_again_even_after_the_note_is_edited(
    journal: Journal, saved: Saved
) -> None:
    venue = suggest_commitments(journal, interaction_id=saved.interaction_id, now=LATER)[1]
    dismiss_suggestion(journal, interaction_id=saved.interaction_id, key=venue.key, now=LATER)
    assert venue.key not in {
        s.key for s in suggest_commitments(journal, interaction_id=saved.interaction_id, now=LATER)
    }
    notes.update_interaction(
        journal, interaction_id=saved.interaction_id, body="Edited intro.\n" + NOTE
    )
    again = suggest_commitments(journal, interaction_id=saved.interaction_id, now=LATER)
    assert venue.key not in {s.key for s in again} and len(again) == 2
    assert commitments.list_commitments(journal) == []


def test_unknown_note_or_key(journal: Journal, saved: Saved) -> None:
    with pytest.raises(NotFoundError):
        suggest_commitments(journal, interaction_id=9999, now=LATER)
    with pytest.raises(NotFoundError):
        dismiss_suggestion(journal, interaction_id=saved.interaction_id, key="nope", now=LATER)


def test_a_suggestion_already_past_due_says_so(journal: Journal, saved: Saved) -> None:
    offered = suggest_commitments(
        journal, interaction_id=saved.interaction_id, now=datetime(2026, 11, 21, tzinfo=UTC)
    )
    assert [s.overdue for s in offered] == [True, False, False]


def test_an_accepted_promise_is_not_offered_twice_after_decisions_are_lost(
    journal: Journal, saved: Saved
) -> None:
    # A journal restored from a JSON export or the trash keeps its commitments, not the
    # decision rows; the commitment made from the note still says it is tracked.
    agenda = suggest_commitments(journal, interaction_id=saved.interaction_id, now=LATER)[0]
    accept_suggestion(journal, interaction_id=saved.interaction_id, key=agenda.key, now=LATER)
    with journal.transaction() as session:
        session.execute(delete(PromiseDecision))
    left = suggest_commitments(journal, interaction_id=saved.interaction_id, now=LATER)
    assert agenda.key not in {s.key for s in left} and len(left) == 2
