"""A table model fed by query functions that loads rows a page at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QIcon

# The row's frozen dataclass, for views and tests that need more than the text.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
# A value that sorts correctly (datetimes, numbers) where the text would not.
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """How one column shows a row: text, and optionally sort key, icon, colour, tooltip."""

    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    icon: Callable[[Any], QIcon | None] | None = None
    color: Callable[[Any], Any] | None = None
    tooltip: Callable[[Any], str] | None = None
    align: Qt.AlignmentFlag | None = None


class RowTableModel(QAbstractTableModel):
    """Rows of one dataclass type, shown through `columns()`; paging when given `count`.

    With `fetch(offset, limit)` and `count()`, only the pages the view scrolls to are loaded
    (canFetchMore/fetchMore), so a journal of 200,000 notes never loads at once. Given a
    `runner` (AppContext.read), queries run on the database worker and pages arrive later;
    without one they run in place (widget-free tests, small lists).
    """

    # Emitted when a (re)load or a page has arrived.
    pageLoaded = Signal()

    def __init__(
        self,
        *,
        fetch: Callable[[int, int], Sequence[Any]] | None = None,
        count: Callable[[], int] | None = None,
        page_size: int = 100,
        runner: Callable[[Callable[[], Any], Callable[[Any], None]], Any] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._count = count
        self.page_size = page_size
        self._runner = runner
        self._rows: list[Any] = []
        self._total = 0
        self._generation = 0  # a newer query makes pages of an older one stale
        self._fetching = False
        self._columns: tuple[Column, ...] | None = None

    def _cols(self) -> tuple[Column, ...]:
        # Built once: data() runs for every visible cell and role, and building the columns'
        # closures each time was most of the cost of showing (or sizing) a long table.
        if self._columns is None:
            self._columns = tuple(self.columns())
        return self._columns

    # Subclasses declare their columns (and constants naming their positions).
    def columns(self) -> Sequence[Column]:
        raise NotImplementedError

    @property
    def total(self) -> int:
        """How many rows the query has, loaded or not."""
        return self._total if self._fetch is not None else len(self._rows)

    @property
    def loaded(self) -> int:
        return len(self._rows)

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def set_query(
        self,
        fetch: Callable[[int, int], Sequence[Any]],
        count: Callable[[], int],
        *,
        first: tuple[int, Sequence[Any]] | None = None,
    ) -> None:
        """Page through `fetch`; `first` (total, first page) read with other data skips a
        round trip to the worker."""
        self._fetch, self._count = fetch, count
        if first is None:
            self.reload()
            return
        self.beginResetModel()
        self._generation += 1
        self._fetching = False
        self._total, self._rows = first[0], list(first[1])
        self.endResetModel()
        self.pageLoaded.emit()

    def reload(self) -> None:
        """Forget loaded rows and re-count; the view pulls the first page as it paints."""
        if self._fetch is None or self._count is None:
            return
        self._generation += 1
        if self._runner is None:
            self.beginResetModel()
            self._rows = []
            self._total = self._count()
            self._fetching = False
            self.endResetModel()
            self.pageLoaded.emit()
            return
        generation, fetch, count, size = self._generation, self._fetch, self._count, self.page_size
        self._fetching = True  # no page requests until the count is known

        def arrived(result: tuple[int, list[Any]]) -> None:
            if generation != self._generation:
                return
            self.beginResetModel()
            self._total, self._rows = result[0], list(result[1])
            self._fetching = False
            self.endResetModel()
            self.pageLoaded.emit()

        self._runner(lambda: (count(), list(fetch(0, size))), arrived)

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show rows computed elsewhere (e.g. on the worker); no paging."""
        self.beginResetModel()
        self._generation += 1
        self._fetching = False
        self._fetch = None
        self._count = None
        self._rows = list(rows)
        self._total = len(self._rows)
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid()
            and self._fetch is not None
            and not self._fetching
            and len(self._rows) < self._total
        )

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        assert self._fetch is not None
        if self._runner is None:
            self._append(list(self._fetch(len(self._rows), self.page_size)))
            return
        generation, fetch, offset, size = (
            self._generation,
            self._fetch,
            len(self._rows),
            self.page_size,
        )
        self._fetching = True

        def arrived(page: list[Any]) -> None:
            if generation == self._generation:
                self._fetching = False
                self._append(page)

        self._runner(lambda: list(fetch(offset, size)), arrived)

    def _append(self, page: list[Any]) -> None:
        if not page:
            # The data shrank since it was counted; stop asking for more.
            self._total = len(self._rows)
        else:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self.pageLoaded.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cols())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._cols()[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self._cols()[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return _sortable(column.sort(row)) if column.sort else column.text(row)
        if role == Qt.ItemDataRole.DecorationRole and column.icon:
            return column.icon(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.color:
            color = column.color(row)
            return QBrush(color) if color is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align is not None:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        return None


def _sortable(value: Any) -> Any:
    # Qt compares QVariants; datetimes and None do not mix, so give it numbers or text.
    if value is None:
        return -1.0e18
    if hasattr(value, "timestamp"):
        return value.timestamp()
    return value
