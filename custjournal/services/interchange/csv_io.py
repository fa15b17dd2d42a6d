"""Spreadsheets: contacts in (with a column mapping), interactions and commitments out.

Import is `read_csv` (file -> table, in csv_read), `suggest_mapping` (header names -> contact
fields, in csv_mapping), `preview_csv` (the mapped rows and what would happen) and `apply_csv`
(one transaction). Export (`export_csv`, `neutralise`) lives in csv_export. The names other
modules use from those are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from custjournal.services.interchange.common import Cancelled, ImportReport, Progress
from custjournal.services.interchange.contacts_apply import run_contact_import
from custjournal.services.interchange.csv_export import export_csv, neutralise
from custjournal.services.interchange.csv_mapping import (
    FIELDS,
    check_mapping,
    contact_records,
    parse_mapping,
    suggest_mapping,
)
from custjournal.services.interchange.csv_read import CsvTable, read_csv
from custjournal.store import Journal

__all__ = [
    "FIELDS",
    "CsvPreview",
    "CsvTable",
    "apply_csv",
    "check_mapping",
    "export_csv",
    "import_csv",
    "neutralise",
    "parse_mapping",
    "preview_csv",
    "read_csv",
    "suggest_mapping",
]


@dataclass(frozen=True, slots=True)
class CsvPreview:
    mapping: dict[str, str]
    sample: tuple[dict[str, str], ...]  # the first rows as the journal would read them
    report: ImportReport


def _run(journal, table, mapping, *, customer, create_customers, now, write, progress, cancelled):
    warnings = list(table.warnings)
    records = contact_records(table, mapping, warnings)
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
