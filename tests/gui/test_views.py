"""Search, snooze, undo, the palette and the empty journal, driven through the real window."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from custjournal.domain.enums import Channel
from custjournal.gui.app import offer_sample
from custjournal.gui.dialogs.commitments import SnoozeDialog
from custjournal.gui.dialogs.palette import PaletteDialog
from custjournal.gui.dialogs.records import CustomerDialog
from custjournal.services.commitments import add_promise
from custjournal.services.customers import create_customer
from custjournal.services.journal import log_interaction
from tests.gui.conftest import dialog_of, idle, press

CTRL = Qt.KeyboardModifier.ControlModifier


def test_search_finds_a_note_and_opens_it_in_context(qtbot, window, journal, now):
    helios = create_customer(journal, name="Helios Architects", now=now)
    other = create_customer(journal, name="Porto Tiles", now=now)
    log_interaction(journal, customer_id=other.id, now=now, title="Tiles", body="Glaze samples")
    note = log_interaction(
        journal,
        customer_id=helios.id,
        now=now,
        title="Server room",
        body="The **firewall** licence runs out in March.",
    )
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    search = window.views["search"]
    assert window.current_view() is search
    qtbot.keyClicks(search.query, "firewal")  # prefix match while typing
    qtbot.keyClick(search.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: search.model.rowCount() == 1)
    hit = search.model.row_at(0)
    assert hit.interaction.id == note.id
    assert "«firewall»" in hit.snippet  # the match is marked for highlighting

    search.table.setFocus()
    search.table.setCurrentIndex(search.model.index(0, 0))
    qtbot.keyClick(search.table, Qt.Key.Key_Return)
    workspace = window.views["workspace"]
    qtbot.waitUntil(lambda: workspace.data is not None and workspace.isVisible())
    assert workspace.header.text() == "Helios Architects"
    assert "firewall licence runs out" in workspace.timeline.toPlainText()


def test_snooze_hides_a_risk_until_the_date(qtbot, window, journal, now, clock):
    customer = create_customer(journal, name="Lakeside Dental", now=now, stage="active")
    log_interaction(journal, customer_id=customer.id, now=now, kind="call", title="Catch-up")
    add_promise(
        journal,
        customer_id=customer.id,
        title="Send the backup report",
        due_at=now - timedelta(hours=3),
        now=now - timedelta(days=1),
    )
    press(qtbot, window, Qt.Key.Key_F5)  # written behind the window's back: refresh
    press(qtbot, window, Qt.Key.Key_5, CTRL)
    risks = window.views["risks"]
    qtbot.waitUntil(lambda: any("backup report" in r.reason for r in risks.model.risks()))
    risk = next(r for r in risks.model.risks() if "backup report" in r.reason)
    assert risks.select_key(risk.key)
    qtbot.mouseClick(risks.buttons["snooze"][0], Qt.MouseButton.LeftButton)
    dialog = dialog_of(qtbot, window, SnoozeDialog)
    assert dialog.until.preview.text().startswith("→ Tue 24 Nov 09:00")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not any(r.key == risk.key for r in risks.model.risks()))

    # After the snooze date the risk is back, because it is still true.
    clock.advance(days=2)
    press(qtbot, window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: any(r.key == risk.key for r in risks.model.risks()))


def test_deleting_a_note_can_be_undone(qtbot, window, journal, now):
    customer = create_customer(journal, name="Andes Coffee Importers", now=now)
    note = log_interaction(
        journal, customer_id=customer.id, now=now, title="Tasting", body="Loved the *geisha*."
    )
    window.show_customer(customer.id)
    workspace = window.views["workspace"]
    qtbot.waitUntil(lambda: "Loved the geisha" in workspace.timeline.toPlainText())
    workspace.timeline.internal.emit("delete-note", str(note.id))  # the note's "delete" link
    qtbot.waitUntil(lambda: "Loved the geisha" not in workspace.timeline.toPlainText())
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: "Loved the geisha" in workspace.timeline.toPlainText())


def test_palette_jumps_to_a_customer(qtbot, window, journal, now):
    create_customer(journal, name="Nordlicht Logistik", now=now)
    create_customer(journal, name="Oslo Fjord Kayaks", now=now)
    press(qtbot, window, Qt.Key.Key_K, CTRL)
    palette = dialog_of(qtbot, window, PaletteDialog)
    qtbot.keyClicks(palette.query, "fjord")
    assert palette.proxy.rowCount() == 1
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    workspace = window.views["workspace"]
    qtbot.waitUntil(lambda: workspace.data is not None and workspace.isVisible())
    assert workspace.header.text() == "Oslo Fjord Kayaks"


def test_window_opens_on_an_empty_journal_and_offers_a_start(qtbot, window):
    idle(qtbot, window)
    today = window.views["today"]
    assert today.risk_box.is_empty and today.agenda_box.is_empty
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    customers = window.views["customers"]
    idle(qtbot, window)
    assert customers.box.is_empty
    assert "Ctrl+N" in customers.box.message.text()

    box = offer_sample(window)
    assert isinstance(box, QMessageBox) and box.isVisible()
    fresh = box.findChild(type(box.buttons()[0]), "start_fresh")
    qtbot.mouseClick(fresh, Qt.MouseButton.LeftButton)
    dialog_of(qtbot, window, CustomerDialog)


def test_sample_journal_loads_from_the_offer(qtbot, window):
    box = offer_sample(window)
    sample = box.findChild(type(box.buttons()[0]), "load_sample")
    qtbot.mouseClick(sample, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    customers = window.views["customers"]
    qtbot.waitUntil(lambda: customers.model.total >= 20, timeout=30_000)
    idle(qtbot, window, timeout=30_000)
    assert not customers.box.is_empty


def test_customer_list_filters_as_you_type(qtbot, window, journal, now):
    for name in ("Baltic Ferries Oy", "Balkan Bakeries", "Cape Vine Estates"):
        create_customer(journal, name=name, now=now)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    customers = window.views["customers"]
    qtbot.waitUntil(lambda: customers.model.rowCount() == 3)
    qtbot.keyClicks(customers.filter_edit, "bal")
    qtbot.waitUntil(lambda: customers.model.rowCount() == 2)
    qtbot.keyClicks(customers.filter_edit, "t")
    qtbot.waitUntil(lambda: customers.model.rowCount() == 1)
    assert customers.model.row_at(0).name == "Baltic Ferries Oy"


def test_a_commitment_is_completed_from_the_keyboard(qtbot, window, journal, now):
    customer = create_customer(journal, name="Lagos Fresh Foods", now=now)
    add_promise(
        journal,
        customer_id=customer.id,
        title="Cold-chain memo",
        due_at=now + timedelta(days=1),
        now=now,
    )
    window.show_customer(customer.id)
    workspace = window.views["workspace"]
    qtbot.waitUntil(lambda: workspace.commit_model.rowCount() == 1)
    workspace.tabs.setCurrentWidget(workspace.commitments)
    workspace.commitments.setFocus()
    workspace.commitments.setCurrentIndex(workspace.commit_model.index(0, 0))
    qtbot.keyClick(workspace.commitments, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.actions_.last_menu is not None)
    menu = window.actions_.last_menu
    [done] = [a for a in menu.actions() if a.text() == "Mark &done"]
    done.trigger()
    qtbot.waitUntil(lambda: workspace.commit_model.row_at(0).status.value == "done")


def test_announced_change_is_acknowledged_from_the_risk(qtbot, window, journal, now):
    from custjournal.gui.dialogs.commitments import NoticeDialog

    customer = create_customer(journal, name="Najd Medical Supplies", now=now, stage="active")
    window.show_customer(customer.id)
    workspace = window.views["workspace"]
    qtbot.waitUntil(lambda: workspace.data is not None)
    window.run_action("new_notice", customer_id=customer.id)
    dialog = dialog_of(qtbot, window, NoticeDialog)
    qtbot.keyClicks(dialog.title_edit, "Mail server reboot")
    qtbot.keyClicks(dialog.what, "The mail server restarts; mail is held for 10 minutes.")
    qtbot.keyClicks(dialog.effective.edit, "today 22:00")
    dialog.channel.setCurrentIndex(dialog.channel.findData(Channel.EMAIL))
    assert dialog.channel.currentData() == Channel.EMAIL
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: workspace.notice_model.rowCount() == 1)
    assert workspace.notice_model.index(0, 4).data() == "No — call them"

    press(qtbot, window, Qt.Key.Key_5, CTRL)
    risks = window.views["risks"]
    qtbot.waitUntil(lambda: any(r.rule_id == "change-unacknowledged" for r in risks.model.risks()))
    risk = next(r for r in risks.model.risks() if r.rule_id == "change-unacknowledged")
    assert risks.select_key(risk.key)
    assert risks.buttons["done"][0].isEnabled() is False  # a notice is not "done"
    qtbot.mouseClick(risks.buttons["acknowledge"][0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not any(r.key == risk.key for r in risks.model.risks()))


def test_etiquette_reminder_for_one_customer(qtbot, window, journal, now):
    from custjournal.gui.dialogs.etiquette import EtiquetteDialog

    customer = create_customer(journal, name="Kaizen Precision", now=now, country="JP")
    window.show_customer(customer.id)
    workspace = window.views["workspace"]
    qtbot.waitUntil(lambda: workspace.data is not None)
    qtbot.mouseClick(
        workspace.findChild(type(risks_button(window)), "ws_new_etiquette"),
        Qt.MouseButton.LeftButton,
    )
    dialog = dialog_of(qtbot, window, EtiquetteDialog)
    qtbot.keyClicks(dialog.text, "Address him as Sato-san until invited otherwise")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Sato-san" in workspace.profile.toPlainText())


def risks_button(window):
    return window.views["risks"].buttons["done"][0]


def test_a_note_can_be_linked_to_the_customers_project(qtbot, window, journal, now):
    from custjournal.gui.dialogs.records import NoteDialog
    from custjournal.services.journal import timeline
    from custjournal.services.projects import create_project

    customer = create_customer(journal, name="Solar Co", now=now)
    project = create_project(journal, customer_id=customer.id, name="Dashboards", now=now)
    window.run_action("new_note", customer_id=customer.id)
    note = dialog_of(qtbot, window, NoteDialog)
    note.project.setCurrentIndex(note.project.findText("Dashboards"))
    qtbot.keyClicks(note.title_edit, "Weekly status to the customer")
    qtbot.mouseClick(note.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not note.isVisible())
    assert timeline(journal, customer_id=customer.id)[0].project_id == project.id
