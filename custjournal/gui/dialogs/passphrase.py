"""Asking for an encrypted journal's passphrase when the window starts."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from custjournal.store import Journal, keyring_store
from custjournal.store.cipher import WrongPassphrase


class PassphraseDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Encrypted journal")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = QLabel(f"<b>{path.name}</b> is encrypted. Type its passphrase to open it.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Passphrase")
        layout.addWidget(self.secret)
        self.error = QLabel("")
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.remember = QCheckBox("Remember it in the system keyring")
        if not keyring_store.available():
            self.remember.setEnabled(False)
            self.remember.setToolTip("No system keyring is available on this computer")
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        layout.addWidget(buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.secret.selectAll()
        self.secret.setFocus()


def open_encrypted(url: str | None, path: Path, dialog: PassphraseDialog) -> Journal | None:
    """Ask until the passphrase opens the journal, or the user cancels (None)."""
    while dialog.exec() == QDialog.DialogCode.Accepted:
        try:
            journal = Journal.open(url, passphrase=dialog.secret.text())
        except WrongPassphrase:
            dialog.show_error("That passphrase does not open this journal. Try again.")
            continue
        if dialog.remember.isChecked():
            # The box is disabled without a keyring; one that vanished just means asking.
            with suppress(keyring_store.KeyringUnavailable):
                keyring_store.remember(path, dialog.secret.text())
        return journal
    return None
