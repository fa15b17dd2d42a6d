"""A two-level tree: groups on top (severities, the week's sections), their rows below."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
# A group row's internal id; a child row carries its group's row + 1, so its parent is found
# without a lookup table.
GROUP = 0


class GroupedModel(QAbstractItemModel):
    """index(), parent() and the column headers for groups and their rows; subclasses name
    their HEADERS, count their rows and show them."""

    HEADERS: tuple[str, ...] = ()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Bounds checked here, not by Qt's hasIndex (which calls back into rowCount and
        # columnCount): a section opening asks this for each of its rows.
        if not (0 <= column < self.columnCount() and 0 <= row < self.rowCount(parent)):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, GROUP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, GROUP)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
