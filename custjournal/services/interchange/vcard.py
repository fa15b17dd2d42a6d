"""vCard 3.0 / 4.0 address books in and out: one card per contact, ORG names the customer."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select

from custjournal.domain import Contact, Customer, ValidationError
from custjournal.services.interchange.common import (
    MAX_RECORDS,
    Cancelled,
    CustomerIndex,
    ExportResult,
    ImportReport,
    Progress,
    Skipped,
    Ticker,
    check_size,
    decode_text,
)
from custjournal.services.interchange.contacts_apply import run_contact_import
from custjournal.services.interchange.contacts_io import ContactRecord, clean_channel, clean_email
from custjournal.services.interchange.contentlines import (
    Component,
    ContentLine,
    escape,
    fold,
    scan,
    split_unescaped,
    unescape,
)
from custjournal.store import Journal

SKIPPED_PROPERTIES = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
VERSIONS = ("3.0", "4.0")


@dataclass(frozen=True, slots=True)
class ParsedCards:
    source: str
    records: tuple[ContactRecord, ...]
    skipped: tuple[tuple[str, str, str], ...]  # (where, name, reason)
    warnings: tuple[str, ...]


def _types(line: ContentLine) -> set[str]:
    found = {t.strip().lower() for v in line.params.get("TYPE", []) for t in v.split(",")}
    if line.param("PREF"):
        found.add("pref")
    return found


def _best(lines: list[ContentLine], *wanted: str) -> ContentLine | None:
    """The preferred line of several (EMAIL, TEL): marked pref, then the wanted type, else first."""
    for mark in ("pref", *wanted):
        for line in lines:
            if mark in _types(line):
                return line
    return lines[0] if lines else None


def _text(card: Component, name: str) -> str:
    line = card.first(name)
    return unescape(line.value).strip() if line else ""


def _record(card: Component, number: int, source: str, warnings: list[str]) -> ContactRecord | str:
    where = f"{source} record {number} (line {card.line})"
    if card.children:
        child = card.children[0]
        raise ValidationError(
            f"{source} record {number} (line {child.line})",
            f"BEGIN:{child.name} inside a vCard is not supported",
        )
    version = _text(card, "VERSION") or "3.0"
    if version not in VERSIONS:
        raise ValidationError(
            f"{source} record {number} (line {card.line_of('VERSION')})",
            f"vCard {version} is not supported; export the address book as vCard 3.0 or 4.0",
        )
    if card.skipped:
        warnings.append(f"{where}: photo, logo, sound or key not imported")
    kind = (_text(card, "KIND") or _text(card, "X-ABSHOWAS")).lower()
    name_parts = [unescape(p).strip() for p in split_unescaped(_text_raw(card, "N"), ";")]
    family, given = (name_parts + ["", ""])[:2]
    prefix = name_parts[3] if len(name_parts) > 3 else ""
    name = _text(card, "FN") or " ".join(p for p in (given, family) if p)
    if kind in ("org", "company", "group", "location"):
        return f"a {kind} card, not a person"
    if not name:
        raise ValidationError(where, "has no name (FN or N)")
    org_line = card.first("ORG")
    organisation = unescape(split_unescaped(org_line.value, ";")[0]).strip() if org_line else ""
    email_line = _best(card.all("EMAIL"), "work", "internet")
    tel_line = _best(card.all("TEL"), "work", "cell", "voice")
    phone = unescape(tel_line.value).strip() if tel_line else ""
    form = _text(card, "X-CUSTJOURNAL-FORM-OF-ADDRESS")
    if not form and prefix and family:
        form = f"{prefix} {family}"
    return ContactRecord(
        where=where,
        name=name,
        organisation=organisation,
        role=_text(card, "TITLE") or _text(card, "ROLE"),
        form_of_address=form,
        email=clean_email(unescape(email_line.value) if email_line else "", where, warnings),
        phone=phone.removeprefix("tel:"),
        preferred_channel=clean_channel(_text(card, "X-CUSTJOURNAL-CHANNEL"), where, warnings),
        notes=_text(card, "NOTE"),
    )


def _text_raw(card: Component, name: str) -> str:
    line = card.first(name)
    return line.value if line else ""


def parse_vcards(
    data: bytes,
    *,
    source: str = "address book",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParsedCards:
    """Every contact card in `data`; a bad card raises ValidationError naming record and line."""
    check_size(data, source)
    text = decode_text(data, source)
    cards = scan(text, source=source, skip=SKIPPED_PROPERTIES, max_components=MAX_RECORDS)
    ticker = Ticker(len(cards), progress, cancelled)
    records: list[ContactRecord] = []
    skipped: list[tuple[str, str, str]] = []
    warnings: list[str] = []
    for number, card in enumerate(cards, start=1):
        ticker.tick()
        if card.name != "VCARD":
            raise ValidationError(
                f"{source} line {card.line}", f"expected BEGIN:VCARD, found BEGIN:{card.name}"
            )
        record = _record(card, number, source, warnings)
        if isinstance(record, str):
            skipped.append(
                (f"{source} record {number} (line {card.line})", _text(card, "FN"), record)
            )
        else:
            records.append(record)
    return ParsedCards(source, tuple(records), tuple(skipped), tuple(warnings))


def _apply(
    journal: Journal,
    parsed: ParsedCards,
    *,
    customer: str | None,
    create_customers: bool,
    now: datetime,
    write: bool,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ImportReport:
    report = run_contact_import(
        journal,
        list(parsed.records),
        customer=customer,
        create_customers=create_customers,
        now=now,
        write=write,
        progress=progress,
        cancelled=cancelled,
        warnings=list(parsed.warnings),
    )
    # Cards left out while reading (company cards) are listed before those left out here.
    extra = tuple(Skipped(w, n, r) for w, n, r in parsed.skipped)
    return replace(report, skipped=extra + report.skipped)


def preview_vcards(
    journal: Journal,
    parsed: ParsedCards,
    *,
    customer: str | None = None,
    create_customers: bool = True,
    now: datetime,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """What `apply_vcards` would do, computed without writing anything."""
    return _apply(
        journal,
        parsed,
        customer=customer,
        create_customers=create_customers,
        now=now,
        write=False,
        progress=progress,
        cancelled=cancelled,
    )


def apply_vcards(
    journal: Journal,
    parsed: ParsedCards,
    *,
    customer: str | None = None,
    create_customers: bool = True,
    now: datetime,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Add or update every contact in one transaction; ORG names the customer (made if new)."""
    return _apply(
        journal,
        parsed,
        customer=customer,
        create_customers=create_customers,
        now=now,
        write=True,
        progress=progress,
        cancelled=cancelled,
    )


def import_vcards(
    journal: Journal,
    data: bytes,
    *,
    source: str = "address book",
    customer: str | None = None,
    create_customers: bool = True,
    now: datetime,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    parsed = parse_vcards(data, source=source, progress=progress, cancelled=cancelled)
    return apply_vcards(
        journal,
        parsed,
        customer=customer,
        create_customers=create_customers,
        now=now,
        progress=progress,
        cancelled=cancelled,
    )


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
