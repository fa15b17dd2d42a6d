"""The File menu's long work (export, import, backup): off the GUI thread, with progress
and Cancel, all-or-nothing where the service is. The progress dialog itself is in
transfer_progress."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox, QWidget

from custjournal.gui import fmt
from custjournal.gui.context import AppContext
from custjournal.gui.transfer_progress import ProgressRunner, write_atomically
from custjournal.gui.worker import EVERYTHING, Change, Task

__all__ = ["LongOperations", "backup_if_due", "write_atomically"]


class LongOperations(ProgressRunner):
    """The File menu's transfers and backup, each run behind a progress dialog."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(ctx, parent)
        self.last_dialog: QDialog | None = None

    # -- the File menu -----------------------------------------------------------------------
    def install(self, menu: QMenu) -> None:
        menu.addAction("Export journal (JSON)…", self.export_json)
        menu.addAction("Import journal (JSON)…", self.import_json)
        menu.addAction("Export calendar (.ics)…", self.export_ics)
        menu.addAction("Import calendar (.ics)…", self.import_ics)
        menu.addAction("Import contacts (vCard)…", self.import_vcards)
        menu.addAction("Export contacts (vCard)…", self.export_vcards)
        menu.addAction("Import contacts (CSV)…", self.import_contacts_csv)
        menu.addAction("Export notes as CSV…", self.export_notes_csv)
        menu.addAction("Export commitments as CSV…", self.export_commitments_csv)
        menu.addAction("Back up now", self.backup)

    def _save_path(self, caption: str, name: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, caption, name, pattern)
        return Path(path) if path else None

    def _open_path(self, caption: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, caption, "", pattern)
        return Path(path) if path else None

    def export_json(self, path: Path | None = None) -> Task | None:
        path = path or self._save_path("Export journal", "journal.json", "JSON (*.json)")
        if path is None:
            return None
        from custjournal.services.interchange.json_format import dumps, export_journal

        journal, now = self.ctx.journal, self.ctx.now()

        def work(task: Task) -> int:
            task.progress(0, 3, "Reading the journal…")
            data = export_journal(journal, now=now)
            task.progress(1, 3, "Writing JSON…")
            text = dumps(data)
            task.progress(2, 3, f"Saving {path.name}…")
            write_atomically(path, text)
            return sum(len(v) for v in data.values() if isinstance(v, list))

        return self.run(
            "Export journal", work, done=lambda n: f"Exported {fmt.count(n, 'record')} to {path}."
        )

    def import_json(self, path: Path | None = None) -> Task | None:
        path = path or self._open_path("Import journal", "JSON (*.json)")
        if path is None:
            return None
        from custjournal.services.interchange.json_format import import_journal

        journal, now = self.ctx.journal, self.ctx.now()

        def work(task: Task) -> dict[str, int]:
            task.progress(0, 2, f"Reading {path.name}…")
            data = json.loads(path.read_text(encoding="utf-8"))
            task.progress(1, 2, "Importing (all or nothing)…")
            return import_journal(journal, data, now=now)

        return self.run(
            "Import journal",
            work,
            done=lambda counts: (
                f"Imported {fmt.count(sum(counts.values()), 'record')} from {path.name}."
            ),
            changes=Change(EVERYTHING),
        )

    def _import(
        self,
        title: str,
        path: Path,
        produce: Callable[..., Any],
        label: str,
        done: Callable[[Any], str],
    ) -> Task:
        """Read `path` on the worker and import it in one go; the whole journal may change."""
        journal, now = self.ctx.journal, self.ctx.now()

        def work(task: Task) -> Any:
            return produce(
                journal,
                path.read_bytes(),
                source=path.name,
                now=now,
                progress=lambda d, t: task.progress(d, t, label),
                cancelled=lambda: task.cancelled,
            )

        return self.run(title, work, done=done, changes=Change(EVERYTHING))

    def _export(
        self,
        title: str,
        path: Path,
        produce: Callable[..., Any],
        noun: str,
        *,
        label: str = "",
        **kwargs: Any,
    ) -> Task:
        journal = self.ctx.journal
        label = label or f"Writing {noun}…"

        def work(task: Task) -> int:
            result = produce(
                journal,
                progress=lambda d, t: task.progress(d, t, label),
                cancelled=lambda: task.cancelled,
                **kwargs,
            )
            task.check()  # a cancel after the last record still leaves no file
            write_atomically(path, result.text)
            return int(result.count)

        return self.run(title, work, done=lambda n: f"Exported {n} {noun} to {path}.")

    def export_ics(self, path: Path | None = None) -> Task | None:
        path = path or self._save_path("Export calendar", "custjournal.ics", "iCalendar (*.ics)")
        if path is None:
            return None
        from custjournal.services.interchange.ics_export import export_ics

        return self._export(
            "Export calendar", path, export_ics, "entries", label="Writing the calendar…",
            now=self.ctx.now(),
        )  # fmt: skip

    def import_ics(self, path: Path | None = None) -> Task | None:
        path = path or self._open_path("Import calendar", "iCalendar (*.ics)")
        if path is None:
            return None
        from custjournal.services.interchange.ics import import_ics

        return self._import(
            "Import calendar", path, import_ics, "Importing appointments…",
            done=lambda r: f"{r.created} created, {r.updated} updated, {len(r.skipped)} skipped.",
        )  # fmt: skip

    def import_vcards(self, path: Path | None = None) -> Task | None:
        path = path or self._open_path("Import contacts", "vCard (*.vcf *.vcard)")
        if path is None:
            return None
        from custjournal.services.interchange.vcard import import_vcards

        return self._import(
            "Import contacts", path, import_vcards, "Importing contacts…",
            done=lambda r: (
                f"{fmt.count(r.created, 'contact')} created, {r.updated} updated, "
                f"{fmt.count(len(r.customers_created), 'new customer')}, "
                f"{len(r.skipped)} skipped."
            ),
        )  # fmt: skip

    def import_contacts_csv(self, path: Path | None = None) -> Task | None:
        """Reads the file off the GUI thread, then opens the mapping and preview dialog."""
        path = path or self._open_path("Import contacts", "Spreadsheet (*.csv *.txt)")
        if path is None:
            return None
        from custjournal.services.interchange.common import read_file
        from custjournal.services.interchange.csv_io import read_csv

        def work(task: Task) -> Any:
            return read_csv(read_file(path), source=path.name, cancelled=lambda: task.cancelled)

        def opened(table: Any) -> None:
            from custjournal.gui.dialogs.csv_import import CsvImportDialog

            self.last_dialog = CsvImportDialog(self.ctx, table, path.name, self.parent)
            self.last_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.last_dialog.open()

        def failed(exc: BaseException) -> None:
            self.last_message = str(exc)
            QMessageBox.warning(self.parent, "Import contacts", self.last_message)

        return self.ctx.worker.submit(
            work, takes_task=True, on_success=opened, on_failure=failed, label="Read CSV"
        )

    def export_vcards(self, path: Path | None = None) -> Task | None:
        path = path or self._save_path("Export contacts", "contacts.vcf", "vCard (*.vcf)")
        if path is None:
            return None
        from custjournal.services.interchange.vcard import export_vcards

        return self._export("Export contacts", path, export_vcards, "contacts")

    def export_notes_csv(self, path: Path | None = None) -> Task | None:
        path = path or self._save_path("Export notes", "notes.csv", "Spreadsheet (*.csv)")
        if path is None:
            return None
        from custjournal.services.interchange.csv_io import export_csv

        return self._export("Export notes", path, export_csv, "notes", what="interactions")

    def export_commitments_csv(self, path: Path | None = None) -> Task | None:
        path = path or self._save_path(
            "Export commitments", "commitments.csv", "Spreadsheet (*.csv)"
        )
        if path is None:
            return None
        from custjournal.services.interchange.csv_io import export_csv

        return self._export(
            "Export commitments", path, export_csv, "commitments", what="commitments"
        )

    def backup(self) -> Task:
        journal, now = self.ctx.journal, self.ctx.now()

        def work(task: Task) -> Any:
            task.progress(0, 1, "Taking a verified backup…")
            return journal.backup(now=now)

        return self.run("Back up now", work, done=lambda info: f"Backup saved: {info.path}")


def backup_if_due(journal: Any, now: Any, since: Any) -> Any:
    """A backup when there are changes and the last one is older than the interval (worker).

    `since` is when this window opened: the opening backup, if any, counts from then.
    """
    if journal.path is None or not getattr(journal, "changes", 0):
        return None
    last = journal.last_backup.taken_at if journal.last_backup is not None else since
    if now - last < journal.backup_interval():
        return None
    return journal.backup(now=now)
