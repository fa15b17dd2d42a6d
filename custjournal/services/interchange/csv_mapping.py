"""Which spreadsheet column holds which contact field, and each row read as a contact."""

from __future__ import annotations

from custjournal.domain import ValidationError
from custjournal.services.interchange.contacts_io import ContactRecord, clean_channel, clean_email
from custjournal.services.interchange.csv_read import CsvTable

FIELDS = (
    "customer",
    "name",
    "first_name",
    "last_name",
    "role",
    "form_of_address",
    "email",
    "phone",
    "preferred_channel",
    "notes",
)
# Header names as Outlook, Google Contacts, Apple Numbers exports and people write them.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer": ("customer", "company", "organization", "organisation", "organization 1 - name",
                 "company name", "org", "account", "account name", "firma", "kunde"),
    "name": ("name", "full name", "display name", "contact", "contact name"),
    "first_name": ("first name", "given name", "firstname", "forename", "vorname"),
    "last_name": ("last name", "family name", "surname", "lastname", "nachname"),
    "role": ("role", "job title", "title", "position", "organization 1 - title"),
    "form_of_address": ("form of address", "salutation", "address as", "anrede"),
    "email": ("email", "e-mail", "e-mail address", "email address", "e-mail 1 - value",
              "primary email", "mail", "work email"),
    "phone": ("phone", "telephone", "business phone", "work phone", "phone 1 - value",
              "mobile phone", "mobile", "primary phone", "telefon"),
    "preferred_channel": ("preferred channel", "channel"),
    "notes": ("notes", "note", "comments", "comment"),
}  # fmt: skip


def _norm(header: str) -> str:
    return " ".join(header.replace("_", " ").split()).casefold()


def suggest_mapping(headers: tuple[str, ...]) -> dict[str, str]:
    """Contact field -> column, guessed from the header names (the window lets users change it)."""
    by_norm = {_norm(h): h for h in headers}
    mapping: dict[str, str] = {}
    for field_name, names in SYNONYMS.items():
        for name in names:
            if name in by_norm and by_norm[name] not in mapping.values():
                mapping[field_name] = by_norm[name]
                break
    return mapping


def parse_mapping(specs: list[str], headers: tuple[str, ...]) -> dict[str, str]:
    """`field=Column` items (from --map) on top of the suggested mapping."""
    mapping = suggest_mapping(headers)
    for spec in specs:
        for item in spec.split(","):
            field_name, sep, column = item.partition("=")
            field_name = field_name.strip().replace("-", "_")
            if not sep:
                raise ValidationError("--map", f"{item!r} is not FIELD=COLUMN")
            if column.strip():
                mapping[field_name] = column.strip()
            else:
                mapping.pop(field_name, None)
    return mapping


def check_mapping(mapping: dict[str, str], headers: tuple[str, ...]) -> None:
    for field_name, column in mapping.items():
        if field_name not in FIELDS:
            raise ValidationError("mapping", f"{field_name!r} is not one of {', '.join(FIELDS)}")
        if column not in headers:
            raise ValidationError(
                "mapping", f"{field_name}: no column {column!r} (columns: {', '.join(headers)})"
            )
    if "name" not in mapping and not {"first_name", "last_name"} & mapping.keys():
        raise ValidationError(
            "mapping", "say which column holds the name (name, or first_name and last_name)"
        )


def contact_records(
    table: CsvTable, mapping: dict[str, str], warnings: list[str]
) -> list[ContactRecord]:
    """Every row as a contact under `mapping`; a row with no name is refused with its line."""
    check_mapping(mapping, table.headers)
    position = {f: table.headers.index(c) for f, c in mapping.items()}
    records = []
    for line, cells in table.rows:
        where = f"{table.source} line {line}"
        value = {f: cells[i].strip() for f, i in position.items()}
        name = value.get("name") or " ".join(
            v for v in (value.get("first_name", ""), value.get("last_name", "")) if v
        )
        if not name:
            raise ValidationError(where, "has no name in the mapped name column(s)")
        records.append(
            ContactRecord(
                where=where,
                name=name,
                organisation=value.get("customer", ""),
                role=value.get("role", ""),
                form_of_address=value.get("form_of_address", ""),
                email=clean_email(value.get("email", ""), where, warnings),
                phone=value.get("phone", ""),
                preferred_channel=clean_channel(
                    value.get("preferred_channel", ""), where, warnings
                ),
                notes=value.get("notes", ""),
            )
        )
    return records
