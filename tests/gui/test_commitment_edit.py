"""Editing an appointment from its row: Enter ▸ Edit…, saved or refused beside the field."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from custjournal.gui.dialogs.commitment_edit import CommitmentEditDialog
from custjournal.services.commitments import add_appointment, get_commitment, update_commitment
from custjournal.services.customers import add_contact, create_customer
from custjournal.services.projects import create_project
from tests.gui.conftest import dialog_of, idle


@pytest.fixture
def visit(journal, now) -> Any:
    customer = create_customer(journal, name="Fjord Logistics AS", now=now, timezone="Europe/Oslo")
    add_contact(journal, customer_id=customer.id, name="Ingrid Dahl", role="COO")
    create_project(journal, customer_id=customer.id, name="Warehouse scanners", now=now)
    return add_appointment(
        journal,
        customer_id=customer.id,
        title="Site walk-through",
        starts_at=now + timedelta(days=2),
        duration_minutes=60,
        location="Bergen depot",
        now=now,
    )


def _open_editor(qtbot: Any, window: Any, visit: Any) -> CommitmentEditDialog:
    """The way a user gets there: the commitment's row, Enter, then Edit… in its menu."""
    window.show_customer(visit.customer_id)
    workspace = window.views["workspace"]
    qtbot.waitUntil(lambda: workspace.commit_model.rowCount() == 1)
    workspace.tabs.setCurrentWidget(workspace.commitments)
    workspace.commitments.setFocus()
    workspace.commitments.setCurrentIndex(workspace.commit_model.index(0, 0))
    qtbot.keyClick(workspace.commitments, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.actions_.last_menu is not None)
    [edit] = [a for a in window.actions_.last_menu.actions() if a.text() == "&Edit…"]
    edit.trigger()
    return dialog_of(qtbot, window, CommitmentEditDialog)


def _replace(qtbot: Any, widget: Any, text: str) -> None:
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(widget, text)


def test_place_length_and_contact_are_saved(qtbot, window, journal, visit):
    dialog = _open_editor(qtbot, window, visit)
    assert dialog.location.text() == "Bergen depot"
    assert dialog.duration.text() == "60"
    _replace(qtbot, dialog.location, "Oslo office, 3rd floor")
    _replace(qtbot, dialog.duration, "90")
    dialog.contact.setCurrentIndex(dialog.contact.findText("Ingrid Dahl (COO)"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    saved = get_commitment(journal, visit.id)
    assert (saved.location, saved.duration_minutes) == ("Oslo office, 3rd floor", 90)
    assert saved.contact_id is not None
    assert saved.due_at == visit.due_at  # editing never moves the time
    workspace = window.views["workspace"]
    qtbot.waitUntil(lambda: workspace.commit_model.row_at(0).location == "Oslo office, 3rd floor")
    idle(qtbot, window)


def test_in_person_without_a_place_is_refused_beside_the_place(qtbot, window, journal, visit):
    dialog = _open_editor(qtbot, window, visit)
    _replace(qtbot, dialog.location, "")
    _replace(qtbot, dialog.duration, "45")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.error_text("location")))

    assert dialog.error_text("location") == "an in-person appointment needs a place"
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    unchanged = get_commitment(journal, visit.id)
    assert (unchanged.location, unchanged.duration_minutes) == ("Bergen depot", 60)
    assert unchanged.version == visit.version


def test_a_change_made_elsewhere_is_not_overwritten(qtbot, window, journal, visit):
    dialog = _open_editor(qtbot, window, visit)
    update_commitment(journal, commitment_id=visit.id, title="Site walk-through (moved room)")
    _replace(qtbot, dialog.title_edit, "Depot walk-through")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.general_error.isVisible())

    assert "changed elsewhere" in dialog.general_error.text()
    assert dialog.title_edit.text() == "Depot walk-through"  # the user's text is kept
    assert get_commitment(journal, visit.id).title == "Site walk-through (moved room)"
