"""Small shared widgets: a titled box that shows a friendly message when its list is empty."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)


class EmptyState(QWidget):
    """A title over either the content or, when there is nothing to show, a sentence why."""

    def __init__(
        self, content: QWidget, message: str, *, title: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        if title:
            label = QLabel(title)
            label.setProperty("role", "subheading")
            layout.addWidget(label)
        self.stack = QStackedWidget()
        self.content = content
        self.message = QLabel(message)
        self.message.setProperty("role", "empty")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(content)
        self.stack.addWidget(self.message)
        layout.addWidget(self.stack, 1)

    def set_empty(self, empty: bool) -> None:
        self.stack.setCurrentWidget(self.message if empty else self.content)

    @property
    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.message


def configure_table(
    table: QTableView, *, stretch: int, widths: dict[int, int] | None = None
) -> None:
    """The look every data table shares: whole rows, compact lines, one stretching column."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in (widths or {}).items():
        table.setColumnWidth(column, width)
