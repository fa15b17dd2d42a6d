"""Reading vCard 3.0 / 4.0 address books into contact records (no database).

The content-line scanner checks structure and limits first, so every bad card is named by
its record number and line; photos, logos, sounds and keys are skipped while scanning.
"""

from __future__ import annotations

from dataclasses import dataclass

from custjournal.domain import ValidationError
from custjournal.services.interchange.common import (
    MAX_RECORDS,
    Cancelled,
    Progress,
    Ticker,
    check_size,
    decode_text,
)
from custjournal.services.interchange.contacts_io import ContactRecord, clean_channel, clean_email
from custjournal.services.interchange.contentlines import (
    Component,
    ContentLine,
    scan,
    split_unescaped,
    unescape,
)

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
