"""The consultant's loop, by clicks and keys: customer, note, promise, Today, overdue, done."""

from __future__ import annotations

from PySide6.QtCore import Qt

from custjournal.gui.dialogs.commitments import PromiseDialog
from custjournal.gui.dialogs.records import CustomerDialog, NoteDialog
from custjournal.gui.models.base import ROW_ROLE
from tests.gui.conftest import dialog_of, idle, press

CTRL = Qt.KeyboardModifier.ControlModifier


def _save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def _risk_reasons(view) -> list[str]:
    return [risk.reason for risk in view.model.risks()]


def test_customer_note_promise_today_overdue_done(qtbot, window, clock):
    # Ctrl+N: a new customer, typed in and saved.
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    dialog = dialog_of(qtbot, window, CustomerDialog)
    qtbot.keyClicks(dialog.name, "Aurora Hotels")
    dialog.timezone.clear()
    qtbot.keyClicks(dialog.timezone, "Europe/Helsinki")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # The new customer's workspace opens by itself.
    workspace = window.views["workspace"]
    qtbot.waitUntil(lambda: workspace.data is not None and workspace.isVisible())
    assert workspace.header.text() == "Aurora Hotels"
    assert "Europe/Helsinki" in workspace.facts.text()

    # Log a note from the workspace.
    qtbot.mouseClick(
        workspace.findChild(type(dialog.save_button), "ws_new_note"), Qt.MouseButton.LeftButton
    )
    note = dialog_of(qtbot, window, NoteDialog)
    qtbot.keyClicks(note.title_edit, "Kick-off call")
    qtbot.keyClicks(note.body, "They want the **kiosk** live before Christmas.")
    _save(qtbot, note)
    qtbot.waitUntil(lambda: "kiosk live before Christmas" in workspace.timeline.toPlainText())

    # A promise due tomorrow 9am, with the parsed time shown while typing.
    qtbot.mouseClick(
        workspace.findChild(type(note.save_button), "ws_new_promise"), Qt.MouseButton.LeftButton
    )
    promise = dialog_of(qtbot, window, PromiseDialog)
    qtbot.keyClicks(promise.title_edit, "Send the kiosk quote")
    qtbot.keyClicks(promise.due.edit, "tomorrow 9am")
    assert promise.due.preview.text().startswith("→ Tue 24 Nov 09:00")
    _save(qtbot, promise)
    qtbot.waitUntil(lambda: not promise.isVisible())

    # It is on Today's agenda.
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    today = window.views["today"]
    qtbot.waitUntil(
        lambda: any(i.commitment.title == "Send the kiosk quote" for i in today.agenda_model.rows())
    )
    idle(qtbot, window)

    # Time passes beyond the due time: F5 and the Risks view shows it overdue, critical.
    clock.advance(days=2)
    press(qtbot, window, Qt.Key.Key_5, CTRL)
    risks = window.views["risks"]
    press(qtbot, window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: any("Send the kiosk quote" in r for r in _risk_reasons(risks)))
    overdue = next(r for r in risks.model.risks() if "Send the kiosk quote" in r.reason)
    assert overdue.rule_id == "overdue"
    assert risks.model.index(0, 0).data() == "Critical (1)"  # the word, not only the colour

    # Select it and mark it done with one click: the risk goes away.
    assert risks.select_key(overdue.key)
    assert risks.current().key == overdue.key
    qtbot.mouseClick(risks.buttons["done"][0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not any("Send the kiosk quote" in r for r in _risk_reasons(risks)))
    idle(qtbot, window)
    assert all(
        risks.model.index(row, 0).data(ROW_ROLE) is None for row in range(risks.model.rowCount())
    )


def test_bad_date_is_explained_beside_the_field(qtbot, window, journal, now):
    from custjournal.services.customers import create_customer

    customer = create_customer(journal, name="Kaizen Precision", now=now, timezone="Asia/Tokyo")
    window.show_customer(customer.id)
    workspace = window.views["workspace"]
    qtbot.waitUntil(lambda: workspace.data is not None)
    window.run_action("new_promise", customer_id=customer.id)
    promise = dialog_of(qtbot, window, PromiseDialog)
    qtbot.keyClicks(promise.title_edit, "Send the agenda")
    qtbot.keyClicks(promise.due.edit, "2026-02-30 10:00")
    assert promise.due.preview.text().startswith("✗")
    _save(qtbot, promise)
    message = promise.error_text("due_at")
    assert "not a real date" in message
    assert promise.isVisible()  # nothing saved, the user can fix it

    # Fixed, it saves; the live preview shows both zones (UTC user, Tokyo customer).
    promise.due.edit.clear()
    qtbot.keyClicks(promise.due.edit, "fri 17:00")
    assert "in Tokyo" in promise.due.preview.text()
    _save(qtbot, promise)
    qtbot.waitUntil(lambda: not promise.isVisible())
    assert promise.error_text("due_at") == ""


def test_service_validation_message_is_shown_beside_the_name(qtbot, window):
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    dialog = dialog_of(qtbot, window, CustomerDialog)
    qtbot.keyClicks(dialog.country, "Finland")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(dialog.error_text("name") or dialog.error_text("country")))
    assert dialog.error_text("name") == "is required"
    assert dialog.isVisible()
