"""Today's agenda rows come back from the start-up cache exactly as they were read."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta

import pytest

from custjournal.domain.enums import (
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    FollowUpKind,
)
from custjournal.services import commitments, customers, today_rows
from custjournal.services.commitment_views import AgendaItem, CommitmentView

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)


def _every_field_set() -> CommitmentView:
    return CommitmentView(
        id=7, uid="c-7", customer_id=3, customer_name="Acme Oy", project_id=11, contact_id=5,
        kind=CommitmentKind.APPOINTMENT, direction=Direction.THEIRS, title="Review “Q4”",
        details="Bring the numbers", due_at=NOW + timedelta(days=1), timezone="Europe/Helsinki",
        status=CommitmentStatus.DONE, completed_at=NOW - timedelta(hours=1),
        duration_minutes=90, location="Their office", channel=Channel.IN_PERSON,
        rrule="FREQ=WEEKLY;COUNT=4", confirmed_at=NOW - timedelta(days=2),
        follow_up=FollowUpKind.CHECK_IN, version=4,
    )  # fmt: skip


def _round_trip(items: list[AgendaItem]) -> tuple[AgendaItem, ...]:
    return today_rows.load(json.loads(json.dumps(today_rows.dump(items))))


def test_every_field_of_a_commitment_comes_back() -> None:
    full = _every_field_set()
    # No field left at its default: a field added to CommitmentView needs its reader.
    assert {f.name for f in fields(CommitmentView)} == set(today_rows.FIELDS)
    bare = replace(
        full, project_id=None, contact_id=None, completed_at=None, duration_minutes=None,
        channel=None, confirmed_at=None, follow_up=None, rrule="",
    )  # fmt: skip
    items = [
        AgendaItem(full, full.due_at),
        AgendaItem(full, full.due_at + timedelta(weeks=1)),  # a series: its next occurrence
        AgendaItem(replace(bare, id=8), NOW),
    ]
    back = _round_trip(items)
    assert back == tuple(items)
    assert back[0].commitment is back[1].commitment  # kept once, shared by its occurrences
    assert back[0].starts_at.utcoffset() == timedelta(0)


def test_the_agenda_as_the_service_reads_it_comes_back(journal) -> None:
    acme = customers.create_customer(journal, name="Acme Oy", now=NOW - timedelta(days=40))
    commitments.add_appointment(
        journal, customer_id=acme.id, title="Weekly sync", starts_at=NOW + timedelta(hours=2),
        duration_minutes=30, channel="video", rrule="FREQ=DAILY;COUNT=5", now=NOW,
    )  # fmt: skip
    commitments.add_promise(
        journal, customer_id=acme.id, title="Send the quote", due_at=NOW + timedelta(days=2),
        now=NOW,
    )  # fmt: skip
    read = commitments.agenda(journal, start=NOW, end=NOW + timedelta(days=7))
    assert len(read) == 6
    assert _round_trip(read) == tuple(read)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "meeting"),
        ("id", "7"),
        ("title", None),
        ("due_at", "2026-11-24T10:00:00"),  # no zone
        ("timezone", "Mars/Olympus_Mons"),
        ("channel", ["in-person"]),
    ],
)
def test_a_damaged_row_is_refused(field: str, value) -> None:
    data = today_rows.dump([AgendaItem(_every_field_set(), NOW)])
    data["commitments"]["7"][today_rows.FIELDS.index(field)] = value
    with pytest.raises((ValueError, KeyError, TypeError)):
        today_rows.load(data)
