"""Projects: terms agreed up front, price and timeline history, scope additions, money."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from custjournal.domain import Project
from custjournal.domain.enums import ProjectField, ProjectStatus
from custjournal.domain.errors import ConflictError, ValidationError
from custjournal.services import projects
from custjournal.services.demo import build_demo
from custjournal.services.views import CustomerView
from custjournal.store import Journal

from .conftest import snapshot


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"price": "12,50.5.5"}, "price"),
        ({"price": "-1"}, "price"),
        ({"price": "10.005"}, "price"),
        ({"price": "NaN"}, "price"),
        ({"price": "1e13"}, "price"),
        ({"currency": "euro"}, "currency"),
        ({"start_date": "31.12.2026"}, "start_date"),
        ({"start_date": "2027-02-30"}, "start_date"),
        ({"start_date": "2027-02-01", "end_date": "2027-01-31"}, "end_date"),
        ({"status": "dreaming"}, "status"),
    ],
)
def test_create_project_refuses_bad_input_naming_the_field(
    journal: Journal, helsinki: CustomerView, now: datetime, fields: dict[str, Any], field: str
) -> None:
    before = snapshot(journal)
    with pytest.raises(ValidationError) as caught:
        projects.create_project(
            journal, customer_id=helsinki.id, now=now, **{"name": "Mail", **fields}
        )
    assert caught.value.field == field
    assert snapshot(journal) == before


def test_price_and_timeline_changes_after_agreement_are_history(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    project = projects.create_project(
        journal, customer_id=helsinki.id, name="Mail server renewal", now=now,
        price="4,800.10", currency="eur", start_date="2026-12-01", end_date="2027-01-31",
    )  # fmt: skip
    assert project.price == Decimal("4800.10")
    assert project.currency == "EUR"
    # Before the agreement, changes are just drafting.
    projects.change_price(journal, project_id=project.id, new_price="5000", now=now)
    assert projects.get_project(journal, project.id).changes == ()
    agreed = projects.agree_project(journal, project_id=project.id, now=now)
    assert (agreed.status, agreed.agreed_at) == (ProjectStatus.AGREED, now)
    later = now + timedelta(days=10)
    projects.change_price(
        journal, project_id=project.id, new_price=Decimal("5500.55"), now=later, reason="VPN"
    )
    projects.change_timeline(journal, project_id=project.id, end_date="2027-02-28", now=later)
    view = projects.get_project(journal, project.id)
    assert view.price == Decimal("5500.55")
    assert view.end_date == date(2027, 2, 28)
    price, end = view.changes
    assert (price.field, price.old_amount, price.new_amount) == (
        ProjectField.PRICE, Decimal("5000.00"), Decimal("5500.55"),
    )  # fmt: skip
    assert (price.changed_at, price.reason) == (later, "VPN")
    assert (end.field, end.old_date, end.new_date) == (
        ProjectField.END, date(2027, 1, 31), date(2027, 2, 28),
    )  # fmt: skip
    with pytest.raises(ValidationError) as same:
        projects.change_price(journal, project_id=project.id, new_price="5500.55", now=later)
    assert same.value.field == "new_price"
    with pytest.raises(ValidationError) as backwards:
        projects.change_timeline(journal, project_id=project.id, end_date="2026-11-01", now=later)
    assert backwards.value.field == "end_date"


def test_scope_additions_keep_their_price_or_its_absence(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    project = projects.create_project(
        journal, customer_id=helsinki.id, name="Mail", now=now, status="running", price="100"
    )
    with pytest.raises(ValidationError) as caught:
        projects.add_scope(journal, project_id=project.id, description=" ", now=now)
    assert caught.value.field == "description"
    view = projects.add_scope(
        journal, project_id=project.id, description="Also the shared calendar", now=now
    )
    (extra,) = view.scope_additions
    assert (extra.extra_price, extra.customer_agreed) == (None, False)
    settled = projects.agree_scope_price(
        journal, scope_addition_id=extra.id, extra_price="0.10", now=now
    )
    assert settled.scope_additions[0].extra_price == Decimal("0.10")
    assert settled.scope_additions[0].customer_agreed


def test_stale_project_edit_is_a_conflict(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    project = projects.create_project(journal, customer_id=helsinki.id, name="Mail", now=now)
    projects.update_project(journal, project_id=project.id, expected_version=1, scope="A")
    with pytest.raises(ConflictError):
        projects.update_project(journal, project_id=project.id, expected_version=1, scope="B")
    assert projects.get_project(journal, project.id).scope == "A"
    with pytest.raises(ValidationError) as caught:
        projects.update_project(journal, project_id=project.id, price="1")
    assert caught.value.field == "price"


def test_the_project_list_holds_what_each_project_reads_as_on_its_own(
    journal: Journal, now: datetime
) -> None:
    # The list is read as rows (fast on thousands of projects); each entry must equal the
    # project read whole, changes and scope additions in the order they were made.
    build_demo(journal, now=now)
    listed = projects.list_projects(journal)
    assert len(listed) >= 7
    assert sum(len(p.changes) for p in listed) >= 2
    assert sum(len(p.scope_additions) for p in listed) >= 1
    assert listed == [projects.get_project(journal, p.id) for p in listed]
    with journal.reading() as session:
        newest_first = session.scalars(
            select(Project.id).order_by(Project.created_at.desc(), Project.id.desc())
        ).all()
    assert [p.id for p in listed] == newest_first
    one = listed[0]
    assert projects.list_projects(journal, customer_id=one.customer_id) == [
        p for p in listed if p.customer_id == one.customer_id
    ]
    delivered = projects.list_projects(journal, status="delivered")
    assert delivered and delivered == [p for p in listed if p.status == ProjectStatus.DELIVERED]
