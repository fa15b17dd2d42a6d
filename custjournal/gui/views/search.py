"""Search: full text over the notes, matches highlighted, opening a note in its timeline."""

from __future__ import annotations

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
from custjournal.gui.worker import INTERACTIONS
from custjournal.services.journal import search_interactions


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
    name = "search"
    title = "Search"
    icon_name = "search"
    kinds = frozenset({INTERACTIONS})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.layout_.addWidget(heading("Search notes"))
        self.query = QLineEdit()
        self.query.setObjectName("search_query")
        self.query.setPlaceholderText("Words to find in any note (Enter to search)")
        self.query.setClearButtonEnabled(True)
        self.layout_.addWidget(self.query)
        self.status = heading("", "muted")
        self.layout_.addWidget(self.status)
        self.model = SearchHitModel(user_tz=lambda: self.ctx.user_tz)
        self.table = QTableView()
        self.table.setObjectName("search_results")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(SearchHitModel.SNIPPET, HighlightDelegate(self))
        configure_table(self.table, stretch=SearchHitModel.SNIPPET, widths={0: 120, 1: 170, 2: 220})
        self.table.activated.connect(self._open)
        self.box = EmptyState(self.table, "Type a word or two to search every note.")
        self.box.set_empty(True)
        self.layout_.addWidget(self.box, 1)
        self._task: Any = None
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.refresh)
        self.query.textChanged.connect(lambda _: self._debounce.start())
        self.query.returnPressed.connect(self.refresh)

    def refresh(self) -> None:
        text = self.query.text().strip()
        if self._task is not None:
            self._task.cancel()  # a newer query supersedes a running one
        if not text:
            self.model.set_rows([])
            self.box.message.setText("Type a word or two to search every note.")
            self.box.set_empty(True)
            self.status.setText("")
            self.loaded()
            return
        journal = self.ctx.journal
        self.status.setText("Searching…")
        self._task = self.ctx.read(
            lambda: (text, search_interactions(journal, text, limit=500)), self._show
        )

    def _show(self, result: tuple[str, list[Any]]) -> None:
        text, hits = result
        if text != self.query.text().strip():
            return  # an older answer; the newer query is on its way
        self._task = None
        self.model.set_rows(hits)
        self.box.message.setText(f"No note mentions “{text}”.")
        self.box.set_empty(not hits)
        shown = f"{len(hits)} note{'s' * (len(hits) != 1)}"
        self.status.setText(f"{shown} found — Enter opens the note in its customer's timeline")
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
