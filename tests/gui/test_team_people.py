"""The window's side of what stays per person: the owner of a promise, this computer's name,
and a shared zone set back to each laptop's own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from custjournal.gui.dialogs.commitment_edit import CommitmentEditDialog
from custjournal.gui.dialogs.commitments import PromiseDialog
from custjournal.gui.dialogs.settings import SettingsDialog
from custjournal.services import profile
from custjournal.services.commitments import list_commitments
from custjournal.services.customers import create_customer
from custjournal.services.settings import get_setting, set_setting, system_timezone
from tests.gui.conftest import dialog_of, press

CTRL = Qt.KeyboardModifier.ControlModifier


def _save(qtbot, dialog) -> None:  # noqa: ANN001
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_settings_keep_this_computers_name_and_unset_a_shared_zone(qtbot, window, journal):
    with journal.transaction() as session:
        set_setting(session, "user.timezone", "Europe/Lisbon")  # a colleague set it for all
    press(qtbot, window, Qt.Key.Key_Comma, CTRL)
    dialog = dialog_of(qtbot, window, SettingsDialog)
    zone, owner = dialog.fields["user.timezone"], dialog.fields["local.owner"]
    assert isinstance(zone, QLineEdit) and isinstance(owner, QLineEdit)
    assert zone.text() == "Europe/Lisbon"
    zone.clear()
    assert system_timezone() in zone.placeholderText()
    qtbot.keyClicks(owner, "Anna")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert profile.owner() == "Anna"
    with journal.reading() as session:
        assert get_setting(session, "user.timezone") == system_timezone()
        assert get_setting(session, "user.name") == ""  # untouched fields stay unset
    # Opened again: the zone is this computer's (shown empty), the name is kept.
    press(qtbot, window, Qt.Key.Key_Comma, CTRL)
    again = dialog_of(qtbot, window, SettingsDialog)
    assert again.fields["user.timezone"].text() == ""
    assert again.fields["local.owner"].text() == "Anna"
    again.reject()


def test_a_promise_is_recorded_under_this_computers_person(qtbot, window, journal, now):
    profile.set_local("local.owner", "Anna")
    customer = create_customer(journal, name="Nordic Timber", now=now)
    window.show_customer(customer.id)
    workspace = window.views["workspace"]
    qtbot.waitUntil(lambda: workspace.data is not None)
    window.run_action("new_promise", customer_id=customer.id)
    promise = dialog_of(qtbot, window, PromiseDialog)
    assert promise.owner.text() == "Anna" and promise.owner.isEnabled()
    qtbot.keyClicks(promise.title_edit, "Send the quote")
    qtbot.keyClicks(promise.due.edit, "tomorrow 9am")
    _save(qtbot, promise)
    qtbot.waitUntil(lambda: not promise.isVisible())
    # The customer's promise: the owner field is off, and nothing is recorded under Anna.
    window.run_action("new_promise", customer_id=customer.id)
    theirs = dialog_of(qtbot, window, PromiseDialog)
    theirs.direction.setCurrentIndex(1)
    assert not theirs.owner.isEnabled()
    qtbot.keyClicks(theirs.title_edit, "Test data")
    qtbot.keyClicks(theirs.due.edit, "tomorrow 10am")
    _save(qtbot, theirs)
    qtbot.waitUntil(lambda: not theirs.isVisible())
    owners = {c.title: c.owner for c in list_commitments(journal, customer_id=customer.id)}
    assert owners == {"Send the quote": "Anna", "Test data": ""}


def test_a_promise_is_handed_to_a_colleague_in_its_editor(qtbot, window, journal, now):
    from custjournal.services.commitments import add_promise

    customer = create_customer(journal, name="Nordic Timber", now=now)
    made = add_promise(journal, customer_id=customer.id, title="Quote", due_at=now, now=now,
                       owner="Anna")  # fmt: skip
    window.actions_.do_edit_commitment(made)
    dialog = dialog_of(qtbot, window, CommitmentEditDialog)
    assert dialog.owner is not None and dialog.owner.text() == "Anna"
    dialog.owner.clear()
    qtbot.keyClicks(dialog.owner, "Ben")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [c.owner for c in list_commitments(journal, customer_id=customer.id)] == ["Ben"]


def test_a_server_address_custjournal_cannot_use_is_refused_in_settings(qtbot, window, qsettings):
    press(qtbot, window, Qt.Key.Key_Comma, CTRL)
    dialog = dialog_of(qtbot, window, SettingsDialog)
    qtbot.keyClicks(dialog.location, "postgres://anna@db.example.net/custjournal")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(dialog.error_text("journal_url")))
    assert "write postgresql+psycopg://anna@db.example.net/custjournal" in dialog.error_text(
        "journal_url"
    )
    assert dialog.isVisible() and qsettings.value("journal/url") is None
    dialog.location.clear()
    qtbot.keyClicks(dialog.location, "postgresql+psycopg://anna@db.example.net/custjournal")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert qsettings.value("journal/url") == "postgresql+psycopg://anna@db.example.net/custjournal"
