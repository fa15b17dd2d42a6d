"""The command palette (Ctrl+K): type to jump to any customer, project or action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QVBoxLayout, QWidget

from custjournal.gui.models.base import Column, RowTableModel


@dataclass(frozen=True)
class Command:
    kind: str  # "action", "customer", "project"
    text: str
    run: Callable[[], None]
    hint: str = ""


class CommandModel(RowTableModel):
    TEXT = 0

    def columns(self) -> tuple[Column, ...]:
        return (
            Column(
                "Command",
                lambda c: f"{c.text}    ({c.kind}{' · ' + c.hint if c.hint else ''})",
            ),
        )


class PaletteDialog(QDialog):
    """A filter box over every command; Enter runs the highlighted one."""

    def __init__(self, commands: list[Command], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Go to…")
        self.setModal(True)
        self.resize(560, 420)
        self.query = QLineEdit()
        self.query.setObjectName("palette_query")
        self.query.setPlaceholderText("Customer, project or action…")
        self.model = CommandModel()
        self.model.set_rows(commands)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list = QListView()
        self.list.setObjectName("palette_list")
        self.list.setModel(self.proxy)
        self.list.activated.connect(self._run)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.list)
        self.query.textChanged.connect(self._filter)
        self.query.installEventFilter(self)
        self._filter("")

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.list.setCurrentIndex(self.proxy.index(0, 0))

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        # Arrows move through the list while typing stays in the box.
        if (
            watched is self.query
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
        ):
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = max(0, min(self.proxy.rowCount() - 1, self.list.currentIndex().row() + step))
                self.list.setCurrentIndex(self.proxy.index(row, 0))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._run(self.list.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _run(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        command = self.model.row_at(self.proxy.mapToSource(index).row())
        self.accept()
        command.run()
