"""Customer and contact use cases: validation naming the field, conflicts, the list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from custjournal.domain import Customer
from custjournal.domain.enums import Stage
from custjournal.domain.errors import ConflictError, NotFoundError, ValidationError
from custjournal.services import commitments, customers
from custjournal.services import journal as notes
from custjournal.services.uow import unit_of_work
from custjournal.services.views import CustomerView
from custjournal.store import Journal

from .conftest import snapshot

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   \n "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "lakeside dental"}, "name"),  # taken, in any case
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": ""}, "timezone"),
        ({"stage": "happy"}, "stage"),
        ({"temperament": "grumpy"}, "temperament"),
        ({"preferred_channel": "pigeon"}, "preferred_channel"),
        ({"cadence_days": 0}, "cadence_days"),
        ({"cadence_days": "monthly"}, "cadence_days"),
        ({"cadence_days": 99999}, "cadence_days"),
        ({"country": "FIN"}, "country"),
        ({"country": "1x"}, "country"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_create_customer_refuses_bad_input_naming_the_field(
    journal: Journal, helsinki: CustomerView, now: datetime, fields: dict[str, Any], field: str
) -> None:
    before = snapshot(journal)
    values = {"name": "New Customer", "timezone": "Europe/Lisbon", **fields}
    with pytest.raises(ValidationError) as caught:
        customers.create_customer(journal, now=now, **values)
    assert caught.value.field == field
    assert caught.value.problem
    assert snapshot(journal) == before


def test_create_customer_cleans_text_and_stamps_the_given_clock(journal: Journal) -> None:
    # A clock far from the real one: the service must use it, not read its own.
    then = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    view = customers.create_customer(
        journal,
        name="  Nordlicht \t Logistik\n",
        now=then,
        timezone="Europe/Berlin",
        country="de",
        stage="ACTIVE",
        notes="line one\nline two\x00",
    )
    assert view.name == "Nordlicht Logistik"
    assert view.country == "DE"
    assert view.stage == Stage.ACTIVE
    assert view.notes == "line one\nline two"
    assert view.created_at == then
    assert view.version == 1
    assert customers.get_customer(journal, view.id) == view


def test_services_hand_out_frozen_data_not_live_rows(
    journal: Journal, helsinki: CustomerView
) -> None:
    assert not isinstance(helsinki, Customer)
    with pytest.raises(AttributeError):
        helsinki.name = "changed"  # type: ignore[misc]


def test_find_customer_by_name_prefix_or_id(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    customers.create_customer(journal, name="Lakeview Hotel", now=now, timezone="UTC")
    assert customers.find_customer(journal, "LAKESIDE DENTAL").id == helsinki.id
    assert customers.find_customer(journal, "lakeside").id == helsinki.id
    assert customers.find_customer(journal, f"#{helsinki.id}").id == helsinki.id
    with pytest.raises(NotFoundError):
        customers.find_customer(journal, "No Such Customer")
    with pytest.raises(NotFoundError):
        customers.find_customer(journal, "%")  # LIKE wildcards are literal


def test_names_beyond_ascii_match_in_any_case_the_same_on_every_database(
    journal: Journal, now: datetime
) -> None:
    # SQLite's own lower() folds only A-Z; PostgreSQL's folds every letter. Both must find
    # Ärztehaus by "ärzte" and refuse a second Ärztehaus typed in small letters.
    doctors = customers.create_customer(journal, name="Ärztehaus Östermalm", now=now)
    customers.create_customer(journal, name="Åbo Ångström", now=now)
    customers.create_customer(journal, name="Škoda Servis", now=now)
    assert customers.find_customer(journal, "ärztehaus östermalm").id == doctors.id
    assert customers.find_customer(journal, "ÄRZTE").id == doctors.id
    with pytest.raises(ValidationError) as taken:
        customers.create_customer(journal, name="ärztehaus östermalm", now=now)
    assert taken.value.field == "name"
    assert [c.name for c in customers.list_customers(journal, now=now, text="ÖSTERMALM")] == [
        "Ärztehaus Östermalm"
    ]
    assert [c.name for c in customers.list_customers(journal, now=now, text="škoda")] == [
        "Škoda Servis"
    ]


def test_an_ambiguous_beginning_names_the_candidates(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    customers.create_customer(journal, name="Lakeview Hotel", now=now, timezone="UTC")
    with pytest.raises(ValidationError) as several:
        customers.find_customer(journal, "lake")
    assert several.value.field == "customer"
    assert "Lakeside Dental" in several.value.problem
    assert "Lakeview Hotel" in several.value.problem


def test_update_with_a_stale_version_is_a_conflict_and_overwrites_nothing(
    journal: Journal, helsinki: CustomerView
) -> None:
    # Two windows opened the customer at version 1; the first one saves.
    saved = customers.update_customer(
        journal, customer_id=helsinki.id, expected_version=helsinki.version, notes="from laptop"
    )
    assert saved.version == helsinki.version + 1
    with pytest.raises(ConflictError):
        customers.update_customer(
            journal, customer_id=helsinki.id, expected_version=helsinki.version, notes="from desk"
        )
    assert customers.get_customer(journal, helsinki.id).notes == "from laptop"


def test_a_truly_concurrent_edit_is_detected_at_write_time(
    journal: Journal, helsinki: CustomerView
) -> None:
    # The slow writer read version 1; meanwhile another process saved version 2.
    with pytest.raises(ConflictError), unit_of_work(journal) as slow:
        row = slow.get(Customer, helsinki.id)
        assert row is not None
        customers.update_customer(journal, customer_id=helsinki.id, notes="fast writer")
        row.notes = "slow writer"
        slow.flush()
    assert customers.get_customer(journal, helsinki.id).notes == "fast writer"


def test_contacts_validate_and_conflict_too(journal: Journal, helsinki: CustomerView) -> None:
    with pytest.raises(ValidationError) as caught:
        customers.add_contact(journal, customer_id=helsinki.id, name="Liisa", email="liisa@")
    assert caught.value.field == "email"
    with pytest.raises(NotFoundError):
        customers.add_contact(journal, customer_id=999, name="Nobody")
    liisa = customers.add_contact(
        journal, customer_id=helsinki.id, name="Liisa", email="liisa@lakeside.example"
    )
    customers.update_contact(journal, contact_id=liisa.id, expected_version=1, role="Manager")
    with pytest.raises(ConflictError):
        customers.update_contact(journal, contact_id=liisa.id, expected_version=1, role="CEO")
    assert customers.get_customer(journal, helsinki.id).contacts[0].role == "Manager"


def test_list_customers_shows_last_contact_next_appointment_and_open_counts(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    quiet = customers.create_customer(journal, name="Quiet Oy", now=now, timezone="UTC")
    last_call = now - timedelta(days=3)
    notes.log_interaction(
        journal, customer_id=helsinki.id, now=now, occurred_at=last_call, kind="call", body="hi"
    )
    # A plain observation written about them is not contact.
    notes.log_interaction(journal, customer_id=helsinki.id, now=now, kind="note", body="obs")
    soon = datetime(2026, 11, 26, 9, 0, tzinfo=HELSINKI)
    later = datetime(2026, 12, 2, 9, 0, tzinfo=HELSINKI)
    for start in (later, soon):
        commitments.add_appointment(
            journal, customer_id=helsinki.id, title="Visit", starts_at=start,
            duration_minutes=60, now=now, location="Helsinki office",
        )  # fmt: skip
    commitments.add_appointment(
        journal, customer_id=helsinki.id, title="Past visit", starts_at=now - timedelta(days=1),
        duration_minutes=60, now=now, channel="video",
    )  # fmt: skip
    for direction in ("mine", "mine", "theirs"):
        commitments.add_promise(
            journal, customer_id=helsinki.id, title="Send", due_at=now + timedelta(days=2),
            now=now, direction=direction,
        )  # fmt: skip
    done = commitments.add_promise(
        journal, customer_id=helsinki.id, title="Done", due_at=now, now=now
    )
    commitments.complete_commitment(journal, commitment_id=done.id, now=now)

    rows = {r.name: r for r in customers.list_customers(journal, now=now)}
    assert list(rows) == ["Lakeside Dental", "Quiet Oy"]
    row = rows["Lakeside Dental"]
    assert row.last_contact_at == last_call
    assert row.next_appointment_at == soon
    assert (row.open_mine, row.open_theirs) == (5, 1)  # 3 appointments + 2 promises mine
    assert row.cadence_days == 30
    empty = rows["Quiet Oy"]
    assert (empty.last_contact_at, empty.next_appointment_at) == (None, None)
    assert (empty.open_mine, empty.open_theirs) == (0, 0)
    assert quiet.id == empty.id
    assert [r.name for r in customers.list_customers(journal, now=now, text="quiet")] == [
        "Quiet Oy"
    ]
    assert [r.name for r in customers.list_customers(journal, now=now, stage="active")] == [
        "Lakeside Dental"
    ]
    with pytest.raises(ValidationError) as caught:
        customers.list_customers(journal, now=now, stage="happy")
    assert caught.value.field == "stage"
    # Z to A, page by page (the window's list sorted by name the other way).
    z_to_a = [customers.list_customers(journal, now=now, descending=True, offset=n, limit=1)
              for n in (0, 1)]  # fmt: skip
    assert [[r.name for r in page] for page in z_to_a] == [["Quiet Oy"], ["Lakeside Dental"]]
    assert z_to_a[1][0].last_contact_at == last_call


def test_next_appointment_of_a_recurring_series_started_in_the_past(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    commitments.add_appointment(
        journal, customer_id=helsinki.id, title="Monthly check-in",
        starts_at=datetime(2026, 9, 7, 9, 0, tzinfo=HELSINKI), duration_minutes=30, now=now,
        channel="video", rrule="FREQ=MONTHLY;BYDAY=1MO",
    )  # fmt: skip
    (row,) = customers.list_customers(journal, now=now)
    assert row.next_appointment_at == datetime(2026, 12, 7, 9, 0, tzinfo=HELSINKI)


def test_the_whole_list_is_read_in_parts_the_database_accepts(
    journal: Journal, helsinki: CustomerView, now: datetime, monkeypatch
) -> None:
    # Sorting the window's list by a figure reads every customer at once. SQLite refuses a
    # statement with more parameters than its limit (32,766 unless built with another);
    # here, once the customers are written, 16.
    if journal.engine.dialect.name != "sqlite":
        pytest.skip("the variable limit is SQLite's")
    import sqlite3

    from sqlalchemy import event

    def small_limit(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 16)

    for n in range(11):
        customers.create_customer(journal, name=f"Customer {n:02}", now=now)
    last_customer = customers.create_customer(journal, name="Zeta Oy", now=now)
    notes.log_interaction(journal, customer_id=last_customer.id, now=now, kind="call", body="hi")
    commitments.add_promise(
        journal, customer_id=last_customer.id, title="Send", due_at=now + timedelta(days=2),
        now=now, direction="theirs",
    )  # fmt: skip
    commitments.add_appointment(
        journal, customer_id=last_customer.id, title="Monthly check-in",
        starts_at=datetime(2026, 9, 7, 9, 0, tzinfo=HELSINKI), duration_minutes=30, now=now,
        channel="video", rrule="FREQ=MONTHLY;BYDAY=1MO",
    )  # fmt: skip

    monkeypatch.setattr(customers, "IDS_PER_STATEMENT", 4)
    journal.engine.dispose()  # the journal is the module's: its connections get the limit
    event.listen(journal.engine, "connect", small_limit)
    try:
        rows = customers.list_customers(journal, now=now)  # 13 customers, in parts of 4
    finally:
        event.remove(journal.engine, "connect", small_limit)
        journal.engine.dispose()

    assert len(rows) == 13
    zeta = rows[-1]
    assert zeta.name == "Zeta Oy"  # the last part's figures are there too
    assert zeta.last_contact_at == now
    assert zeta.next_appointment_at == datetime(2026, 12, 7, 9, 0, tzinfo=HELSINKI)
    assert (zeta.open_mine, zeta.open_theirs) == (1, 1)
