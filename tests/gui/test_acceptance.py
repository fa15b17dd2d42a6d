"""The issue's check: on the sample journal, find today's risk, open the customer behind it,
log the call that resolves it, and see the risk go away — by keys and clicks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from custjournal.gui.dialogs.records import NoteDialog
from custjournal.services.demo import build_demo
from tests.gui.conftest import dialog_of, idle, press

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_silent_customer_is_resolved_by_logging_the_call(qtbot, window, journal, now):
    build_demo(journal, now=now)
    press(qtbot, window, Qt.Key.Key_F5)
    today = window.views["today"]
    qtbot.waitUntil(lambda: today.risk_model.rowCount() > 0, timeout=20_000)
    silent = next(r for r in today.risk_model.risks() if r.rule_id == "silent-customer")

    # On Today, Enter on the risk opens the customer behind it.
    index = today.risk_model.risk_index(silent.key)
    today.risk_tree.setFocus()
    today.risk_tree.setCurrentIndex(index)
    qtbot.keyClick(today.risk_tree, Qt.Key.Key_Return)
    workspace = window.views["workspace"]
    qtbot.waitUntil(lambda: workspace.data is not None and workspace.isVisible())
    assert workspace.header.text() == silent.customer_name
    assert silent.reason in workspace.profile.toPlainText()

    # Log the call (Alt+L on the workspace's "Log note" button, or Ctrl+L).
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    note = dialog_of(qtbot, window, NoteDialog)
    note.kind.setCurrentIndex(note.kind.findText("Call"))
    assert note.kind.currentText() == "Call"
    qtbot.keyClicks(note.title_edit, "Called to ask how the tiles ship")
    qtbot.mouseClick(note.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not note.isVisible())
    idle(qtbot, window, timeout=20_000)

    # The risk is gone everywhere it was shown.
    press(qtbot, window, Qt.Key.Key_5, CTRL)
    risks = window.views["risks"]
    idle(qtbot, window, timeout=20_000)
    assert not any(r.key == silent.key for r in risks.model.risks())
    assert silent.reason not in workspace.profile.toPlainText()
