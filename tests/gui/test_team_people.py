"""The window's side of what stays per person: the owner of a promise, this computer's name,
and a shared zone set back to each laptop's own."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from custjournal.gui.dialogs.commitment_edit import CommitmentEditDialog
from custjournal.gui.dialogs.commitments import PromiseDialog
from custjournal.gui.dialogs.settings import SettingsDialog
from custjournal.services import profile
from custjournal.services.commitments import add_promise, list_commitments
from custjournal.services.customers import create_customer
from custjournal.services.settings import get_setting, set_setting, stored_keys, system_timezone
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


def _say_who_i_am(qtbot, window, name: str) -> None:  # noqa: ANN001
    press(qtbot, window, Qt.Key.Key_Comma, CTRL)
    dialog = dialog_of(qtbot, window, SettingsDialog)
    dialog.fields["local.owner"].clear()
    qtbot.keyClicks(dialog.fields["local.owner"], name)
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_promise_is_recorded_under_this_computers_person(qtbot, window, journal, now):
    _say_who_i_am(qtbot, window, "Anna")
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


def _who(today, title: str) -> str | None:  # noqa: ANN001
    model = today.agenda_model
    for row in range(model.rowCount()):
        if model.index(row, model.TITLE).data() == title:
            return model.index(row, model.WHO).data()
    return None


def test_the_who_column_follows_who_is_at_this_computer(qtbot, window, journal, now):
    customer = create_customer(journal, name="Nordic Timber", now=now)
    add_promise(journal, customer_id=customer.id, title="Quote", owner="Anna",
                due_at=now + timedelta(days=1), now=now)  # fmt: skip
    add_promise(journal, customer_id=customer.id, title="Test data", direction="theirs",
                due_at=now + timedelta(days=1), now=now)  # fmt: skip
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    today = window.views["today"]
    qtbot.waitUntil(lambda: _who(today, "Quote") == "Anna")  # a colleague's, seen from here
    assert _who(today, "Test data") == "Them"
    _say_who_i_am(qtbot, window, "anna")  # her laptop, her name as she typed it
    qtbot.waitUntil(lambda: _who(today, "Quote") == "Me")


def test_quick_capture_records_the_promise_under_this_computers_person(qtbot, window, journal, now):
    from custjournal.gui.dialogs.quick_capture import QuickCaptureDialog

    create_customer(journal, name="Nordic Timber", now=now)
    _say_who_i_am(qtbot, window, "Ben")
    press(qtbot, window, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = dialog_of(qtbot, window, QuickCaptureDialog)
    dialog.customer.setEditText("")
    qtbot.keyClicks(dialog.customer.lineEdit(), "Nordic Timber")
    dialog.kind.setCurrentIndex(dialog.kind.findData("mine"))
    qtbot.keyClicks(dialog.what, "Share the analysis")
    qtbot.keyClicks(dialog.due.edit, "in 3 days")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [(c.title, c.owner) for c in list_commitments(journal)] == [
        ("Share the analysis", "Ben")
    ]


def test_undoing_a_delete_brings_back_the_owner_and_the_status(qtbot, window, journal, now):
    from custjournal.gui import undo
    from custjournal.services.commitments import cancel_commitment, mark_broken

    customer = create_customer(journal, name="Nordic Timber", now=now)
    made = {}
    for title in ("Broken one", "Cancelled one"):
        made[title] = add_promise(journal, customer_id=customer.id, title=title, owner="Ben",
                                  due_at=now - timedelta(days=1), now=now)  # fmt: skip
    mark_broken(journal, commitment_id=made["Broken one"].id, now=now)
    cancel_commitment(journal, commitment_id=made["Cancelled one"].id, now=now)
    before = sorted((c.title, c.owner, c.status.value) for c in list_commitments(journal))
    for view in list_commitments(journal):
        window.actions_.undo_stack.push(undo.delete_commitment(window.ctx, view))
        qtbot.waitUntil(lambda v=view: v.id not in {c.id for c in list_commitments(journal)})
    for _ in before:
        press(qtbot, window, Qt.Key.Key_Z, CTRL)

    def restored() -> list[tuple[str, str, str]]:
        return sorted((c.title, c.owner, c.status.value) for c in list_commitments(journal))

    # Each comes back, then is settled again (two saves): wait for where they end.
    qtbot.waitUntil(lambda: restored() == before)
    assert before == [("Broken one", "Ben", "broken"), ("Cancelled one", "Ben", "cancelled")]


def test_a_promise_a_colleague_cancelled_is_not_marked_done_from_a_stale_window(
    qtbot, window, journal, now, caplog
):
    from custjournal.services.commitments import cancel_commitment

    customer = create_customer(journal, name="Nordic Timber", now=now)
    promise = add_promise(journal, customer_id=customer.id, title="Quote",
                          due_at=now + timedelta(days=1), now=now)  # fmt: skip
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    today = window.views["today"]
    qtbot.waitUntil(lambda: _who(today, "Quote") == "Me")
    cancel_commitment(journal, commitment_id=promise.id, now=now)  # Ben, on his laptop
    window.actions_.do_complete(promise)  # what the window still shows, marked done
    qtbot.waitUntil(lambda: "is cancelled; reopen it first" in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage().startswith("Not saved — status:")
    qtbot.waitUntil(lambda: _who(today, "Quote") is None)  # read again: it is gone
    assert [c.status.value for c in list_commitments(journal)] == ["cancelled"]
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_an_emptied_setting_goes_back_to_its_default(qtbot, window, journal):
    with journal.transaction() as session:
        set_setting(session, "contact.cadence_days", "21")
    press(qtbot, window, Qt.Key.Key_Comma, CTRL)
    dialog = dialog_of(qtbot, window, SettingsDialog)
    cadence = dialog.fields["contact.cadence_days"]
    assert cadence.text() == "21"
    cadence.clear()
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with journal.reading() as session:
        assert get_setting(session, "contact.cadence_days") == 30
        assert "contact.cadence_days" not in stored_keys(session)


def test_week_ahead_marks_a_colleagues_promises_as_theirs(qtbot, window, journal, now):
    customer = create_customer(journal, name="Nordic Timber", now=now)
    for title, owner, due in (
        ("Slipped, Ben's", "Ben", now - timedelta(days=2)),
        ("Slipped, mine", "Anna", now - timedelta(days=2)),
        ("Due, Ben's", "Ben", now + timedelta(days=2)),
        ("Due, mine", "", now + timedelta(days=2)),
    ):
        add_promise(journal, customer_id=customer.id, title=title, owner=owner, due_at=due,
                    now=now - timedelta(days=3))  # fmt: skip
    _say_who_i_am(qtbot, window, "Anna")
    view = window.views["week"]
    press(qtbot, window, Qt.Key.Key_8, CTRL)
    qtbot.waitUntil(lambda: view.isVisible() and view.loads > 0 and not window.ctx.busy)
    status = {
        row.what: row.status for key in ("slipped", "mine") for row in view.model.section(key).rows
    }
    assert status["Slipped, Ben's"] == "Ben's · 2 days late"
    assert status["Slipped, mine"] == "Mine · 2 days late"
    assert status["Due, Ben's"].startswith("Ben's · due ")
    assert status["Due, mine"].startswith("due ")
