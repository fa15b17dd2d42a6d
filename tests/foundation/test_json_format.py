"""The JSON journal format: byte-identical round trip, all-or-nothing import, the docs example."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from custjournal.domain import Base
from custjournal.domain.errors import ValidationError
from custjournal.services import commitments, customers, projects
from custjournal.services import journal as notes
from custjournal.services.interchange import json_format
from custjournal.store import Journal

from .conftest import REPO, Journals, snapshot

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def fresh(journals: Journals) -> Iterator[Callable[[str], Journal]]:
    """Open another empty journal on the test's backend, beside the test's own."""
    opened: list[Journal] = []

    def make(name: str) -> Journal:
        journal = Journal.open(journals.new(name), backup=False)
        opened.append(journal)
        return journal

    yield make
    for journal in opened:
        journal.close()
        journals.drop(str(journal.engine.url))


def round_trip(source: Journal, target: Journal) -> tuple[str, str]:
    first = snapshot(source)
    json_format.import_journal(target, json_format.loads(first), now=NOW)
    return first, snapshot(target)


def test_demo_journal_round_trips_byte_identical(
    demo_journal: Journal, fresh: Callable[[str], Journal]
) -> None:
    first, second = round_trip(demo_journal, fresh("copy"))
    assert second == first
    data = json.loads(first)
    assert data["format"] == "custjournal" and data["version"] == 1
    assert len(data["customers"]) == 30
    assert len(data["interactions"]) > 300
    assert first.endswith("}\n")
    assert "\\u" not in first  # non-ASCII kept as is


def test_export_is_stable_and_fully_ordered(journal: Journal, helsinki: Any, now: datetime) -> None:
    notes.log_interaction(journal, customer_id=helsinki.id, now=now, body="Ääkköset ✓ 🎉")
    once, twice = snapshot(journal), snapshot(journal)
    assert once == twice
    data = json.loads(once)
    assert list(data)[:2] == ["format", "version"]
    assert list(data)[2:] == list(json_format.TABLES)
    assert "Ääkköset ✓ 🎉" in once


def test_every_table_is_exported_or_deliberately_left_out() -> None:
    tables = set(Base.metadata.tables)
    covered = set(json_format.TABLES) | set(json_format.EXCLUDED)
    assert tables - covered == set(), "tables a JSON export would silently lose"
    assert set(json_format.TABLES) <= tables


def test_times_money_and_enums_are_written_as_documented(
    journal: Journal, helsinki: Any, now: datetime
) -> None:
    from zoneinfo import ZoneInfo

    due = datetime(2026, 11, 27, 17, 0, 0, 123456, tzinfo=ZoneInfo("Europe/Helsinki"))
    commitments.add_promise(journal, customer_id=helsinki.id, title="Quote", due_at=due, now=now)
    projects.create_project(
        journal, customer_id=helsinki.id, name="Mail", now=now, price="13500.50"
    )
    data = json_format.export_journal(journal)
    (promise,) = data["commitments"]
    assert promise["due_at"] == "2026-11-27T15:00:00.123456Z"
    assert promise["timezone"] == "Europe/Helsinki"
    assert promise["created_at"] == "2026-11-23T10:00:00Z"
    assert promise["kind"] == "promise" and promise["direction"] == "mine"
    assert data["projects"][0]["price"] == "13500.50"
    assert data["customers"][0]["stage"] == "active"


def _docs_example() -> dict[str, Any]:
    text = (REPO / "docs" / "json-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", text, flags=re.S)
    assert blocks, "docs/json-format.md has no ```json example"
    return json.loads(max(blocks, key=len))


def test_the_documented_example_imports(journal: Journal) -> None:
    example = _docs_example()
    counts = json_format.import_journal(journal, example, now=NOW)
    for table, records in example.items():
        if isinstance(records, list):
            assert counts[table] == len(records), table
    data = json_format.export_journal(journal)
    (interaction,) = data["interactions"]
    # "2026-11-02T10:30:00" without offset is read in the record's zone (Helsinki, UTC+2).
    assert interaction["occurred_at"] == "2026-11-02T08:30:00Z"
    assert data["projects"][0]["price"] == "4800.00"
    assert data["commitments"][0]["uid"].endswith("@custjournal")  # generated when left out
    assert data["customers"][0]["created_at"] == "2026-01-10T08:00:00Z"
    assert data["contacts"][0]["version"] == 1
    # The imported journal exports and round-trips like any other.
    assert json_format.dumps(data) == snapshot(journal)


def _example_with(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(_docs_example())
    change(data)
    return data


def _set(table: str, index: int, field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data[table][index][field] = value

    return change


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (_set("customers", 0, "stage", "happy"), "customers[0].stage", "not one of"),
        (_set("commitments", 0, "direction", "ours"), "commitments[0].direction", "not one of"),
        (_set("commitments", 0, "due_at", "next friday"), "commitments[0].due_at", "ISO-8601"),
        (
            _set("commitments", 0, "due_at", "2026-02-30T10:00:00Z"),
            "commitments[0].due_at",
            "out of range",
        ),
        (_set("projects", 0, "start_date", "2026-02-30"), "projects[0].start_date", "date"),
        (_set("projects", 0, "price", "12.345"), "projects[0].price", "two decimals"),
        (_set("customers", 0, "colour", "red"), "customers[0].colour", "not a field"),
        (_set("customers", 0, "timezone", "Mars/Olympus"), "customers[0].timezone", "zone"),
        (_set("customers", 0, "cadence_days", "30"), "customers[0].cadence_days", "whole"),
        (_set("interactions", 0, "customer_id", 99), "interactions[0].customer_id", "not in"),
        (_set("contacts", 0, "customer_id", None), "contacts[0].customer_id", "null"),
        (
            _set("interaction_contacts", 0, "contact_id", 7),
            "interaction_contacts[0].contact_id",
            "not in the file",
        ),
        (_set("settings", 0, "key", None), "settings[0].key", "null"),
        (lambda d: d.update(version=2), "version", "not supported"),
        (lambda d: d.update(format="other"), "format", "custjournal"),
        (lambda d: d.update(gadgets=[]), "gadgets", "not a part"),
        (lambda d: d["customers"][0].pop("name"), "customers[0].name", "required"),
        (lambda d: d.update(customers={}), "customers", "list"),
    ],
)
def test_a_bad_file_changes_nothing_and_names_the_first_bad_field(
    journal: Journal,
    change: Callable[[dict[str, Any]], None],
    path: str,
    words: str,
) -> None:
    before = snapshot(journal)
    with pytest.raises(ValidationError) as caught:
        json_format.import_journal(journal, _example_with(change), now=NOW)
    assert caught.value.field == path
    assert words in caught.value.problem
    assert snapshot(journal) == before


def test_a_journal_that_is_not_empty_is_refused_and_unchanged(
    journal: Journal, helsinki: Any
) -> None:
    before = snapshot(journal)
    with pytest.raises(ValidationError) as caught:
        json_format.import_journal(journal, _docs_example(), now=NOW)
    assert caught.value.field == "journal"
    assert snapshot(journal) == before


def test_syntax_errors_name_the_line() -> None:
    with pytest.raises(ValidationError) as caught:
        json_format.loads('{\n  "format": "custjournal",\n  "version": 1,,\n}')
    assert caught.value.field == "line 3"


def test_a_failure_while_writing_leaves_the_journal_empty(journal: Journal) -> None:
    # Two customers with one name pass the field checks but break the unique constraint in
    # the middle of the writing: nothing of the file may stay behind.
    data = _example_with(
        lambda d: d["customers"].append({"id": 2, "name": "Lakeside Dental", "timezone": "UTC"})
    )
    before = snapshot(journal)
    with pytest.raises(Exception):  # noqa: B017 - which error is the next test's business
        json_format.import_journal(journal, data, now=NOW)
    assert snapshot(journal) == before


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (
            lambda d: d["customers"].append({"id": 2, "name": "Lakeside Dental"}),
            "customers[1].name",
        ),
        (
            lambda d: d["commitments"].extend(
                [
                    dict(d["commitments"][0], id=2, uid="same"),
                    dict(d["commitments"][0], id=3, uid="same"),
                ]
            ),
            "commitments[2].uid",
        ),
    ],
)
def test_repeated_unique_values_are_named_by_path(
    journal: Journal, change: Callable[[dict[str, Any]], None], path: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        json_format.import_journal(journal, _example_with(change), now=NOW)
    assert caught.value.field == path


def test_an_amount_too_large_to_store_is_named_by_path(journal: Journal) -> None:
    data = _example_with(_set("projects", 0, "price", "9999999999999999999999"))
    with pytest.raises(ValidationError) as caught:
        json_format.import_journal(journal, data, now=NOW)
    assert caught.value.field == "projects[0].price"


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (_set("customers", 0, "cadence_days", 2**31), "customers[0].cadence_days"),
        (
            _set("commitments", 0, "duration_minutes", -(2**31) - 1),
            "commitments[0].duration_minutes",
        ),
        (_set("contacts", 0, "version", 2**40), "contacts[0].version"),
    ],
)
def test_a_whole_number_too_large_for_its_column_is_named_by_path(
    journal: Journal, change: Callable[[dict[str, Any]], None], path: str
) -> None:
    # INTEGER columns hold 32 bits on PostgreSQL: a file must import on either database.
    before = snapshot(journal)
    with pytest.raises(ValidationError) as caught:
        json_format.import_journal(journal, _example_with(change), now=NOW)
    assert caught.value.field == path
    assert "out of range" in caught.value.problem
    assert snapshot(journal) == before


def test_a_runaway_rule_from_a_file_is_kept_and_the_agenda_stays_bounded(
    journal: Journal,
) -> None:
    # Calendar imports keep a runaway rule as written (with a warning), so a journal file may
    # hold one; importing it must work for the round trip, and the agenda must stay sane.
    data = _example_with(_set("commitments", 0, "rrule", "FREQ=SECONDLY"))
    json_format.import_journal(journal, data, now=NOW)
    window = commitments.agenda(journal, start=NOW, end=NOW + timedelta(days=3650))
    assert len(window) <= 1


def test_money_survives_the_round_trip_to_the_cent(
    journal: Journal,
    helsinki: Any,
    now: datetime,
    fresh: Callable[[str], Journal],
) -> None:
    for price in ("0.10", "0.20", "999999999999.99", "1234.56"):
        projects.create_project(
            journal, customer_id=helsinki.id, name=f"P {price}", now=now, price=price
        )
    target = fresh("money")
    first, second = round_trip(journal, target)
    assert first == second
    prices = sorted(p.price for p in projects.list_projects(target))
    assert prices == sorted(Decimal(p) for p in ("0.10", "0.20", "999999999999.99", "1234.56"))
    assert customers.get_customer(target, helsinki.id).name == "Lakeside Dental"
