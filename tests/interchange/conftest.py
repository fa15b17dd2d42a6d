"""Fixtures for the interchange tests: customers with contacts, sample files, the CLI."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from custjournal.domain import Contact, Customer
from custjournal.services.settings import set_setting
from custjournal.store import Journal

SAMPLES = Path(__file__).parent / "samples"

PEOPLE = (
    ("Müller GmbH", "Europe/Berlin", "Anna Müller", "anna@mueller.de"),
    ("Acme Oy", "Europe/Helsinki", "Pekka Virtanen", "pekka@acme.fi"),
    ("Northwind", "America/New_York", "Jane Doe", "jane@northwind.example"),
)


def add_people(journal: Journal, now: datetime) -> dict[str, int]:
    """Three customers, each with one contact whose e-mail calendar files mention."""
    ids = {}
    with journal.transaction() as session:
        for name, tz, person, email in PEOPLE:
            customer = Customer(name=name, timezone=tz, created_at=now)
            session.add(customer)
            session.flush()
            session.add(Contact(customer_id=customer.id, name=person, email=email))
            ids[name] = customer.id
        # The user lives in Lisbon: floating and all-day times are read on their clock.
        set_setting(session, "user.timezone", "Europe/Lisbon")
    return ids


@pytest.fixture
def people(journal: Journal, now: datetime) -> dict[str, int]:
    return add_people(journal, now)


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def run_cli(*args: str, db_url: str, now: datetime | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "custjournal", *args, "--db", db_url]
    if now is not None:
        command += ["--now", now.isoformat()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)
