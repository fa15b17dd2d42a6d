"""The window asks for an encrypted journal's passphrase, again after a wrong one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt, QTimer

from custjournal.cli import main
from custjournal.gui.dialogs.passphrase import PassphraseDialog, open_encrypted
from custjournal.services.customers import create_customer, list_customers
from custjournal.store import Journal
from custjournal.store.cipher import PASSPHRASE_ENV

pytest.importorskip("sqlcipher3")

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_a_wrong_passphrase_is_said_beside_the_field_then_the_right_one_opens(
    qtbot, tmp_path, monkeypatch
):
    path = tmp_path / "journal.db"
    url = f"sqlite:///{path}"
    journal = Journal.open(url, backup=False)
    create_customer(journal, name="Aurora Hotels", now=NOW, timezone="Europe/Helsinki")
    journal.close()
    monkeypatch.setenv(PASSPHRASE_ENV, "right one")
    assert main(["encrypt", "--db", url]) == 0
    monkeypatch.delenv(PASSPHRASE_ENV)
    (tmp_path / "journal.db.lock").unlink(missing_ok=True)

    dialog = PassphraseDialog(path)
    qtbot.addWidget(dialog)
    attempts = iter(["wrong one", "right one"])
    seen_errors: list[str] = []

    def type_next() -> None:
        if dialog.error.isVisible():
            seen_errors.append(dialog.error.text())
        dialog.secret.clear()
        qtbot.keyClicks(dialog.secret, next(attempts))
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)

    def on_show() -> None:
        QTimer.singleShot(0, type_next)

    original_exec = dialog.exec

    def exec_with_typing() -> int:
        on_show()
        return original_exec()

    dialog.exec = exec_with_typing  # type: ignore[method-assign]
    opened = open_encrypted(url, path, dialog)
    assert opened is not None
    assert [row.name for row in list_customers(opened, now=NOW)] == ["Aurora Hotels"]
    assert seen_errors and "does not open" in seen_errors[0]
    opened.close()


def test_cancelling_the_prompt_opens_nothing(qtbot, tmp_path) -> None:
    path = tmp_path / "journal.db"
    dialog = PassphraseDialog(path)
    qtbot.addWidget(dialog)
    QTimer.singleShot(0, dialog.reject)
    assert open_encrypted(f"sqlite:///{path}", path, dialog) is None
