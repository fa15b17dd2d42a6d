"""The note editor records which of the customer's contacts were present."""

from __future__ import annotations

from PySide6.QtCore import Qt

from custjournal.gui.dialogs.records import NoteDialog
from custjournal.services.customers import add_contact, create_customer, get_customer
from custjournal.services.journal import timeline


def test_ticked_contacts_are_saved_and_ticked_again_when_editing(qtbot, window, journal, now):
    cid = create_customer(journal, name="Falcon Bay", now=now).id
    anna = add_contact(journal, customer_id=cid, name="Anna Berg", role="CEO")
    add_contact(journal, customer_id=cid, name="Jussi Koski", role="CTO")
    customer = get_customer(journal, cid)

    dialog = NoteDialog(window.ctx, customer)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [b.text() for b in dialog.present.values()] == ["Anna Berg (CEO)", "Jussi Koski (CTO)"]
    qtbot.mouseClick(dialog.present[anna.id], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.body, "Kick-off: agreed on the lease terms")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == 1)

    (saved,) = timeline(journal, customer_id=cid)
    assert saved.contact_ids == (anna.id,)

    again = NoteDialog(window.ctx, customer, saved)
    qtbot.addWidget(again)
    assert [b.isChecked() for b in again.present.values()] == [True, False]
