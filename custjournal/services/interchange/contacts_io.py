"""Contacts read from a vCard or CSV file, and writing them under the right customer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from custjournal.domain import Contact, Customer
from custjournal.domain.enums import Channel
from custjournal.services.interchange.common import (
    CustomerIndex,
    ImportReport,
    Skipped,
    Ticker,
    clip,
    name_key,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
FIELDS = ("name", "role", "form_of_address", "email", "phone", "preferred_channel", "notes")
_SIZES = {"name": 200, "role": 200, "form_of_address": 200, "email": 320, "phone": 64}


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """One person from a file; `where` names the record and line for messages."""

    where: str
    name: str
    organisation: str = ""
    role: str = ""
    form_of_address: str = ""
    email: str = ""
    phone: str = ""
    preferred_channel: Channel | None = None
    notes: str = ""


def clean_email(value: str, where: str, warnings: list[str]) -> str:
    value = value.strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    if value and not _EMAIL.match(value):
        warnings.append(f"{where}: {value!r} is not an e-mail address; left out")
        return ""
    return value


def clean_channel(value: str, where: str, warnings: list[str]) -> Channel | None:
    text = value.strip().lower().replace("_", "-").replace(" ", "-")
    if not text:
        return None
    aliases = {"e-mail": "email", "mail": "email", "in person": "in-person", "meeting": "in-person"}
    text = aliases.get(text, text)
    if text in {c.value for c in Channel}:
        return Channel(text)
    warnings.append(f"{where}: preferred channel {value!r} is not one the journal knows; left out")
    return None


def _values(record: ContactRecord, warnings: list[str]) -> dict[str, object]:
    values: dict[str, object] = {}
    for key in FIELDS:
        value = getattr(record, key)
        if isinstance(value, str):
            value = " ".join(value.split()) if key != "notes" else value.strip()
            if key in _SIZES:
                value = clip(value, _SIZES[key], key.replace("_", " "), record.where, warnings)
        values[key] = value
    return values


def upsert_contacts(
    session: Session,
    records: list[ContactRecord],
    *,
    customer: str | None,
    create_customers: bool,
    now: datetime,
    write: bool,
    ticker: Ticker,
    warnings: list[str],
) -> ImportReport:
    """Create or update each contact under its organisation's customer.

    A contact is the same person when, under the same customer, the e-mail matches (or,
    with no e-mail on one side, the name). Updates only fill in what the file states: an
    empty cell never blanks a field already in the journal, and the name is never changed.
    """
    index = CustomerIndex(session)
    fallback = index.require(customer) if customer else None
    people_of: dict[str, _People] = {}  # by customer name key, so previews need no ids
    for contact, name in session.execute(select(Contact, Customer.name).join(Customer)):
        people_of.setdefault(name_key(name), _People()).add(contact)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    new_customers: dict[str, str] = {}
    skipped: list[Skipped] = []
    for record in records:
        ticker.tick()
        org = " ".join(record.organisation.split())
        target = index.get(org) if org else None
        target_name = target.name if target else ""
        if target is None and org and (create_customers or name_key(org) in new_customers):
            target_name = clip(org, 200, "organisation", record.where, warnings)
            new_customers.setdefault(name_key(target_name), target_name)
            if write:
                target = Customer(name=target_name, created_at=now)
                session.add(target)
                session.flush()
                index.add(target)
        elif target is None and not org and fallback is not None:
            target, target_name = fallback, fallback.name
        if not target_name:
            reason = (
                f"customer {org!r} does not exist"
                if org
                else "no organisation (ORG/company); name a customer to assign it"
            )
            skipped.append(Skipped(record.where, record.name, reason))
            continue
        values = _values(record, warnings)
        people = people_of.setdefault(name_key(target_name), _People())
        existing = people.match(values)
        if existing is None:
            counts["created"] += 1
            contact = Contact(customer_id=target.id if target else None, **values)
            people.add(contact)
            if write:
                session.add(contact)
            continue
        # The name in the journal is how the user knows them: an update never renames.
        changes = {
            k: v
            for k, v in values.items()
            if k != "name" and v not in ("", None) and getattr(existing, k) != v
        }
        if not changes:
            counts["unchanged"] += 1
            continue
        counts["updated"] += 1
        if write:
            for key, value in changes.items():
                setattr(existing, key, value)
    return ImportReport(
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        customers_created=tuple(new_customers.values()),
        skipped=tuple(skipped),
        warnings=tuple(warnings),
    )


class _People:
    """One customer's contacts, indexed by e-mail and by name so matching stays fast."""

    def __init__(self) -> None:
        self.by_email: dict[str, Contact] = {}
        self.by_name: dict[str, list[Contact]] = {}

    def add(self, person: Contact) -> None:
        if person.email:
            self.by_email.setdefault(person.email.lower(), person)
        self.by_name.setdefault(name_key(person.name), []).append(person)

    def match(self, values: dict[str, object]) -> Contact | None:
        email = str(values["email"]).lower()
        if email and email in self.by_email:
            return self.by_email[email]
        for person in self.by_name.get(name_key(str(values["name"])), []):
            if not email or not person.email:
                return person
        return None
