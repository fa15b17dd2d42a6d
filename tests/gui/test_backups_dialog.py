"""File ▸ Backups…: the journal's backups listed, "Back up now", and a confirmed restore."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from custjournal.gui.dialogs.backups import BackupsDialog, BackupTableModel
from custjournal.services.backups import backup_now, backups_of
from custjournal.services.customers import count_customers, create_customer, list_customers
from custjournal.services.settings import set_setting
from custjournal.services.trash import delete_customer
from tests.gui.conftest import dialog_of, idle

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def boxes(monkeypatch) -> dict[str, list[str]]:
    """Message boxes record their text instead of blocking; confirmations answer Yes."""
    shown: dict[str, list[str]] = {"information": [], "warning": [], "critical": [], "ask": []}
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox,
            name,
            staticmethod(lambda _p, _t, text, *a, n=name, **k: shown[n].append(text)),
        )

    def ask(_parent: Any, _title: str, text: str, *a: Any, **k: Any) -> Any:
        shown["ask"].append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(ask))
    return shown


def open_backups(qtbot: Any, window: Any) -> BackupsDialog:
    [action] = [a for a in window._menu_actions() if a.text() == "Bac&kups…"]
    action.trigger()
    dialog = dialog_of(qtbot, window, BackupsDialog)
    idle(qtbot, window)
    return dialog


def texts(dialog: BackupsDialog, column: int) -> list[str]:
    model = dialog.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_lists_a_backup_in_the_users_zone_and_back_up_now_adds_one(
    qtbot, window, journal, clock, boxes
):
    with journal.transaction() as session:
        set_setting(session, "user.timezone", "Europe/Helsinki")
    window.ctx.reload_user_tz()
    create_customer(journal, name="Vienna Chamber Music", now=clock.now)
    info = backup_now(journal, now=clock.now)  # Mon 10:00 UTC = 12:00 in Helsinki
    dialog = open_backups(qtbot, window)
    assert texts(dialog, BackupTableModel.TAKEN) == ["Mon 23 Nov 2026, 12:00"]
    assert texts(dialog, BackupTableModel.SIZE) == [f"{info.size / 1024:.1f} KB"]
    assert texts(dialog, BackupTableModel.VERIFIED) == ["Yes, when taken"]
    assert not dialog.empty.is_empty and dialog.restore_button.isEnabled()

    clock.advance(minutes=5)
    qtbot.mouseClick(dialog.backup_button, LEFT)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    assert texts(dialog, BackupTableModel.TAKEN)[0] == "Mon 23 Nov 2026, 12:05"
    assert len(backups_of(journal.path)) == 2
    assert "integrity check ok" in boxes["information"][0]


def test_an_empty_list_says_so_and_restore_waits_for_a_choice(qtbot, window, boxes):
    dialog = open_backups(qtbot, window)
    assert dialog.empty.is_empty
    assert not dialog.restore_button.isEnabled()


def test_restore_brings_back_a_deleted_customer_and_keeps_the_journal_as_it_was(
    qtbot, window, journal, clock, boxes
):
    customer = create_customer(journal, name="Sol Nascente Energia", now=clock.now)
    backup_now(journal, now=clock.now)
    clock.advance(hours=1)
    delete_customer(journal, customer_id=customer.id, now=clock.now)
    assert count_customers(journal) == 0
    clock.advance(minutes=1)
    dialog = open_backups(qtbot, window)
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.restored, timeout=10_000) as restored:
        qtbot.mouseClick(dialog.restore_button, LEFT)
    [question] = boxes["ask"]
    assert "backed up first" in question
    assert [c.name for c in list_customers(journal, now=clock.now)] == ["Sol Nascente Energia"]
    done = restored.args[0]
    assert done.previous is not None  # the journal without the customer, kept
    assert done.previous.taken_at == clock.now.replace(microsecond=0)
    assert "Restored the backup taken" in boxes["information"][-1]
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    assert not boxes["warning"]
    # The window goes on working on the restored journal.
    create_customer(journal, name="After the restore", now=clock.now + timedelta(minutes=1))
    assert count_customers(journal) == 2


def test_declining_the_confirmation_changes_nothing(qtbot, window, journal, clock, monkeypatch):
    create_customer(journal, name="Kept", now=clock.now)
    backup_now(journal, now=clock.now)
    create_customer(journal, name="Also kept", now=clock.now)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
    )
    dialog = open_backups(qtbot, window)
    qtbot.mouseClick(dialog.restore_button, LEFT)
    idle(qtbot, window)
    assert count_customers(journal) == 2
    assert len(backups_of(journal.path)) == 1


def test_a_backup_that_cannot_be_restored_is_a_message_not_a_traceback(
    qtbot, window, journal, clock, boxes
):
    create_customer(journal, name="Kept", now=clock.now)
    info = backup_now(journal, now=clock.now)
    dialog = open_backups(qtbot, window)
    info.path.write_bytes(b"not a database at all" * 100)
    qtbot.mouseClick(dialog.restore_button, LEFT)
    qtbot.waitUntil(lambda: bool(boxes["warning"]))
    assert "Nothing was changed" in boxes["warning"][0]
    assert "not restored" in boxes["warning"][0]
    assert count_customers(journal) == 1


def test_an_encrypted_journal_opened_with_a_typed_passphrase_restores(
    qtbot, tmp_path, clock, qsettings, boxes, monkeypatch
):
    pytest.importorskip("sqlcipher3")
    from custjournal.cli import main
    from custjournal.gui.app import create_window
    from custjournal.store import Journal
    from custjournal.store.cipher import PASSPHRASE_ENV

    url = f"sqlite:///{tmp_path / 'secret.db'}"
    Journal.open(url, backup=False).close()
    monkeypatch.setenv(PASSPHRASE_ENV, "typed at start")
    # The copy taken before encrypting is stamped an hour before the test's own backup, so
    # the newest backup is the one with the customer whatever the real time of day.
    earlier = (clock.now - timedelta(hours=1)).isoformat()
    assert main(["encrypt", "--db", url, "--now", earlier]) == 0
    monkeypatch.delenv(PASSPHRASE_ENV)  # typed into the window, not in the environment
    journal = Journal.open(url, passphrase="typed at start", backup=False)
    assert journal.encrypted
    customer = create_customer(journal, name="Confidential Oy", now=clock.now)
    backup_now(journal, now=clock.now)
    clock.advance(hours=1)
    delete_customer(journal, customer_id=customer.id, now=clock.now)
    window = create_window(journal, clock=clock, qsettings=qsettings)
    try:
        window.show()
        dialog = open_backups(qtbot, window)
        dialog.table.selectRow(0)
        with qtbot.waitSignal(dialog.restored, timeout=20_000):
            qtbot.mouseClick(dialog.restore_button, LEFT)
        assert not boxes["warning"]
        assert count_customers(journal) == 1
    finally:
        idle(qtbot, window)
        window.close()
        window.ctx.close()
        journal.close()
