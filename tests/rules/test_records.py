"""The rules' records hold every time in UTC, whoever builds them (a test, an importer), so
a duration is real across a DST change; a time without a zone is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from custjournal.rules.snapshot import CommitmentRecord, InteractionRecord, ProjectRecord

HELSINKI = ZoneInfo("Europe/Helsinki")


def test_times_in_another_zone_are_held_in_utc() -> None:
    # The night the clocks go forward in Helsinki: 02:00 EET to 09:00 EEST is 6 real hours.
    before = datetime(2026, 3, 29, 2, 0, tzinfo=HELSINKI)
    after = datetime(2026, 3, 29, 9, 0, tzinfo=HELSINKI)
    note = InteractionRecord(id=1, customer_id=1, occurred_at=before)
    meeting = CommitmentRecord(id=2, customer_id=1, title="Review", due_at=after)
    assert note.occurred_at.tzinfo is UTC and meeting.due_at.tzinfo is UTC
    assert (meeting.due_at - note.occurred_at).total_seconds() == 6 * 3600
    assert meeting.due_at == after  # the same moment


def test_optional_times_are_converted_too_and_none_stays_none() -> None:
    project = ProjectRecord(
        id=1, customer_id=1, name="Audit",
        agreed_at=datetime(2026, 10, 25, 3, 30, tzinfo=HELSINKI), delivered_at=None,
    )  # fmt: skip
    assert project.agreed_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert project.agreed_at.tzinfo is UTC and project.delivered_at is None


def test_a_time_without_a_zone_is_refused_naming_the_field() -> None:
    with pytest.raises(ValueError, match="CommitmentRecord.due_at: naive time"):
        CommitmentRecord(id=2, customer_id=1, title="Review", due_at=datetime(2026, 3, 29, 9))


def test_replacing_a_field_keeps_the_record_type_and_the_rest() -> None:
    meeting = CommitmentRecord(id=2, customer_id=1, title="Review",
                               due_at=datetime(2026, 3, 29, 9, tzinfo=UTC))  # fmt: skip
    moved = meeting._replace(title="Steering group")
    assert type(moved) is CommitmentRecord and moved.is_open and moved.due_at == meeting.due_at
