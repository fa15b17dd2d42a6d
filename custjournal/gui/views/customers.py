"""Customers: stage, last contact, next appointment and open risks; filter as you type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
)

from custjournal.domain.enums import Stage
from custjournal.gui import fmt, theme
from custjournal.gui.models.base import ROW_ROLE
from custjournal.gui.models.tables import CustomerTableModel
from custjournal.gui.views.base import View, heading
from custjournal.gui.widgets import EmptyState, configure_table
from custjournal.gui.worker import COMMITMENTS, CUSTOMERS, INTERACTIONS, RISKS, SETTINGS
from custjournal.services.customers import count_customers, list_customers


def risk_summary(risks: list[Any]) -> dict[int, tuple[int, str]]:
    """customer id -> (how many open risks, the worst severity)."""
    order = {key: n for n, key in enumerate(theme.SEVERITY_ORDER)}
    found: dict[int, tuple[int, str]] = {}
    for risk in risks:
        if risk.customer_id is None:
            continue
        severity = theme.severity_key(risk.severity)
        count, worst = found.get(risk.customer_id, (0, "info"))
        if order[severity] < order[worst]:
            worst = severity
        found[risk.customer_id] = (count + 1, worst)
    return found


class CustomersView(View):
    name = "customers"
    title = "Customers"
    icon_name = "customers"
    kinds = frozenset({CUSTOMERS, INTERACTIONS, COMMITMENTS, RISKS, SETTINGS, "clock"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.layout_.addWidget(heading("Customers"))
        bar = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("customer_filter")
        self.filter_edit.setPlaceholderText("Filter by name…")
        self.filter_edit.setClearButtonEnabled(True)
        self.stage_combo = QComboBox()
        self.stage_combo.setObjectName("stage_filter")
        self.stage_combo.addItem("All stages", None)
        for stage in Stage:
            self.stage_combo.addItem(fmt.label(stage), stage)
        new = QPushButton(theme.icon("customers"), "New customer…")
        new.clicked.connect(lambda: self.nav.run_action("new_customer"))
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.stage_combo)
        bar.addWidget(new)
        self.layout_.addLayout(bar)

        self.model = CustomerTableModel(
            clock=self.ctx.now, user_tz=lambda: self.ctx.user_tz, runner=self.ctx.read
        )
        self.model.pageLoaded.connect(self._page_loaded)
        self.table = QTableView()
        self.table.setObjectName("customers_table")
        self.table.setModel(self.model)
        # Ordered on the header's word but not by the view: a page of 5,000 customers sorted
        # alone is not the top of the list. The name's order comes from the database, page
        # by page; any other column's is the model's, over every row (see _sort).
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(CustomerTableModel.NAME, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort)
        # The same order from the keyboard: a column and a direction beside the filters.
        self.order_combo = QComboBox()
        self.order_combo.setObjectName("customer_order")
        for column in range(self.model.columnCount()):
            self.order_combo.addItem(str(self.model.headerData(column, Qt.Orientation.Horizontal)))
        order_label = QLabel("&Sort by")
        order_label.setBuddy(self.order_combo)
        self.order_button = QToolButton()
        self.order_button.setObjectName("customer_order_direction")
        self.order_button.setCheckable(True)
        self._show_order(CustomerTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.order_combo.currentIndexChanged.connect(
            lambda column: header.setSortIndicator(column, header.sortIndicatorOrder())
        )
        self.order_button.toggled.connect(
            lambda down: header.setSortIndicator(
                header.sortIndicatorSection(),
                Qt.SortOrder.DescendingOrder if down else Qt.SortOrder.AscendingOrder,
            )
        )
        for place, widget in enumerate((order_label, self.order_combo, self.order_button)):
            bar.insertWidget(2 + place, widget)
        configure_table(
            self.table,
            stretch=CustomerTableModel.NAME,
            widths={1: 90, 2: 110, 3: 230, 4: 150, 5: 130},
        )
        self.table.activated.connect(self._open)
        self.box = EmptyState(
            self.table, "No customers yet. Press Ctrl+N to add your first customer."
        )
        self.layout_.addWidget(self.box, 1)

        # Typing re-queries (the database filters, so paging stays honest); debounced.
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.refresh)
        self.filter_edit.textChanged.connect(lambda _: self._debounce.start())
        # The stage, like the text, is filtered by the database: the count and the pages
        # are of the customers in that stage, not of those loaded so far.
        self.stage_combo.currentIndexChanged.connect(lambda _: self.refresh())

    def refresh(self) -> None:
        journal, text = self.ctx.journal, self.filter_edit.text()
        stage = self.stage_combo.currentData()
        header = self.table.horizontalHeader()
        descending = (
            header.sortIndicatorSection() == CustomerTableModel.NAME
            and header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        )
        now = self.ctx.now()
        self.model.set_query(
            lambda offset, limit: list_customers(
                journal,
                now=now,
                text=text,
                stage=stage,
                offset=offset,
                limit=limit,
                descending=descending,
            ),
            lambda: count_customers(journal, text=text, stage=stage),
        )
        self.ctx.read_rules(lambda: risk_summary(self.ctx.risks(now)), self._risks)

    def _show_order(self, column: int, order: Qt.SortOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        for widget in (self.order_combo, self.order_button):
            widget.blockSignals(True)
        self.order_combo.setCurrentIndex(column)
        self.order_button.setChecked(descending)
        words = "descending" if descending else "ascending"
        # Words, not an arrow: styles draw the header's arrow either way for the same order.
        self.order_button.setText(words.capitalize())
        self.order_button.setToolTip(f"Sorted {words}: press to reverse")
        self.order_button.setAccessibleName(f"Sort order: {words}")
        for widget in (self.order_combo, self.order_button):
            widget.blockSignals(False)

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        self._show_order(column, order)
        if column == CustomerTableModel.NAME:
            self.model.sort(-1)  # the database's order, read again in the new direction
            self.refresh()
            return
        self.model.sort(column, order)
        self.model.fetch_all()

    def _page_loaded(self) -> None:
        filtered = self.filter_edit.text() or self.stage_combo.currentData() is not None
        self.box.set_empty(self.model.total == 0 and not filtered)
        if self.table.horizontalHeader().sortIndicatorSection() != CustomerTableModel.NAME:
            self.model.fetch_all()  # a reload (a save, a filter) under another column's order

    def _risks(self, summary: dict[int, tuple[int, str]]) -> None:
        self.model.set_risks(summary)
        self.loaded()

    def _open(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is not None:
            self.nav.show_customer(row.id)

    def selected(self) -> Any:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def focus_primary(self) -> None:
        self.filter_edit.setFocus()
