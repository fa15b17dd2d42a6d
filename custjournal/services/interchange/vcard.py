"""vCard 3.0 / 4.0 address books in and out: one card per contact, ORG names the customer.

Import is `parse_vcards` (file -> records, in vcard_parse), `preview_vcards` (what would
happen) and `apply_vcards` (one transaction); `import_vcards` does both for the command line.
Export (`export_vcards`) lives in vcard_export. Both are re-exported here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from custjournal.services.interchange.common import Cancelled, ImportReport, Progress, Skipped
from custjournal.services.interchange.contacts_apply import run_contact_import
from custjournal.services.interchange.vcard_export import export_vcards
from custjournal.services.interchange.vcard_parse import VERSIONS, ParsedCards, parse_vcards
from custjournal.store import Journal

__all__ = [
    "VERSIONS",
    "ParsedCards",
    "apply_vcards",
    "export_vcards",
    "import_vcards",
    "parse_vcards",
    "preview_vcards",
]


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
