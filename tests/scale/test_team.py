"""A team journal: two laptops on one PostgreSQL database see each other and never overwrite."""

from __future__ import annotations

from datetime import datetime

import pytest

from custjournal.domain import ConflictError, Customer
from custjournal.services import customers
from custjournal.services import journal as notes
from custjournal.services.uow import unit_of_work
from custjournal.store import Journal


@pytest.fixture
def laptops(db_url: str) -> tuple[Journal, Journal]:
    if db_url.startswith("sqlite"):
        pytest.skip("one SQLite file is opened by one app at a time (it is locked)")
    first, second = Journal.open(db_url), Journal.open(db_url)
    yield first, second
    first.close()
    second.close()


def test_colleagues_see_each_others_notes(laptops, now: datetime) -> None:
    anna, ben = laptops
    lake = customers.create_customer(anna, name="Lakeside Dental", now=now)
    notes.log_interaction(anna, customer_id=lake.id, now=now, body="Agreed the quota")
    assert [c.name for c in customers.list_customers(ben, now=now)] == ["Lakeside Dental"]
    assert [h.interaction.body for h in notes.search_interactions(ben, "quota")] == [
        "Agreed the quota"
    ]


def test_a_stale_edit_is_refused_not_saved_over_a_colleagues(laptops, now: datetime) -> None:
    anna, ben = laptops
    lake = customers.create_customer(anna, name="Lakeside Dental", now=now)
    opened_by_anna = customers.get_customer(anna, lake.id)
    opened_by_ben = customers.get_customer(ben, lake.id)
    customers.update_customer(
        ben, customer_id=lake.id, expected_version=opened_by_ben.version, root_need="A hole"
    )
    with pytest.raises(ConflictError):
        customers.update_customer(
            anna, customer_id=lake.id, expected_version=opened_by_anna.version, root_need="Drill"
        )
    assert customers.get_customer(anna, lake.id).root_need == "A hole"


def test_two_saves_racing_on_one_row_conflict_at_the_database(laptops, now: datetime) -> None:
    anna, ben = laptops
    lake = customers.create_customer(anna, name="Lakeside Dental", now=now)
    with pytest.raises(ConflictError), unit_of_work(anna) as session:
        row = session.get(Customer, lake.id)  # Anna's unit of work has read version 1…
        customers.update_customer(ben, customer_id=lake.id, notes="Ben's note")  # …Ben saves
        row.notes = "Anna's note"
        session.flush()  # UPDATE … WHERE version = 1 matches nothing: StaleDataError
    assert customers.get_customer(ben, lake.id).notes == "Ben's note"


def test_each_laptop_learns_of_the_others_changes_not_of_its_own(laptops, now: datetime) -> None:
    anna, ben = laptops
    assert not anna.changed_elsewhere() and not ben.changed_elsewhere()
    lake = customers.create_customer(anna, name="Lakeside Dental", now=now)
    notes.log_interaction(anna, customer_id=lake.id, now=now, body="Agreed the quota")
    assert not anna.changed_elsewhere()  # her own notes
    assert ben.changed_elsewhere()  # the window on Ben's laptop reloads its views
    assert not ben.changed_elsewhere()  # once
    customers.list_customers(ben, now=now)
    notes.search_interactions(ben, "quota")
    assert not anna.changed_elsewhere()  # reading changes nothing


def test_a_colleagues_change_still_open_is_seen_once_committed(laptops, now: datetime) -> None:
    anna, ben = laptops
    lake = customers.create_customer(anna, name="Lakeside Dental", now=now)
    ben.changed_elsewhere()
    anna.changed_elsewhere()
    with unit_of_work(anna) as session:
        session.get(Customer, lake.id).notes = "Prefers mornings"
        session.flush()  # written, not yet committed
        # Ben saves a note meanwhile: his own, and Anna's is nothing he could read yet.
        notes.log_interaction(ben, customer_id=lake.id, now=now, body="Called about dates")
        assert not ben.changed_elsewhere()
    assert ben.changed_elsewhere()  # Anna's, begun before his and finished after
    assert anna.changed_elsewhere()  # Ben's note
