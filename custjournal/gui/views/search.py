"""Search: full text over the notes, matches highlighted, opening a note in its timeline."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QRectF, QSize, QTimer
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from custjournal.gui.models.base import ROW_ROLE
from custjournal.gui.models.tables import SearchHitModel, hit_html
from custjournal.gui.views.base import View, heading
from custjournal.gui.widgets import EmptyState, configure_table
from custjournal.gui.worker import INTERACTIONS, Cancelled, Task
from custjournal.services.journal import count_search_hits, search_interactions
from custjournal.services.note_search import COUNT_CAP
from custjournal.store.search import words

EMPTY = "Type a word or two to search every note."


class HighlightDelegate(QStyledItemDelegate):
    """Paints a search snippet with its «matches» highlighted."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        hit = index.data(ROW_ROLE)
        if hit is None:
            return super().paint(painter, option, index)
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(hit_html(hit, option.palette.color(QPalette.ColorRole.Highlight).lighter(160)))
        doc.setDocumentMargin(2)
        painter.save()
        # Centred vertically, like the plain text in the other columns.
        top = max(0.0, (option.rect.height() - doc.size().height()) / 2)
        painter.translate(option.rect.left(), option.rect.top() + top)
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(
            QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.Text)
        )
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 8))


class SearchView(View):
    """Answers while the user types: each pause of DEBOUNCE_MS searches, a newer query stops
    an older one, and only the page shown is read (more as the list is scrolled)."""

    name = "search"
    title = "Search"
    icon_name = "search"
    kinds = frozenset({INTERACTIONS})
    DEBOUNCE_MS = 150
    PAGE = 50  # rows read at a time: the first page paints in milliseconds on any journal

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.layout_.addWidget(heading("Search notes"))
        self.query = QLineEdit()
        self.query.setObjectName("search_query")
        self.query.setPlaceholderText(
            'Words to find in any note, the newest first ("quotes" for words in a row)'
        )
        self.query.setClearButtonEnabled(True)
        self.layout_.addWidget(self.query)
        self.status = heading("", "muted")
        self.status.setObjectName("search_status")
        self.layout_.addWidget(self.status)
        self.model = SearchHitModel(
            user_tz=lambda: self.ctx.user_tz, runner=self._run, page_size=self.PAGE
        )
        self.model.pageLoaded.connect(self._page_loaded)
        self.table = QTableView()
        self.table.setObjectName("search_results")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(SearchHitModel.SNIPPET, HighlightDelegate(self))
        configure_table(self.table, stretch=SearchHitModel.SNIPPET, widths={0: 120, 1: 170, 2: 220})
        self.table.activated.connect(self._open)
        self.box = EmptyState(self.table, EMPTY)
        self.box.set_empty(True)
        self.layout_.addWidget(self.box, 1)
        self.shown_query = ""  # the query whose results the list holds (tests wait on it)
        self._pending = ""  # the query being searched
        self._first_page = False  # waiting for the first page of a (re)search
        self._tasks: list[Task] = []  # the current query's reads, cancelled by a newer query
        self._stop: threading.Event | None = None
        self._debounce = QTimer(self, singleShot=True, interval=self.DEBOUNCE_MS)
        self._debounce.timeout.connect(self._paused)
        self.query.textChanged.connect(lambda _: self._debounce.start())
        self.query.returnPressed.connect(self.refresh)

    def _paused(self) -> None:
        # One letter matches a good part of any journal (every word beginning with "f": 0.1 s
        # of index work on 500,000 notes) and tells the user nothing: wait for the next one.
        # Enter searches anyway (one character can be a whole word, e.g. in Chinese).
        if len("".join(words(self.query.text()))) == 1:
            self._supersede()
            self.status.setText("Keep typing… (Enter searches for one letter)")
            return
        self.refresh()

    def refresh(self) -> None:
        """Search for what is typed now (also after a note is written or edited)."""
        self._debounce.stop()
        text = self.query.text().strip()
        self._supersede()
        if not words(text):
            self.model.set_rows([])
            self.box.message.setText(EMPTY if not text else f"No words to search for in “{text}”.")
            self.box.set_empty(True)
            self.status.setText("")
            self.shown_query = text
            self.loaded()
            return
        stop = self._stop = threading.Event()

        def check() -> None:
            # Called by the search between its steps on the worker: a query the user has
            # typed past stops there instead of marking snippets nobody will see.
            if stop.is_set():
                raise Cancelled("search")

        journal = self.ctx.journal
        self._pending, self._first_page = text, True
        self.status.setText("Searching…")
        self.model.set_query(
            lambda offset, limit: search_interactions(
                journal, text, offset=offset, limit=limit, check=check
            ),
            lambda: count_search_hits(journal, text),
        )

    def _supersede(self) -> None:
        # Reads of an older query that have not started never start; a running one stops at
        # its next check. Their results, if any, are dropped by the model (newer generation).
        if self._stop is not None:
            self._stop.set()
        for task in self._tasks:
            task.cancel()
        self._tasks = []

    def _run(self, fn: Callable[[], Any], on_success: Callable[[Any], None]) -> Task:
        task = self.ctx.read(fn, on_success)
        self._tasks = [t for t in self._tasks if not t.cancelled] + [task]
        return task

    def _page_loaded(self) -> None:
        text, total = self._pending, self.model.total
        self.box.message.setText(f"No note mentions “{text}”.")
        self.box.set_empty(total == 0)
        if total >= COUNT_CAP:  # counting stopped there (a common word; see COUNT_CAP)
            found = f"{COUNT_CAP:,} or more notes found, the newest first — add a word to narrow"
        else:
            found = f"{total:,} note{'s' * (total != 1)} found, the newest first"
        self.status.setText(f"{found}. Enter opens the note in its customer's timeline.")
        if self._first_page:
            self._first_page = False
            self.shown_query = text
            self.loaded()

    def _open(self, index: QModelIndex) -> None:
        hit = self.model.row_at(index.row())
        self.nav.show_customer(hit.interaction.customer_id, interaction_id=hit.interaction.id)

    def search(self, text: str) -> None:
        self.query.setText(text)
        self.refresh()

    def focus_primary(self) -> None:
        self.query.setFocus()
        self.query.selectAll()
