"""Promises found in a saved note, through the window: offered, tracked or dismissed by clicks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from custjournal.gui.dialogs.records import NoteDialog
from custjournal.gui.dialogs.suggestions import SuggestionsDialog
from custjournal.services import journal as journal_service
from custjournal.services.commitments import list_commitments
from custjournal.services.customers import add_contact, create_customer
from tests.gui.conftest import dialog_of, idle, press

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton
NOTE = "Promised Maria the workshop agenda by Friday; they'll confirm the venue next week"


@pytest.fixture
def customer(journal, now):
    found = create_customer(journal, name="Aurora Hotels", now=now, timezone="Europe/Helsinki")
    add_contact(journal, customer_id=found.id, name="Maria")
    return found


def _write_note(qtbot, window, customer, body: str) -> NoteDialog:
    window.show_customer(customer.id)
    window.run_action("new_note", customer_id=customer.id)
    note = dialog_of(qtbot, window, NoteDialog)
    qtbot.keyClicks(note.title_edit, "Workshop planning call")
    qtbot.keyClicks(note.body, body)
    qtbot.mouseClick(note.save_button, LEFT)
    qtbot.waitUntil(lambda: not note.isVisible())
    return note


def _suggestions(qtbot, window) -> SuggestionsDialog:
    return dialog_of(qtbot, window, SuggestionsDialog)


def _all_commitments(journal):
    return list_commitments(journal)


def test_two_promises_offered_tracked_on_today_and_overdue_in_risks(
    qtbot, window, journal, clock, customer
):
    _write_note(qtbot, window, customer, NOTE)
    dialog = _suggestions(qtbot, window)
    assert dialog.windowTitle() == "Promises found in this note — Aurora Hotels"
    mine, theirs = dialog.rows
    assert len(dialog.rows) == 2

    # Who, what, when in both zones (the user is in UTC), and the note's words explaining it.
    assert mine.who.text() == "Mine — you promised"
    assert mine.title_edit.text() == "the workshop agenda for Maria"
    assert mine.due.preview.text() == "→ Fri 27 Nov 15:00 your time — 17:00 in Helsinki"
    assert mine.why.text() == (
        "From your note: “<b>Promised</b> Maria the workshop agenda <b>by Friday</b>”"
    )
    assert theirs.who.text() == "Theirs — the customer promised"
    assert theirs.title_edit.text() == "confirm the venue"
    assert theirs.due.preview.text().startswith("→ Fri 04 Dec")
    assert "<b>next week</b>" in theirs.why.text()

    # Nothing was created by saving the note alone.
    assert _all_commitments(journal) == []

    qtbot.mouseClick(mine.track, LEFT)
    qtbot.mouseClick(theirs.track, LEFT)
    qtbot.waitUntil(lambda: mine.decision == "tracked" and theirs.decision == "tracked")
    assert dialog.close_button.text() == "&Done"
    tracked = {c.title: c for c in _all_commitments(journal)}
    assert tracked["the workshop agenda for Maria"].direction.value == "mine"
    assert tracked["the workshop agenda for Maria"].due_at == datetime(2026, 11, 27, 15, tzinfo=UTC)
    assert tracked["confirm the venue"].direction.value == "theirs"
    qtbot.mouseClick(dialog.close_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # On Today's agenda.
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    today = window.views["today"]
    qtbot.waitUntil(
        lambda: any(
            i.commitment.title == "the workshop agenda for Maria" for i in today.agenda_model.rows()
        )
    )
    idle(qtbot, window)

    # The clock moves past Friday 17:00 Helsinki: Risks shows my promise overdue.
    clock.advance(days=5)
    press(qtbot, window, Qt.Key.Key_5, CTRL)
    risks = window.views["risks"]
    press(qtbot, window, Qt.Key.Key_F5)

    def overdue():
        return [
            r
            for r in risks.model.risks()
            if r.rule_id == "overdue" and "the workshop agenda for Maria" in r.reason
        ]

    qtbot.waitUntil(lambda: bool(overdue()))
    idle(qtbot, window)
    assert not any("confirm the venue" in r.reason for r in risks.model.risks())


def test_edited_date_tracked_dismissed_not_offered_again(qtbot, window, journal, clock, customer):
    _write_note(qtbot, window, customer, NOTE)
    dialog = _suggestions(qtbot, window)
    mine, theirs = dialog.rows

    # The date is natural entry with a live preview; a cleared date is refused beside the row.
    mine.due.edit.clear()
    qtbot.mouseClick(mine.track, LEFT)
    assert "say when" in mine.error.text()
    assert mine.decision == ""
    qtbot.keyClicks(mine.due.edit, "thu 12:00")
    assert mine.due.preview.text() == "→ Thu 26 Nov 12:00 your time — 14:00 in Helsinki"
    mine.title_edit.selectAll()
    qtbot.keyClicks(mine.title_edit, "Send Maria the workshop agenda")
    qtbot.mouseClick(mine.track, LEFT)
    qtbot.mouseClick(theirs.dismiss, LEFT)
    qtbot.waitUntil(lambda: mine.decision == "tracked" and theirs.decision == "dismissed")
    (made,) = _all_commitments(journal)
    assert made.title == "Send Maria the workshop agenda"
    assert made.due_at == datetime(2026, 11, 26, 12, tzinfo=UTC)
    qtbot.mouseClick(dialog.close_button, LEFT)
    idle(qtbot, window)

    # Saving the note again offers nothing: both were decided.
    (note,) = journal_service.timeline(journal, customer_id=customer.id)
    window.run_action("edit_note", note=note)
    editor = dialog_of(qtbot, window, NoteDialog)
    qtbot.mouseClick(editor.save_button, LEFT)
    qtbot.waitUntil(lambda: not editor.isVisible())
    idle(qtbot, window)
    assert window.actions_.last_dialog is editor
    assert len(_all_commitments(journal)) == 1


def test_note_without_promises_opens_nothing(qtbot, window, journal, clock, customer):
    note = _write_note(qtbot, window, customer, "Nice chat about the weather in Helsinki.")
    idle(qtbot, window)
    assert window.actions_.last_dialog is note
