"""iCalendar in and out: calendar events become appointments, promises go out as to-dos.

Import is two steps so the window can show what will happen first:
`parse_ics` (file -> records, no database), `preview_ics` (what would be created, updated,
left alone or skipped, and why) and `apply_ics` (the same decisions, written in one
transaction: all or nothing). `import_ics` does all three for the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from custjournal.domain import Commitment, Contact, Customer, DueChange, ValidationError
from custjournal.domain.enums import CommitmentKind, CommitmentStatus
from custjournal.domain.recurrence import check_rrule
from custjournal.domain.times import localize, zone
from custjournal.services.interchange.common import (
    Cancelled,
    CustomerIndex,
    ImportReport,
    Progress,
    Skipped,
    Ticker,
    clip,
)
from custjournal.services.interchange.ics_export import export_ics
from custjournal.services.interchange.ics_parse import IcsItem, ParsedCalendar, parse_ics
from custjournal.services.interchange.rrules import (
    RRULE_COLUMN_SIZE,
    StoredRule,
    compose,
    runaway_reasons,
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

_COMPARED = (
    "title",
    "details",
    "due_at",
    "timezone",
    "duration_minutes",
    "location",
    "channel",
    "rrule",
    "direction",
)


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


class _Matcher:
    """Finds the customer an event belongs to from its attendees' and organizer's e-mail."""

    def __init__(self, session: Session) -> None:
        self.by_email: dict[str, list[Contact]] = {}
        for contact in session.scalars(select(Contact).where(Contact.email != "")):
            self.by_email.setdefault(contact.email.strip().lower(), []).append(contact)

    def contacts(self, emails: tuple[str, ...]) -> list[Contact]:
        return [c for e in emails for c in self.by_email.get(e, [])]

    def customer(self, item: IcsItem, index: CustomerIndex) -> tuple[int | None, Contact | None]:
        found = self.contacts(item.emails)
        if found:
            # The customer with most people at the meeting; ties go to the first attendee.
            tally: dict[int, int] = {}
            for contact in found:
                tally[contact.customer_id] = tally.get(contact.customer_id, 0) + 1
            best = max(tally, key=lambda cid: (tally[cid], -found.index(_first(found, cid))))
            return best, _first(found, best)
        if item.customer_hint:
            hinted = index.get(item.customer_hint)
            if hinted is not None:
                return hinted.id, None
        return None, None


def _first(contacts: list[Contact], customer_id: int) -> Contact:
    return next(c for c in contacts if c.customer_id == customer_id)


def _values(item: IcsItem, tz_name: str, where: str, warnings: list[str]) -> dict[str, Any]:
    """The commitment's column values as the file states them, or a ValidationError."""
    tz = zone(tz_name)
    start = localize(item.start, tz, where) if item.floating else item.start
    due_at = start.astimezone(UTC)
    exdates = tuple(localize(d, tz, where) if d.tzinfo is None else d for d in item.exdates)
    rdates = tuple(localize(d, tz, where) if d.tzinfo is None else d for d in item.rdates)
    details = item.details
    rrule = ""
    if item.rule:
        text, dropped = compose(StoredRule(item.rule, exdates, rdates), tz)
        reason = _unusable_rule(text, start, item)
        if reason:
            warnings.append(
                f"{where}: {item.title!r} repeat rule not applied ({reason}); kept in details"
            )
            details = (
                details + "\n\n" if details else ""
            ) + f"Repeat rule from the calendar: {item.rule}"
        else:
            rrule = text
            if dropped:
                warnings.append(f"{where}: {dropped} old exception date(s) left out to fit")
    return {
        "kind": item.kind,
        "title": clip(item.title, 300, "title", where, warnings),
        "details": details,
        "due_at": due_at,
        "timezone": tz_name,
        "duration_minutes": item.duration_minutes,
        "location": clip(item.location, 300, "location", where, warnings),
        "channel": item.channel,
        "rrule": rrule,
        "direction": item.direction,
    }


def _unusable_rule(text: str, start: datetime, item: IcsItem) -> str:
    """Why a rule cannot be kept in the `rrule` column: the agenda would hang or fail on it."""
    if len(text) > RRULE_COLUMN_SIZE:
        return f"{len(text)} characters, the journal keeps {RRULE_COLUMN_SIZE}"
    reasons = [r for r in runaway_reasons(item.rule) if not r.startswith("COUNT=")]
    if reasons:
        return "; ".join(reasons)
    try:
        check_rrule(text, start=start)
    except ValidationError as exc:
        return exc.problem
    return ""


def _status(item: IcsItem, values: dict[str, Any], now: datetime) -> CommitmentStatus:
    if item.cancelled:
        return CommitmentStatus.CANCELLED
    if item.kind == CommitmentKind.PROMISE:
        return CommitmentStatus.DONE if item.done or item.completed_at else CommitmentStatus.OPEN
    end = values["due_at"] + timedelta(minutes=values["duration_minutes"] or 0)
    # A one-off meeting that already took place is done, so it never shows as overdue.
    if not values["rrule"] and end <= now:
        return CommitmentStatus.DONE
    return CommitmentStatus.OPEN


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
    matcher = _Matcher(session)
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
        values = _values(item, item.zone_name or user_tz, where, warnings)
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
                _create(session, item, values, customer_id, contact, matcher, now)
        elif any(getattr(row, k) != values[k] for k in _COMPARED) or (
            item.cancelled != (row.status == CommitmentStatus.CANCELLED)
        ):
            action = "update"
            if write:
                _update(row, item, values, now)
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


def _create(
    session: Session,
    item: IcsItem,
    values: dict[str, Any],
    customer_id: int,
    contact: Contact | None,
    matcher: _Matcher,
    now: datetime,
) -> None:
    status = _status(item, values, now)
    accepted = {c.customer_id for c in matcher.contacts(item.accepted)}
    row = Commitment(
        uid=item.uid,
        customer_id=customer_id,
        contact_id=contact.id if contact else None,
        status=status,
        completed_at=(item.completed_at or now) if status == CommitmentStatus.DONE else None,
        confirmed_at=now if customer_id in accepted else None,
        created_at=now,
        **values,
    )
    session.add(row)


def _update(row: Commitment, item: IcsItem, values: dict[str, Any], now: datetime) -> None:
    if row.due_at != values["due_at"]:
        row.due_changes.append(
            DueChange(
                changed_at=now,
                old_due_at=row.due_at,
                new_due_at=values["due_at"],
                reason="moved in the calendar (imported)",
            )
        )
    for key in _COMPARED:
        setattr(row, key, values[key])
    if item.cancelled:
        row.status = CommitmentStatus.CANCELLED
    elif row.status == CommitmentStatus.CANCELLED:
        row.status = CommitmentStatus.OPEN


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
