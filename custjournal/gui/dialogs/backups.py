"""The journal's backups in a table, with "Back up now" and a confirmed "Restore…"."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from custjournal.domain.errors import ValidationError
from custjournal.domain.times import zone
from custjournal.gui.context import AppContext
from custjournal.gui.dialogs.fields import muted
from custjournal.gui.models.base import Column, RowTableModel
from custjournal.gui.transfer import LongOperations
from custjournal.gui.widgets import EmptyState, configure_table
from custjournal.gui.worker import EVERYTHING, Change, Task
from custjournal.services.backups import backup_now, backups_of, restore
from custjournal.store import Journal
from custjournal.store.backup import BackupInfo
from custjournal.store.cipher import PASSPHRASE_ENV
from custjournal.store.journal import current_revision, head_revision, upgrade

RIGHT = Qt.AlignmentFlag.AlignRight


def size_text(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def taken_text(info: BackupInfo, user_tz: str) -> str:
    try:
        local = info.taken_at.astimezone(zone(user_tz))
    except ValidationError:
        local = info.taken_at
    return local.strftime("%a %d %b %Y, %H:%M")


def verified_text(info: BackupInfo) -> str:
    # Only a backup that passed integrity_check is ever given its final name.
    if info.verified is None:
        return "Yes, when taken"
    return "Yes, just now" if info.verified else f"FAILED: {info.problems[0]}"


class BackupTableModel(RowTableModel):
    """Backups newest first: when taken (the user's zone), size, verified."""

    TAKEN, SIZE, VERIFIED = range(3)

    def __init__(self, *, user_tz: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._user_tz = user_tz

    def columns(self) -> Sequence[Column]:
        return (
            Column(
                "Taken (your time)",
                lambda b: taken_text(b, self._user_tz()),
                sort=lambda b: b.taken_at,
                tooltip=lambda b: str(b.path),
            ),
            Column("Size", lambda b: size_text(b.size), sort=lambda b: b.size, align=RIGHT),
            Column("Verified", verified_text),
        )


def restore_in_place(journal: Journal, backup: BackupInfo, *, now: Any) -> Any:
    """Worker thread: back the journal up, put `backup` in its place, bring its schema up."""
    assert journal.path is not None
    passphrase = None
    if journal.encrypted:
        # The key the window opened the journal with (typed at start, or from the keyring);
        # the store keeps it privately for encrypted backups and offers no public reader.
        passphrase = journal.passphrase or os.environ.get(PASSPHRASE_ENV)
    done = restore(journal.path, backup.path, now=now, passphrase=passphrase)
    # Pooled connections may cache the old schema; fresh ones read the restored file.
    journal.engine.dispose()
    if current_revision(journal.engine) != head_revision():
        upgrade(journal.engine)  # an older backup; the journal as it was is already backed up
    journal.changes = 0
    return done


class BackupsDialog(QDialog):
    """Lists the backups; everything touching files runs on the database worker."""

    restored = Signal(object)  # store.restore.Restored

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ops = LongOperations(ctx, self)
        self.setObjectName("backups_dialog")
        self.setWindowTitle("Backups")
        self.resize(640, 400)
        layout = QVBoxLayout(self)
        path = ctx.journal.path
        self.intro = muted(
            f"Verified copies of {path.name}, kept in {path.parent / 'backups'}. Restoring "
            "one backs the current journal up first, so a restore can itself be undone."
            if path is not None
            else "This journal lives on a server: back it up and restore it there."
        )
        layout.addWidget(self.intro)
        self.model = BackupTableModel(user_tz=lambda: ctx.user_tz, parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        configure_table(self.table, stretch=BackupTableModel.VERIFIED)
        self.table.setColumnWidth(BackupTableModel.TAKEN, 230)
        self.table.setColumnWidth(BackupTableModel.SIZE, 100)
        self.table.doubleClicked.connect(lambda _index: self.ask_restore())
        self.empty = EmptyState(self.table, "No backups yet. “Back up now” takes the first one.")
        layout.addWidget(self.empty, 1)
        row = QHBoxLayout()
        self.backup_button = QPushButton("&Back up now")
        self.restore_button = QPushButton("&Restore…")
        self.backup_button.setObjectName("backup_now")
        self.restore_button.setObjectName("restore")
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button.clicked.connect(self.ask_restore)
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self.backup_button.setEnabled(path is not None)
        self.restore_button.setEnabled(False)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        self.reload()

    # -- the list ----------------------------------------------------------------------------
    def reload(self) -> None:
        path = self.ctx.journal.path
        if path is None:
            self.model.set_rows([])
            self.empty.set_empty(True)
            return
        self.ctx.read(
            lambda: backups_of(path),
            self._show,
            on_failure=lambda exc: QMessageBox.warning(self, "Backups", str(exc)),
        )

    def _show(self, backups: list[BackupInfo]) -> None:
        self.model.set_rows(backups)
        self.empty.set_empty(not backups)
        if backups:
            self.table.selectRow(0)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection_changed(self, *_: Any) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    # -- actions -----------------------------------------------------------------------------
    def back_up(self) -> Task:
        journal, now = self.ctx.journal, self.ctx.now()

        def work(task: Task) -> BackupInfo:
            task.progress(0, 1, "Taking a verified backup…")
            return backup_now(journal, now=now)

        def done(info: BackupInfo) -> str:
            self.reload()
            return f"Backup saved ({size_text(info.size)}, integrity check ok):\n{info.path}"

        return self.ops.run("Back up now", work, done=done)

    def ask_restore(self) -> Task | None:
        backup = self.selected()
        if backup is None or self.ctx.journal.path is None:
            return None
        when = taken_text(backup, self.ctx.user_tz)
        answer = QMessageBox.question(
            self,
            "Restore backup",
            f"Replace the journal with the backup taken {when}?\n\n"
            "The current journal is backed up first, so you can go back to it from this list. "
            "Anything saved after this backup was taken will no longer be in the journal.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return self.restore(backup)

    def restore(self, backup: BackupInfo) -> Task:
        journal, now, ctx = self.ctx.journal, self.ctx.now(), self.ctx
        when = taken_text(backup, self.ctx.user_tz)

        def work(task: Task) -> Any:
            task.progress(0, 1, "Backing up the current journal, then restoring…")
            # The rules read beside this worker: not while the file is being replaced.
            with ctx.exclusive():
                return restore_in_place(journal, backup, now=now)

        def done(result: Any) -> str:
            self.reload()
            self.restored.emit(result)
            kept = (
                f"\n\nThe journal as it was is kept as the backup {result.previous.path.name}."
                if result.previous is not None
                else ""
            )
            return f"Restored the backup taken {when}.{kept}"

        return self.ops.run("Restore backup", work, done=done, changes=Change(EVERYTHING))
