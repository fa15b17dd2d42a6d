"""iCalendar in and out: calendar events become appointments, promises go out as to-dos.

Import is two steps so the window can show what will happen first:
`parse_ics` (file -> records, no database), `preview_ics` (what would be created, updated,
left alone or skipped, and why) and `apply_ics` (the same decisions, written in one
transaction: all or nothing). `import_ics` does all three for the command line.
How one entry becomes a commitment row is in ics_rows; export (`export_ics`) is in
ics_export and re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from custjournal.domain import Commitment, Customer
from custjournal.domain.enums import CommitmentStatus
from custjournal.services.interchange.common import (
    Cancelled,
    CustomerIndex,
    ImportReport,
    Progress,
    Skipped,
    Ticker,
)
from custjournal.services.interchange.ics_export import export_ics
from custjournal.services.interchange.ics_item import IcsItem
from custjournal.services.interchange.ics_parse import ParsedCalendar, parse_ics
from custjournal.services.interchange.ics_rows import (
    COMPARED,
    AttendeeMatcher,
    column_values,
    create_row,
    update_row,
)
from custjournal.services.settings import user_timezone
from custjournal.store import Journal

__all__ = [
    "IcsPreview",
    "PlannedEvent",
    "apply_ics",
    "export_ics",
    "import_ics",
    "parse_ics",
    "preview_ics",
]


@dataclass(frozen=True, slots=True)
class PlannedEvent:
    """What importing one calendar entry does: create, update, unchanged or skip."""

    action: str
    line: int
    uid: str
    kind: str
    title: str
    starts_at: datetime | None
    timezone: str
    customer: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class IcsPreview:
    source: str
    events: tuple[PlannedEvent, ...]
    report: ImportReport


def _run(
    session: Session,
    parsed: ParsedCalendar,
    *,
    customer: str | None,
    now: datetime,
    write: bool,
    ticker: Ticker,
) -> IcsPreview:
    index = CustomerIndex(session)
    fallback: Customer | None = index.require(customer) if customer else None
    matcher = AttendeeMatcher(session)
    user_tz = user_timezone(session)
    uids = [item.uid for item in parsed.items]
    existing: dict[str, Commitment] = {}
    for chunk in range(0, len(uids), 500):
        for row in session.scalars(
            select(Commitment).where(Commitment.uid.in_(uids[chunk : chunk + 500]))
        ):
            existing[row.uid] = row
    names = {c_id: c.name for c_id, c in ((c.id, c) for c in session.scalars(select(Customer)))}
    warnings = list(parsed.warnings)
    planned: list[PlannedEvent] = []
    counts = {"create": 0, "update": 0, "unchanged": 0}
    skipped = [
        Skipped(f"{parsed.source} line {line}", title, why) for line, title, why in parsed.skipped
    ]
    for item in parsed.items:
        ticker.tick()
        where = f"{parsed.source} line {item.line}"
        warnings.extend(item.warnings)
        values = column_values(item, item.zone_name or user_tz, where, warnings)
        row = existing.get(item.uid)
        customer_id, contact = matcher.customer(item, index)
        if row is not None:
            customer_id = row.customer_id
        elif customer_id is None and fallback is not None:
            customer_id = fallback.id
        if customer_id is None:
            reason = "no attendee is one of your contacts; name a customer to assign it"
            skipped.append(Skipped(where, item.title, reason))
            planned.append(_plan("skip", item, values, "", reason))
            continue
        if row is None:
            action = "create"
            if write:
                create_row(session, item, values, customer_id, contact, matcher, now)
        elif any(getattr(row, k) != values[k] for k in COMPARED) or (
            item.cancelled != (row.status == CommitmentStatus.CANCELLED)
        ):
            action = "update"
            if write:
                update_row(row, item, values, now)
        else:
            action = "unchanged"
        counts[action] += 1
        planned.append(_plan(action, item, values, names.get(customer_id, ""), ""))
    report = ImportReport(
        created=counts["create"],
        updated=counts["update"],
        unchanged=counts["unchanged"],
        skipped=tuple(skipped),
        warnings=tuple(warnings),
    )
    return IcsPreview(parsed.source, tuple(planned), report)


def _plan(action: str, item: IcsItem, values: dict[str, Any], customer: str, reason: str):
    return PlannedEvent(
        action=action,
        line=item.line,
        uid=item.uid,
        kind=item.kind.value,
        title=values["title"],
        starts_at=values["due_at"],
        timezone=values["timezone"],
        customer=customer,
        reason=reason,
    )


def preview_ics(
    journal: Journal,
    parsed: ParsedCalendar,
    *,
    customer: str | None = None,
    now: datetime,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> IcsPreview:
    """What `apply_ics` would do, computed without writing anything."""
    ticker = Ticker(len(parsed.items), progress, cancelled)
    with journal.reading() as session:
        return _run(session, parsed, customer=customer, now=now, write=False, ticker=ticker)


def apply_ics(
    journal: Journal,
    parsed: ParsedCalendar,
    *,
    customer: str | None = None,
    now: datetime,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Create or update (by UID) one appointment or promise per entry, in one transaction.

    Entries whose attendees are not known contacts go to `customer` if named, otherwise
    they are skipped and listed in the report; an entry already imported keeps its customer.
    """
    ticker = Ticker(len(parsed.items), progress, cancelled)
    with journal.transaction() as session:
        return _run(session, parsed, customer=customer, now=now, write=True, ticker=ticker).report


def import_ics(
    journal: Journal,
    data: bytes,
    *,
    source: str = "calendar",
    customer: str | None = None,
    now: datetime,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    parsed = parse_ics(data, source=source, progress=progress, cancelled=cancelled)
    return apply_ics(
        journal, parsed, customer=customer, now=now, progress=progress, cancelled=cancelled
    )
