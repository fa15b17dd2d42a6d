"""Quick capture (Ctrl+Shift+N): a note saved there is read for promises like the editor's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from custjournal.gui.dialogs.quick_capture import QuickCaptureDialog
from custjournal.gui.dialogs.suggestions import SuggestionsDialog
from custjournal.services.commitments import list_commitments
from custjournal.services.customers import add_contact, create_customer
from custjournal.services.journal import timeline
from tests.gui.conftest import dialog_of, idle, press

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def customer(journal, now):
    found = create_customer(journal, name="Aurora Hotels", now=now, timezone="Europe/Helsinki")
    add_contact(journal, customer_id=found.id, name="Maria")
    return found


def _capture(qtbot, window, what: str, details: str = "", kind: str = "note"):
    press(qtbot, window, Qt.Key.Key_N, CTRL | SHIFT)
    dialog = dialog_of(qtbot, window, QuickCaptureDialog)
    dialog.customer.setEditText("")
    qtbot.keyClicks(dialog.customer.lineEdit(), "Aurora Hotels")
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    qtbot.keyClicks(dialog.what, what)
    if details:
        qtbot.keyClicks(dialog.body, details)
    if kind != "note":
        qtbot.keyClicks(dialog.due.edit, "fri 17:00")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return dialog


def test_a_promise_in_a_quick_note_is_offered_and_lands_on_today(qtbot, window, journal, customer):
    _capture(qtbot, window, "Call with Maria", "Promised Maria the workshop agenda by Friday")
    dialog = dialog_of(qtbot, window, SuggestionsDialog)
    [row] = dialog.rows
    assert row.who.text() == "Mine — you promised"
    assert row.title_edit.text() == "the workshop agenda for Maria"
    assert row.due.preview.text() == "→ Fri 27 Nov 15:00 your time — 17:00 in Helsinki"
    assert list_commitments(journal) == []  # offered, not created

    qtbot.mouseClick(row.track, LEFT)
    qtbot.waitUntil(lambda: row.decision == "tracked")
    [tracked] = list_commitments(journal)
    assert tracked.due_at == datetime(2026, 11, 27, 15, tzinfo=UTC)
    qtbot.mouseClick(dialog.close_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    press(qtbot, window, Qt.Key.Key_1, CTRL)
    today = window.views["today"]
    qtbot.waitUntil(
        lambda: any(
            i.commitment.title == "the workshop agenda for Maria" for i in today.agenda_model.rows()
        )
    )
    idle(qtbot, window)


def test_a_one_line_quick_note_is_read_too(qtbot, window, journal, customer):
    _capture(qtbot, window, "They'll confirm the venue next week")
    dialog = dialog_of(qtbot, window, SuggestionsDialog)
    [row] = dialog.rows
    assert row.who.text().startswith("Theirs")
    assert row.title_edit.text() == "confirm the venue"
    # The one line was kept as the note's text.
    [note] = timeline(journal, limit=5)
    assert note.body == "They'll confirm the venue next week"
    qtbot.mouseClick(row.dismiss, LEFT)
    qtbot.waitUntil(lambda: row.decision == "dismissed")
    assert list_commitments(journal) == []
    idle(qtbot, window)


def test_nothing_offered_for_a_note_without_promises_or_for_a_promise(
    qtbot, window, journal, customer
):
    _capture(qtbot, window, "Lunch chat", "Talked about the weather in Helsinki")
    idle(qtbot, window)
    assert not isinstance(window.actions_.last_dialog, SuggestionsDialog)

    # A promise typed as a promise is tracked as it is; its words are not offered again.
    _capture(qtbot, window, "Send Maria the agenda by Friday", kind="mine")
    idle(qtbot, window)
    assert not isinstance(window.actions_.last_dialog, SuggestionsDialog)
    assert [c.title for c in list_commitments(journal)] == ["Send Maria the agenda by Friday"]
