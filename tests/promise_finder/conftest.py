"""A customer in Helsinki with contacts, and a saved note full of promises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from custjournal.services import customers
from custjournal.services import journal as notes
from custjournal.services.settings import set_setting
from custjournal.store import Journal

# Wednesday 18 November 2026, 14:00 in Helsinki: when the call happened.
CALL_AT = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
NOTE = (
    "Good call with Maria and Jussi.\n"
    "Promised Maria the workshop agenda by Friday; they'll confirm the venue next week.\n"
    "Jussi said he would send the test data.\n"
    "We won't start before January."
)


@dataclass(frozen=True)
class Saved:
    customer_id: int
    interaction_id: int
    maria_id: int


@pytest.fixture
def saved(journal: Journal) -> Saved:
    with journal.transaction() as session:
        set_setting(session, "user.timezone", "Europe/Lisbon")
    customer = customers.create_customer(
        journal, name="Aalto Logistics", now=CALL_AT, timezone="Europe/Helsinki", stage="active"
    )
    maria = customers.add_contact(journal, customer_id=customer.id, name="Maria")
    customers.add_contact(journal, customer_id=customer.id, name="Jussi")
    note = notes.log_interaction(
        journal, customer_id=customer.id, now=CALL_AT, kind="call", body=NOTE
    )
    return Saved(customer.id, note.id, maria.id)
