"""Spreadsheets: contacts in (with a column mapping), interactions and commitments out.

Import is `read_csv` (file -> table), `suggest_mapping` (header names -> contact fields),
`preview_csv` (the mapped rows and what would happen) and `apply_csv` (one transaction).
Export (`export_csv`, `neutralise`) lives in csv_export and is re-exported here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from custjournal.domain import ValidationError
from custjournal.services.interchange.common import (
    MAX_RECORDS,
    Cancelled,
    ImportReport,
    Progress,
    Ticker,
    check_size,
)
from custjournal.services.interchange.contacts_apply import run_contact_import
from custjournal.services.interchange.contacts_io import ContactRecord, clean_channel, clean_email
from custjournal.services.interchange.csv_export import export_csv, neutralise
from custjournal.store import Journal

__all__ = [
    "CsvPreview",
    "CsvTable",
    "apply_csv",
    "export_csv",
    "import_csv",
    "neutralise",
    "parse_mapping",
    "preview_csv",
    "read_csv",
    "suggest_mapping",
]

MAX_COLUMNS = 200
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


@dataclass(frozen=True, slots=True)
class CsvTable:
    source: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line where the record starts, cells)
    delimiter: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CsvPreview:
    mapping: dict[str, str]
    sample: tuple[dict[str, str], ...]  # the first rows as the journal would read them
    report: ImportReport


def _decode(data: bytes, source: str) -> tuple[str, list[str]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page; cp1252 reads every byte.
        return data.decode("cp1252", errors="replace"), [
            f"{source}: not UTF-8; read as Windows-1252 (check accented letters)"
        ]


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(
    data: bytes,
    *,
    source: str = "spreadsheet",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> CsvTable:
    """The header and rows of a CSV file (comma, semicolon or tab separated)."""
    check_size(data, source)
    text, warnings = _decode(data, source)
    if "\x00" in text:
        raise ValidationError(source, "holds NUL bytes; it is not a text CSV file")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, tuple[str, ...]]] = []
    headers: tuple[str, ...] = ()
    ticker = Ticker(MAX_RECORDS, None, cancelled)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ValidationError(f"{source} line {start}", f"is not valid CSV ({exc})") from None
        ticker.tick()
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > MAX_COLUMNS:
            raise ValidationError(f"{source} line {start}", f"more than {MAX_COLUMNS} columns")
        if not headers:
            headers = _unique([c.strip() for c in cells])
            continue
        if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
            raise ValidationError(
                f"{source} line {start}",
                f"{len(cells)} cells but the header line has {len(headers)} columns",
            )
        if len(rows) >= MAX_RECORDS:
            raise ValidationError(
                f"{source} line {start}", f"more than {MAX_RECORDS:,} rows; split the file"
            )
        cells = (cells + [""] * len(headers))[: len(headers)]
        rows.append((start, tuple(cells)))
    if not headers:
        raise ValidationError(source, "is empty (the first line must name the columns)")
    if progress is not None:
        progress(len(rows), len(rows))
    return CsvTable(source, headers, tuple(rows), delimiter, tuple(warnings))


def _unique(headers: list[str]) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    out = []
    for number, header in enumerate(headers, start=1):
        header = header or f"column {number}"
        seen[header] = seen.get(header, 0) + 1
        out.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return tuple(out)


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


def _records(table: CsvTable, mapping: dict[str, str], warnings: list[str]) -> list[ContactRecord]:
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


def _run(journal, table, mapping, *, customer, create_customers, now, write, progress, cancelled):
    warnings = list(table.warnings)
    records = _records(table, mapping, warnings)
    report = run_contact_import(
        journal, records, customer=customer, create_customers=create_customers, now=now,
        write=write, progress=progress, cancelled=cancelled, warnings=warnings,
    )  # fmt: skip
    return records, report


def preview_csv(
    journal: Journal,
    table: CsvTable,
    mapping: dict[str, str],
    *,
    customer: str | None = None,
    create_customers: bool = True,
    now: datetime,
    sample_size: int = 20,
) -> CsvPreview:
    """The rows as the mapping reads them, and what importing would do; nothing is written."""
    records, report = _run(
        journal, table, mapping, customer=customer, create_customers=create_customers,
        now=now, write=False, progress=None, cancelled=None,
    )  # fmt: skip
    sample = tuple(
        {"line": r.where.rsplit(" ", 1)[-1], "customer": r.organisation, "name": r.name,
         "role": r.role, "email": r.email, "phone": r.phone}
        for r in records[:sample_size]
    )  # fmt: skip
    return CsvPreview(dict(mapping), sample, report)


def apply_csv(
    journal: Journal,
    table: CsvTable,
    mapping: dict[str, str],
    *,
    customer: str | None = None,
    create_customers: bool = True,
    now: datetime,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Add or update the mapped contacts in one transaction (the company column names the
    customer, created when missing unless `create_customers` is off)."""
    return _run(
        journal, table, mapping, customer=customer, create_customers=create_customers,
        now=now, write=True, progress=progress, cancelled=cancelled,
    )[1]  # fmt: skip


def import_csv(
    journal: Journal,
    data: bytes,
    *,
    source: str = "spreadsheet",
    mapping: dict[str, str] | None = None,
    customer: str | None = None,
    create_customers: bool = True,
    now: datetime,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    table = read_csv(data, source=source, cancelled=cancelled)
    return apply_csv(
        journal, table, mapping if mapping is not None else suggest_mapping(table.headers),
        customer=customer, create_customers=create_customers, now=now, progress=progress,
        cancelled=cancelled,
    )  # fmt: skip
