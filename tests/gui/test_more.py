"""Quick capture, settings, long operations, retrospective, briefing PDF, a journal in use."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QMessageBox

from custjournal.gui.dialogs.quick_capture import QuickCaptureDialog
from custjournal.gui.dialogs.settings import SettingsDialog
from custjournal.services.commitments import add_appointment, list_commitments
from custjournal.services.customers import create_customer
from custjournal.services.settings import get_setting
from tests.gui.conftest import dialog_of, idle, press

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def quiet_boxes(monkeypatch) -> list[str]:
    """Message boxes that would block a test record their text instead."""
    shown: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox, name, staticmethod(lambda _p, _t, text, *a, **k: shown.append(text))
        )
    return shown


def test_quick_capture_logs_a_promise_from_anywhere(qtbot, window, journal, now):
    customer = create_customer(journal, name="Sol Nascente Energia", now=now)
    press(qtbot, window, Qt.Key.Key_3, CTRL)
    press(qtbot, window, Qt.Key.Key_N, CTRL | SHIFT)
    dialog = dialog_of(qtbot, window, QuickCaptureDialog)
    dialog.customer.setEditText("")
    qtbot.keyClicks(dialog.customer.lineEdit(), "Sol Nascente Energia")
    dialog.kind.setCurrentIndex(dialog.kind.findData("theirs"))
    qtbot.keyClicks(dialog.what, "Send the inverter logs")
    qtbot.keyClicks(dialog.due.edit, "in 3 days")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [promise] = list_commitments(journal, customer_id=customer.id)
    assert promise.title == "Send the inverter logs"
    assert promise.direction.value == "theirs"
    assert promise.due_at.date() == (now + timedelta(days=3)).date()


def test_quick_capture_names_an_unknown_customer(qtbot, window, journal, now):
    create_customer(journal, name="Vienna Chamber Music", now=now)
    window.quick_capture()
    dialog = dialog_of(qtbot, window, QuickCaptureDialog)
    dialog.customer.setEditText("Nobody GmbH")
    qtbot.keyClicks(dialog.what, "Hello")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "choose a customer" in dialog.error_text("customer")


def test_settings_change_a_threshold_and_refuse_a_bad_one(qtbot, window, journal):
    press(qtbot, window, Qt.Key.Key_Comma, CTRL)
    dialog = dialog_of(qtbot, window, SettingsDialog)
    cadence = dialog.fields["contact.cadence_days"]
    assert isinstance(cadence, QLineEdit)
    cadence.setText("0")
    switch = dialog.fields["rules.quiet-project.enabled"]
    assert isinstance(switch, QCheckBox) and switch.isChecked()
    switch.setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.error_text("contact.cadence_days")))
    assert "greater than zero" in dialog.error_text("contact.cadence_days")
    with journal.reading() as session:  # one bad value: nothing saved
        assert get_setting(session, "rules.quiet-project.enabled") is True
    cadence.setText("21")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with journal.reading() as session:
        assert get_setting(session, "contact.cadence_days") == 21
        assert get_setting(session, "rules.quiet-project.enabled") is False


def test_window_state_is_remembered_in_qsettings_not_the_journal(qtbot, window, qsettings):
    press(qtbot, window, Qt.Key.Key_4, CTRL)
    window.close()
    assert qsettings.value("window/view") == "projects"
    assert qsettings.value("window/geometry") is not None
    assert qsettings.value("splitters/today_split") is not None


def test_export_runs_off_the_gui_thread_and_writes_the_file(
    qtbot, window, journal, now, tmp_path, quiet_boxes
):
    create_customer(journal, name="Grupo Alameda", now=now)
    target = tmp_path / "out.json"
    task = window.long_ops.export_json(target)
    qtbot.waitUntil(lambda: bool(quiet_boxes))
    assert task is not None and task.error is None
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [c["name"] for c in data["customers"]] == ["Grupo Alameda"]
    assert "Exported" in quiet_boxes[0]


def test_cancelled_export_leaves_no_file(qtbot, window, journal, now, tmp_path, quiet_boxes):
    create_customer(journal, name="Montreal Learning Lab", now=now)
    target = tmp_path / "never.json"
    gate = __import__("threading").Event()
    window.ctx.worker.submit(gate.wait)  # hold the worker so Cancel comes first
    task = window.long_ops.export_json(target)
    from PySide6.QtWidgets import QPushButton

    progress = window.long_ops.last_progress
    [cancel] = [b for b in progress.findChildren(QPushButton) if b.text() == "Cancel"]
    cancel.click()
    gate.set()
    idle(qtbot, window)
    assert task.cancelled and not target.exists() and not quiet_boxes


def test_briefing_exports_a_pdf(qtbot, window, journal, now, tmp_path):
    customer = create_customer(journal, name="Aurora Hotels", now=now, timezone="Europe/Helsinki")
    add_appointment(
        journal,
        customer_id=customer.id,
        title="Kiosk walkthrough",
        starts_at=now + timedelta(days=2),
        duration_minutes=60,
        now=now,
        channel="video",
    )
    window.do_show_briefing(customer.id)
    briefing = window.views["briefing"]
    qtbot.waitUntil(lambda: "Kiosk walkthrough" in briefing.browser.toPlainText(), timeout=10_000)
    target = tmp_path / "briefing.pdf"
    briefing._pdf(str(target))
    qtbot.waitUntil(target.exists, timeout=10_000)
    idle(qtbot, window)
    assert target.read_bytes().startswith(b"%PDF")


def test_a_journal_open_elsewhere_is_refused_with_a_message(
    qapp, tmp_path, db_url, quiet_boxes, monkeypatch
):
    from custjournal.gui import app
    from custjournal.store.errors import JournalInUse

    def in_use(url):  # what another custjournal process holding the lock causes
        raise JournalInUse(tmp_path / "journal.db", 4242)

    monkeypatch.setattr(app.Journal, "open", staticmethod(in_use))
    assert app.run(db_url) == 1
    assert "already open in another custjournal (process 4242)" in quiet_boxes[0]


def test_a_note_being_written_survives_a_crash_as_a_draft(qtbot, window, journal, now):
    from custjournal.gui.dialogs.records import NoteDialog
    from custjournal.services.customers import get_customer

    customer = get_customer(journal, create_customer(journal, name="Falcon Bay", now=now).id)
    first = NoteDialog(window.ctx, customer)
    qtbot.keyClicks(first.body, "Half-written thoughts about the lease")
    qtbot.waitUntil(lambda: first.drafts.load(first.draft_key) is not None)  # autosaved
    # The app dies here: no Save, no Cancel. Next time the note editor opens, it is back.
    second = NoteDialog(window.ctx, customer)
    assert second.body.toPlainText() == "Half-written thoughts about the lease"
    assert "Restored your unsaved draft" in second.draft_notice.text()
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: second.result() == 1)
    assert second.drafts.load(second.draft_key) is None  # saved: the draft is gone
    first.deleteLater()


def open_retrospective(qtbot, window, journal, now) -> tuple:  # noqa: ANN001
    """A delivered project's retrospective, opened from the Projects view: (dialog, customer
    id, project id)."""
    from custjournal.gui.dialogs.retro import RetroDialog
    from custjournal.services.projects import create_project

    customer = create_customer(journal, name="Stockholm Bikeworks", now=now)
    project = create_project(
        journal, customer_id=customer.id, name="Inventory app", now=now - timedelta(days=90),
        price="7200", start_date="2026-08-01", end_date="2026-11-01", scope="An inventory app",
        success_criteria="Stock counted daily", status="delivered",
    )  # fmt: skip
    window.show_view("projects")
    projects = window.views["projects"]
    qtbot.waitUntil(lambda: projects.current() is not None)
    qtbot.mouseClick(
        projects.findChild(type(projects.buttons[0]), "project_retrospective"),
        Qt.MouseButton.LeftButton,
    )
    return dialog_of(qtbot, window, RetroDialog), customer.id, project.id


def test_retrospective_dialog_saves_answers_and_schedules_follow_ups(qtbot, window, journal, now):
    from custjournal.services.projects import list_projects

    dialog, customer_id, project_id = open_retrospective(qtbot, window, journal, now)
    assert "Inventory app" in dialog.figures.toPlainText()
    qtbot.keyClicks(dialog.went_well, "Daily counts from week one")
    dialog.satisfaction.setCurrentIndex(5)
    proposals = len(dialog.proposal_boxes)
    assert proposals >= 1
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    follow_ups = [c for c in list_commitments(journal, customer_id=customer_id) if c.follow_up]
    assert len(follow_ups) == proposals
    assert list_projects(journal)[0].id == project_id


def test_a_refused_follow_up_leaves_the_retrospective_unsaved(qtbot, window, journal, clock):
    from custjournal.services.retrospective import build_retrospective

    dialog, customer_id, project_id = open_retrospective(qtbot, window, journal, clock.now)
    qtbot.keyClicks(dialog.went_well, "Daily counts from week one")
    clock.advance(days=400)  # left open: every proposed follow-up's date has passed
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.general_error.isVisible)
    assert "in the past" in dialog.general_error.text()
    report = build_retrospective(journal, project_id=project_id, now=clock.now)
    assert report.answers.went_well == ""  # nothing half-saved
    assert not [c for c in list_commitments(journal, customer_id=customer_id) if c.follow_up]


def test_a_colleagues_retrospective_answers_are_not_overwritten(qtbot, window, journal, now):
    """Two people on a team journal fill in the same retrospective: the second save is
    refused with a message, keeps what was typed, and the colleague's answers stay."""
    from custjournal.services.retrospective import build_retrospective, save_retrospective

    dialog, _customer_id, project_id = open_retrospective(qtbot, window, journal, now)
    save_retrospective(journal, project_id=project_id, now=now, went_well="Ben: good kick-off")
    qtbot.keyClicks(dialog.went_well, "Anna: daily counts")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.general_error.isVisible)
    message = dialog.general_error.text()
    assert "retrospective of 'Inventory app' was changed elsewhere" in message
    assert message.count("not saved") == 1
    assert dialog.isVisible() and dialog.went_well.toPlainText() == "Anna: daily counts"
    answers = build_retrospective(journal, project_id=project_id, now=now).answers
    assert answers.went_well == "Ben: good kick-off"


def test_window_backs_up_every_interval_while_changes_are_made(journal, now):
    from custjournal.gui.transfer import backup_if_due

    opened = now - timedelta(minutes=10)
    assert backup_if_due(journal, now, opened) is None  # nothing changed
    journal.changes = 3
    assert backup_if_due(journal, now, opened) is None  # changed, but not 30 minutes yet
    info = backup_if_due(journal, now + timedelta(minutes=25), opened)
    assert info is not None and info.path.exists() and journal.changes == 0


def test_vcard_import_from_the_file_menu(qtbot, window, journal, tmp_path, quiet_boxes):
    from custjournal.services.customers import find_customer

    card = tmp_path / "anna.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Virtanen\r\nORG:Aurora Hotels\r\n"
        "EMAIL:anna@aurora.example\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    window.long_ops.import_vcards(card)
    qtbot.waitUntil(lambda: bool(quiet_boxes), timeout=10_000)
    assert "1 contact created" in quiet_boxes[0]
    customer = find_customer(journal, "Aurora Hotels")
    assert [c.name for c in customer.contacts] == ["Anna Virtanen"]
