"""Writing contacts as vCard 3.0 / 4.0 cards: one card per contact, ORG names the customer."""

from __future__ import annotations

from sqlalchemy import select

from custjournal.domain import Contact, Customer, ValidationError
from custjournal.services.interchange.common import (
    Cancelled,
    CustomerIndex,
    ExportResult,
    Progress,
    Ticker,
)
from custjournal.services.interchange.contentlines import escape, fold
from custjournal.services.interchange.vcard_parse import VERSIONS
from custjournal.store import Journal


def _card(contact: Contact, customer: str, version: str) -> str:
    words = contact.name.split()
    family = words[-1] if words else ""
    given = " ".join(words[:-1])
    work = "WORK" if version == "3.0" else "work"
    lines = [
        "BEGIN:VCARD",
        f"VERSION:{version}",
        "PRODID:-//custjournal//custjournal//EN",
        f"UID:urn:custjournal:contact:{contact.id}",
        f"FN:{escape(contact.name)}",
        f"N:{escape(family)};{escape(given)};;;",
        f"ORG:{escape(customer)}",
    ]
    if contact.role:
        lines.append(f"TITLE:{escape(contact.role)}")
    if contact.email:
        kind = "INTERNET,WORK" if version == "3.0" else "work"
        lines.append(f"EMAIL;TYPE={kind}:{contact.email}")
    if contact.phone:
        lines.append(f"TEL;TYPE={work}:{escape(contact.phone)}")
    if contact.notes:
        lines.append(f"NOTE:{escape(contact.notes)}")
    if contact.form_of_address:
        lines.append(f"X-CUSTJOURNAL-FORM-OF-ADDRESS:{escape(contact.form_of_address)}")
    if contact.preferred_channel is not None:
        lines.append(f"X-CUSTJOURNAL-CHANNEL:{contact.preferred_channel.value}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def export_vcards(
    journal: Journal,
    *,
    customer: str | None = None,
    version: str = "3.0",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Every contact (or one customer's) as vCards; 3.0 is what most address books read best."""
    if version not in VERSIONS:
        raise ValidationError("version", f"{version!r} is not one of {', '.join(VERSIONS)}")
    with journal.reading() as session:
        stmt = select(Contact, Customer.name).join(Customer).order_by(Customer.name, Contact.id)
        if customer:
            stmt = stmt.where(Customer.id == CustomerIndex(session).require(customer).id)
        rows = list(session.execute(stmt))
        ticker = Ticker(len(rows), progress, cancelled)
        parts = []
        for contact, name in rows:
            ticker.tick()
            parts.append(_card(contact, name, version))
    return ExportResult("".join(parts), len(rows))
