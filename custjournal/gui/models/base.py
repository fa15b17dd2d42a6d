"""A table model fed by query functions that loads rows a page at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QIcon

# The row's frozen dataclass, for views and tests that need more than the text.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex

# The roles as plain ints, which is what data() receives: comparing with the enum members
# cost ~0.5 µs each, and data() runs about 1,100 times for each frame of a scrolling table.
DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole.value
DECORATION_ROLE = Qt.ItemDataRole.DecorationRole.value
FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole.value
TOOLTIP_ROLE = Qt.ItemDataRole.ToolTipRole.value
FONT_ROLE = Qt.ItemDataRole.FontRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_ROW = int(ROW_ROLE)
# Roles a row answers; the delegate also asks for fonts, check states and backgrounds.
_ANSWERED = frozenset(
    {DISPLAY_ROLE, DECORATION_ROLE, FOREGROUND_ROLE, TOOLTIP_ROLE, _ALIGNMENT, _ROW}
)
_V_CENTER = Qt.AlignmentFlag.AlignVCenter.value


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
        self._order: tuple[int, Qt.SortOrder] | None = None  # None: the query's own order

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
        self.arrange()
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
            self.arrange()
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
            self.arrange()
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
        self.arrange()

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

    def fetch_all(self) -> None:
        """Load every row not loaded yet, in one read: for an order that pages cannot give
        (a page sorted alone is not the top of the whole list). Nothing while a read is under
        way: ask again when it lands (pageLoaded)."""
        if self._fetch is None or self._fetching or len(self._rows) >= self._total:
            return
        fetch, offset, rest = self._fetch, len(self._rows), self._total - len(self._rows)
        if self._runner is None:
            self._append(list(fetch(offset, rest)))
            return
        generation = self._generation
        self._fetching = True  # no page requests meanwhile: this read brings them all

        def arrived(rows: list[Any]) -> None:
            if generation == self._generation:
                self._fetching = False
                self._append(rows)

        self._runner(lambda: list(fetch(offset, rest)), arrived)

    def _append(self, page: list[Any]) -> None:
        if not page:
            # The data shrank since it was counted; stop asking for more.
            self._total = len(self._rows)
        else:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
            self.arrange()
        self.pageLoaded.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Rows in `column`'s order (by its sort key, else its text, case aside), kept as
        rows arrive; column -1 leaves them in the query's order (from the next query on).
        Selections follow their rows. Sorted here rather than through a sort proxy, which
        doubled the calls into Python of every frame (~5 ms of a 24 ms frame)."""
        self._order = None if column < 0 else (column, order)
        self.arrange()

    def arrange(self) -> None:
        """Put the rows in the order `sort` chose (after new rows, or a change of what a
        column shows, e.g. the risks); nothing without one."""
        if self._order is None or len(self._rows) < 2:
            return
        column, order = self._order
        spec = self._cols()[column]

        def key(row: Any) -> Any:
            value = _sortable(spec.sort(row)) if spec.sort else spec.text(row)
            return value.casefold() if isinstance(value, str) else value

        self.layoutAboutToBeChanged.emit()
        held = self.persistentIndexList()
        rows_held = [self._rows[index.row()] for index in held]
        # Stable either way: rows that tie keep the query's order.
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        where = {id(row): number for number, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            held,
            [
                self.index(where[id(row)], index.column())
                for row, index in zip(rows_held, held, strict=True)
            ],
        )
        self.layoutChanged.emit()

    # rowCount, columnCount and data are called from Qt for every cell of every frame
    # (~1,100 times each a frame): each does as few calls back into Qt as it can.
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        columns = self._columns if self._columns is not None else self._cols()
        return 0 if parent.isValid() else len(columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._cols()[section].title
        return None

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if role not in _ANSWERED:
            return None
        number, rows = index.row(), self._rows
        if not 0 <= number < len(rows):  # an invalid index has row -1
            return None
        row = rows[number]
        columns = self._columns if self._columns is not None else self._cols()
        column = columns[index.column()]
        if role == DISPLAY_ROLE:
            return column.text(row)
        if role == DECORATION_ROLE:
            return column.icon(row) if column.icon else None
        if role == FOREGROUND_ROLE:
            color = column.color(row) if column.color else None
            return QBrush(color) if color is not None else None
        if role == _ALIGNMENT:
            return None if column.align is None else column.align.value | _V_CENTER
        if role == _ROW:
            return row
        return column.tooltip(row) if column.tooltip else column.text(row)  # TOOLTIP_ROLE


def _sortable(value: Any) -> Any:
    # Datetimes and None do not compare: numbers instead, "never" before any time.
    if value is None:
        return -1.0e18
    if hasattr(value, "timestamp"):
        return value.timestamp()
    return value
