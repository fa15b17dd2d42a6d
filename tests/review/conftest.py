"""A small journal seen on Monday 23 November 2026 (ISO week 2026-W48) from Lisbon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custjournal.services import commitments as c
from custjournal.services import customers
from custjournal.services import journal as notes
from custjournal.services.settings import set_setting
from custjournal.store import Journal

HELSINKI = ZoneInfo("Europe/Helsinki")
MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 08:00 in Lisbon
LONG_AGO = MONDAY - timedelta(days=60)


@dataclass(frozen=True)
class Week:
    kiosk: int
    quote: int
    data: int
    overdue_slides: int
    on_time: int
    late: int
    broken: int
    slipped: int


def _at(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=HELSINKI)


@pytest.fixture
def week(journal: Journal) -> Week:
    with journal.transaction() as session:
        set_setting(session, "user.timezone", "Europe/Lisbon")
    aurora = customers.create_customer(
        journal, name="Aurora <Hotels>", now=LONG_AGO, timezone="Europe/Helsinki", stage="active"
    ).id
    quiet = customers.create_customer(
        journal, name="Quiet Oy", now=LONG_AGO, timezone="Europe/Helsinki", stage="active"
    ).id
    notes.log_interaction(
        journal, customer_id=aurora, now=MONDAY - timedelta(days=3), body="Call", kind="call"
    )
    notes.log_interaction(
        journal, customer_id=quiet, now=MONDAY - timedelta(days=40), body="Hi", kind="call"
    )
    kiosk = c.add_appointment(
        journal, customer_id=aurora, title="Kiosk walkthrough", starts_at=_at(26, 8),
        duration_minutes=60, now=LONG_AGO, location="Hotel Aurora", confirmed=True,
    ).id  # fmt: skip
    quote = c.add_promise(
        journal, customer_id=aurora, title="Send the <script>quote</script>", due_at=_at(25, 17),
        now=LONG_AGO,
    ).id  # fmt: skip
    data = c.add_promise(
        journal, customer_id=aurora, title="Test data", due_at=_at(27, 17), now=LONG_AGO,
        direction="theirs",
    ).id  # fmt: skip
    slides = c.add_promise(
        journal, customer_id=aurora, title="Slides", due_at=_at(10, 17), now=LONG_AGO
    ).id
    # Last week (16-22 November): one kept on time, one late, one broken, one still open.
    on_time = c.add_promise(
        journal, customer_id=aurora, title="Agenda", due_at=_at(18, 17), now=LONG_AGO
    ).id
    c.complete_commitment(journal, commitment_id=on_time, now=_at(18, 12))
    late = c.add_promise(
        journal, customer_id=aurora, title="Minutes", due_at=_at(19, 17), now=LONG_AGO
    ).id
    c.complete_commitment(journal, commitment_id=late, now=_at(21, 10))
    broken = c.add_promise(
        journal, customer_id=aurora, title="Logs", due_at=_at(20, 17), now=LONG_AGO,
        direction="theirs",
    ).id  # fmt: skip
    c.mark_broken(journal, commitment_id=broken, now=_at(21, 10))
    slipped = c.add_promise(
        journal, customer_id=aurora, title="Invoice", due_at=_at(22, 17), now=LONG_AGO
    ).id
    return Week(kiosk, quote, data, slides, on_time, late, broken, slipped)
