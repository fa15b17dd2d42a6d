"""Helpers for the safety tests: journals with data in them, file fingerprints, damage."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from custjournal.domain import Customer, Interaction
from custjournal.store import Journal


def fill(journal: Journal, now: datetime, name: str = "Acme Oy", notes: int = 3) -> int:
    """Add a customer with a few notes; returns the customer's id."""
    with journal.transaction() as session:
        customer = Customer(name=name, created_at=now, timezone="Europe/Helsinki")
        session.add(customer)
        session.flush()
        for n in range(notes):
            session.add(
                Interaction(
                    customer_id=customer.id,
                    occurred_at=now,
                    created_at=now,
                    title=f"Meeting {n}",
                    body=f"Talked about the migration plan, part {n}",
                )
            )
        return customer.id


def names(journal: Journal) -> list[str]:
    from sqlalchemy import select  # noqa: PLC0415

    with journal.reading() as session:
        return sorted(session.scalars(select(Customer.name)))


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in `folder` with the hash of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def corrupted_copy(source: Path, target: Path) -> Path:
    """A copy of `source` with every b-tree page header after the first scribbled over."""
    data = bytearray(source.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for start in range(page, len(data), page):
        data[start : start + 8] = b"\x0d\xff\xff\xff\xff\xff\xff\xff"
    target.write_bytes(bytes(data))
    return target
