"""One contact import over the journal: a transaction to write, a read-only session to preview.

vCard and CSV imports differ only in how they read their files; once they hold
`ContactRecord`s they preview and apply them the same way, here.
"""

from __future__ import annotations

from datetime import datetime

from custjournal.services.interchange.common import Cancelled, ImportReport, Progress, Ticker
from custjournal.services.interchange.contacts_io import ContactRecord, upsert_contacts
from custjournal.store import Journal


def run_contact_import(
    journal: Journal,
    records: list[ContactRecord],
    *,
    customer: str | None,
    create_customers: bool,
    now: datetime,
    write: bool,
    progress: Progress | None,
    cancelled: Cancelled | None,
    warnings: list[str],
) -> ImportReport:
    """Upsert `records`: in one transaction when `write`, else in a session that never commits.

    Preview and import go through the same code so the preview shows what the import does.
    """
    ticker = Ticker(len(records), progress, cancelled)
    with journal.transaction() if write else journal.reading() as session:
        return upsert_contacts(
            session,
            records,
            customer=customer,
            create_customers=create_customers,
            now=now,
            write=write,
            ticker=ticker,
            warnings=warnings,
        )
