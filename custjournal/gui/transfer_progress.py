"""Long work on the worker behind a progress dialog whose Cancel stops it; files written whole."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from custjournal.gui.context import AppContext
from custjournal.gui.worker import Change, Task


def write_atomically(path: Path, text: str) -> None:
    """Write next to the target, then rename: a cancelled or failed export leaves no half file."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # newline="": the text already has the line endings its format needs (CRLF for vCard).
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class ProgressRunner:
    """Runs a task on the worker behind a progress dialog whose Cancel stops it.

    The outcome is shown in a message box; `last_progress` and `last_message` keep the latest
    dialog and text so tests (and callers) can see what the user saw.
    """

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        self.ctx, self.parent = ctx, parent
        self.last_progress: QProgressDialog | None = None
        self.last_message = ""

    def run(
        self,
        title: str,
        fn: Callable[[Task], Any],
        *,
        done: Callable[[Any], str],
        changes: Change | None = None,
    ) -> Task:
        dialog = QProgressDialog(title, "Cancel", 0, 0, self.parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)  # quick work finishes before a dialog flashes up
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.last_progress = dialog

        def progressed(task: Task, value: int, total: int, text: str) -> None:
            if task is current:
                dialog.setMaximum(max(total, 0))
                dialog.setValue(min(value, total) if total else 0)
                if text:
                    dialog.setLabelText(text)

        finished = False

        def cleanup() -> None:
            nonlocal finished
            if not finished:
                finished = True
                self.ctx.worker.progress.disconnect(progressed)
                dialog.hide()

        def finish(result: Any) -> None:
            cleanup()
            self.last_message = done(result)
            QMessageBox.information(self.parent, title, self.last_message)

        def fail(exc: BaseException) -> None:
            cleanup()
            if current.cancelled:
                return  # the user asked for it; the service left everything as it was
            self.last_message = f"Nothing was changed.\n\n{exc}"
            QMessageBox.warning(self.parent, title, self.last_message)

        current = self.ctx.worker.submit(
            fn, takes_task=True, on_success=finish, on_failure=fail, changes=changes, label=title
        )
        self.ctx.worker.progress.connect(progressed)
        dialog.canceled.connect(current.cancel)
        dialog.canceled.connect(cleanup)
        return current
