"""Item models without widgets: paging loads only what is scrolled to; grouping; filtering."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import insert

from custjournal.domain import Customer, Interaction
from custjournal.gui.models.base import ROW_ROLE
from custjournal.gui.models.risks import RiskTreeModel
from custjournal.gui.models.tables import CustomerTableModel, InteractionTableModel
from custjournal.rules.risk import Risk, Severity
from custjournal.services.customers import count_customers, list_customers
from custjournal.services.journal import count_interactions, timeline


def _bulk_customers(journal, now, n: int) -> None:
    with journal.transaction() as session:
        session.execute(
            insert(Customer),
            [
                {
                    "name": f"Customer {i:04d}",
                    "stage": "active" if i % 2 else "prospect",
                    "temperament": "cooperative",
                    "timezone": "Europe/Helsinki",
                    "created_at": now,
                    "version": 1,
                }
                for i in range(n)
            ],
        )


def test_customer_model_pages_instead_of_loading_everything(qapp, journal, now):
    _bulk_customers(journal, now, 250)
    model = CustomerTableModel(clock=lambda: now, user_tz=lambda: "UTC", page_size=40)
    model.set_query(
        lambda offset, limit: list_customers(journal, now=now, offset=offset, limit=limit),
        lambda: count_customers(journal),
    )
    assert model.total == 250
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 40 < model.total  # only the first page is in memory
    model.fetchMore(QModelIndex())
    assert model.loaded == 80
    first = model.index(0, CustomerTableModel.NAME)
    assert first.data() == "Customer 0000"
    assert first.data(ROW_ROLE).name == "Customer 0000"
    assert model.index(1, CustomerTableModel.STAGE).data() == "Active"
    assert model.index(0, CustomerTableModel.LAST_CONTACT).data() == "never"
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 250


def test_open_risk_column_says_the_severity_in_words(qapp, journal, now):
    _bulk_customers(journal, now, 3)
    model = CustomerTableModel(clock=lambda: now, user_tz=lambda: "UTC")
    model.set_rows(list_customers(journal, now=now))
    first = model.row_at(0)
    model.set_risks({first.id: (2, "critical")})
    cell = model.index(0, CustomerTableModel.RISKS)
    assert cell.data() == "2 · Critical"
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None  # an icon, not colour alone
    assert model.index(1, CustomerTableModel.RISKS).data() == "none"


def test_a_table_sorted_by_open_risks_sorts_again_when_they_arrive(qapp, journal, now):
    _bulk_customers(journal, now, 3)
    model = CustomerTableModel(clock=lambda: now, user_tz=lambda: "UTC")
    model.set_rows(list_customers(journal, now=now))
    model.sort(CustomerTableModel.RISKS, Qt.SortOrder.DescendingOrder)
    last = model.row_at(2)
    model.set_risks({last.id: (2, "critical")})  # from the rules, after the rows
    assert model.row_at(0).id == last.id
    assert model.index(0, CustomerTableModel.RISKS).data() == "2 · Critical"
    model.sort(CustomerTableModel.NAME, Qt.SortOrder.DescendingOrder)
    assert [model.row_at(n).name for n in range(3)] == [
        "Customer 0002", "Customer 0001", "Customer 0000",
    ]  # fmt: skip


def test_timeline_model_pages_a_large_journal(qapp, journal, now):
    _bulk_customers(journal, now, 1)
    with journal.transaction() as session:
        session.execute(
            insert(Interaction),
            [
                {
                    "customer_id": 1,
                    "occurred_at": now - timedelta(hours=i),
                    "timezone": "UTC",
                    "kind": "call",
                    "title": f"Call {i}",
                    "body": "",
                    "mood": "neutral",
                    "created_at": now,
                    "version": 1,
                }
                for i in range(1200)
            ],
        )
    model = InteractionTableModel(user_tz=lambda: "UTC", page_size=100)
    model.set_query(
        lambda offset, limit: timeline(journal, offset=offset, limit=limit),
        lambda: count_interactions(journal),
    )
    model.fetchMore(QModelIndex())
    assert model.loaded == 100 and model.total == 1200
    assert model.index(0, InteractionTableModel.TITLE).data() == "Call 0"  # newest first


def _risk(key: str, severity: Severity, reason: str) -> Risk:
    return Risk(
        rule_id=key.split(":")[0],
        severity=severity,
        customer_id=1,
        customer_name="Aurora Hotels",
        subject_type="commitment",
        subject_id=1,
        reason=reason,
        facts=(("due", "2026-11-21"),),
        action="Call them",
        key=key,
        at=None,
    )


def test_risk_model_groups_by_severity_worst_first(qapp):
    model = RiskTreeModel()
    model.set_risks(
        [
            _risk("quiet-project:project:1", Severity.INFO, "Quiet"),
            _risk("overdue:commitment:1", Severity.CRITICAL, "Late quote"),
            _risk("unpriced-extra:scope:2", Severity.WARNING, "Unpriced"),
            _risk("overdue:commitment:2", Severity.CRITICAL, "Late report"),
        ]
    )
    groups = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert groups == ["Critical (2)", "Warning (1)", "Info (1)"]
    critical = model.index(0, 0)
    assert model.rowCount(critical) == 2
    child = model.index(1, RiskTreeModel.REASON, critical)
    assert child.data() == "Late report"
    assert child.parent() == critical
    assert child.data(ROW_ROLE).key == "overdue:commitment:2"
    assert "due: 2026-11-21" in child.data(Qt.ItemDataRole.ToolTipRole)
    assert model.risk_index("unpriced-extra:scope:2").parent().row() == 1


def test_pages_from_the_worker_arrive_later_and_stale_ones_are_dropped(qapp, journal, now):
    _bulk_customers(journal, now, 250)
    pending: list = []
    model = CustomerTableModel(
        clock=lambda: now,
        user_tz=lambda: "UTC",
        page_size=40,
        runner=lambda fn, done: pending.append((fn, done)),  # a worker that waits to be told
    )
    model.set_query(
        lambda offset, limit: list_customers(journal, now=now, offset=offset, limit=limit),
        lambda: count_customers(journal),
    )
    assert model.rowCount() == 0 and not model.canFetchMore(QModelIndex())
    fn, done = pending.pop()
    done(fn())  # count and first page arrive together
    assert model.rowCount() == 40 and model.total == 250
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())  # ignored: a page is already on its way
    assert len(pending) == 1
    fn, done = pending.pop()
    model.reload()  # the user typed a filter meanwhile
    done(fn())  # the old query's page is dropped, not mixed in
    assert model.rowCount() == 40
    fn, done = pending.pop()
    done(fn())  # the new query replaces the rows in one reset
    assert model.rowCount() == 40 and model.loaded == 40


def test_agenda_marks_an_appointment_by_the_risk_on_its_notice(qapp):
    from dataclasses import replace

    from custjournal.gui.models.agenda import risks_by_commitment

    moved = replace(
        _risk("moved-without-call:notice:2", Severity.WARNING, "Moved by e-mail"),
        subject_type="notice",
        subject_id=2,
    )
    late = _risk("overdue:commitment:5", Severity.CRITICAL, "Late")
    marks = risks_by_commitment([moved, late], {2: 9})
    assert marks == {9: ("warning", moved), 1: ("critical", late)}
    assert marks[9][1].reason == "Moved by e-mail"


def test_agenda_marks_both_appointments_of_a_clash(qapp):
    from dataclasses import replace

    from custjournal.gui.models.agenda import risks_by_commitment

    clash = replace(
        _risk("double-booked:commitment:3:7", Severity.WARNING, "Overlaps"),
        subject_id=7,
        also=(3,),
    )
    assert risks_by_commitment([clash]) == {7: ("warning", clash), 3: ("warning", clash)}
