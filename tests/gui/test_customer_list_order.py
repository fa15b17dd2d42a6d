"""The customer list of a journal larger than a page: the stage filter and the header's order
apply to every customer, not only to the page loaded so far."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, Qt
from sqlalchemy import insert

from custjournal.domain import Customer, Interaction
from custjournal.gui.models.base import ROW_ROLE
from custjournal.gui.models.tables import CustomerTableModel
from custjournal.services import commitments
from tests.gui.conftest import idle

COUNT = 250  # the list loads 100 at a time


def _customers(journal, now) -> None:
    """250 customers; every tenth a prospect; the last by name spoken to most recently, the
    first by name never."""
    with journal.transaction() as session:
        session.execute(
            insert(Customer),
            [
                {
                    "name": f"Customer {i:04d}",
                    "stage": "prospect" if i % 10 == 7 else "active",
                    "temperament": "cooperative",
                    "timezone": "Europe/Helsinki",
                    "created_at": now,
                    "version": 1,
                }
                for i in range(COUNT)
            ],
        )
        session.execute(
            insert(Interaction),
            [
                {
                    "customer_id": i + 1,
                    "occurred_at": now - timedelta(days=COUNT - i),
                    "timezone": "UTC",
                    "kind": "call",
                    "title": "Catch-up",
                    "body": "",
                    "mood": "neutral",
                    "created_at": now,
                    "version": 1,
                }
                for i in range(1, COUNT)
            ],
        )


def _open_list(qtbot, window):
    window.show_view("customers")
    view = window.views["customers"]
    qtbot.waitUntil(lambda: view.model.loaded > 0)
    idle(qtbot, window)
    return view


def _shown(view) -> list[str]:
    table = view.table
    return [
        table.model().index(row, CustomerTableModel.NAME).data(ROW_ROLE).name
        for row in range(table.model().rowCount())
    ]


def _click_header(qtbot, view, column: int) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_a_stage_lists_every_customer_in_it_not_only_those_loaded(qtbot, window, journal, now):
    _customers(journal, now)
    view = _open_list(qtbot, window)
    assert view.model.loaded == 100 < view.model.total == COUNT
    view.stage_combo.setFocus()
    qtbot.keyClicks(view.stage_combo, "Prospect")
    qtbot.waitUntil(lambda: view.model.total == COUNT // 10)
    idle(qtbot, window)
    shown = _shown(view)
    # All 25 prospects, those past the first hundred names too; nobody else.
    assert shown == [f"Customer {i:04d}" for i in range(7, COUNT, 10)]


def test_sorting_by_last_contact_orders_the_whole_list(qtbot, window, journal, now):
    _customers(journal, now)
    view = _open_list(qtbot, window)
    assert "Customer 0249" not in _shown(view)  # the first page ends at 0099
    header = view.table.horizontalHeader()
    _click_header(qtbot, view, CustomerTableModel.LAST_CONTACT)
    if header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder:
        _click_header(qtbot, view, CustomerTableModel.LAST_CONTACT)
    qtbot.waitUntil(lambda: view.model.loaded == COUNT)
    idle(qtbot, window)
    shown = _shown(view)
    # Newest contact first, over every customer: the last name loaded, at the top.
    assert shown[:3] == ["Customer 0249", "Customer 0248", "Customer 0247"]
    assert shown[-1] == "Customer 0000"  # never contacted


def test_names_from_z_to_a_still_come_a_page_at_a_time(qtbot, window, journal, now):
    _customers(journal, now)
    view = _open_list(qtbot, window)
    _click_header(qtbot, view, CustomerTableModel.NAME)  # A to Z already: now Z to A
    qtbot.waitUntil(lambda: _shown(view)[:1] == ["Customer 0249"])
    idle(qtbot, window)
    assert view.model.loaded == 100  # the database's order, so one page is enough
    assert _shown(view)[:3] == ["Customer 0249", "Customer 0248", "Customer 0247"]
    _click_header(qtbot, view, CustomerTableModel.NAME)
    qtbot.waitUntil(lambda: _shown(view)[:1] == ["Customer 0000"])


def test_the_order_is_chosen_from_the_keyboard_too(qtbot, window, journal, now):
    _customers(journal, now)
    view = _open_list(qtbot, window)
    header = view.table.horizontalHeader()
    view.order_combo.setFocus()
    qtbot.keyClicks(view.order_combo, "Last")  # Alt+S reaches it from anywhere in the list
    qtbot.waitUntil(lambda: view.model.loaded == COUNT)
    idle(qtbot, window)
    assert header.sortIndicatorSection() == CustomerTableModel.LAST_CONTACT
    assert _shown(view)[:2] == ["Customer 0000", "Customer 0001"]  # never, then longest ago
    view.order_button.setFocus()
    qtbot.keyClick(view.order_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: _shown(view)[:1] == ["Customer 0249"])
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert view.order_button.accessibleName() == "Sort order: descending"
    # A click on a header moves the chooser with it.
    _click_header(qtbot, view, CustomerTableModel.STAGE)
    assert view.order_combo.currentText() == "Stage"


def test_alt_s_reaches_the_order(qtbot, window, journal, now):
    _customers(journal, now)
    view = _open_list(qtbot, window)
    view.filter_edit.setFocus()
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert view.order_combo.hasFocus()


def test_the_chosen_customer_stays_chosen_when_the_order_changes(qtbot, window, journal, now):
    _customers(journal, now)
    view = _open_list(qtbot, window)
    table = view.table
    rect = table.visualRect(table.model().index(5, CustomerTableModel.NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected().name == "Customer 0005"
    view.order_combo.setFocus()
    qtbot.keyClicks(view.order_combo, "Last")
    qtbot.waitUntil(lambda: view.model.loaded == COUNT)
    view.order_button.setFocus()
    qtbot.keyClick(view.order_button, Qt.Key.Key_Space)  # newest contact first
    idle(qtbot, window)
    assert view.selected().name == "Customer 0005"
    row = table.currentIndex().row()
    assert row == COUNT - 1 - 5  # moved near the end, and the selection with it
    assert table.selectionModel().isRowSelected(row)


def test_next_appointment_puts_the_soonest_first_and_the_unbooked_last(qtbot, window, journal, now):
    _customers(journal, now)
    for customer_id, days in ((201, 3), (101, 1)):  # Customer 0200 and Customer 0100
        commitments.add_appointment(
            journal, customer_id=customer_id, title="Review", duration_minutes=60, now=now,
            starts_at=now + timedelta(days=days), location="Their office",
        )  # fmt: skip
    view = _open_list(qtbot, window)
    view.order_combo.setFocus()
    qtbot.keyClicks(view.order_combo, "Next")
    qtbot.waitUntil(lambda: view.model.loaded == COUNT)
    idle(qtbot, window)
    shown = _shown(view)
    assert shown[:2] == ["Customer 0100", "Customer 0200"]
    assert view.table.model().index(COUNT - 1, CustomerTableModel.NEXT_APPOINTMENT).data() == "—"
