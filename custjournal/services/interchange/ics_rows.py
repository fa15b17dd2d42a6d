"""One calendar entry as a journal commitment: whose it is, its columns, the row written.

Times the file gives without a zone are read in the entry's (or the user's) zone; repeat
rules are kept in the journal's stored form, or moved into the details with a warning when
the agenda could not expand them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from custjournal.domain import Commitment, Contact, DueChange, ValidationError
from custjournal.domain.enums import CommitmentKind, CommitmentStatus
from custjournal.domain.recurrence import check_rrule
from custjournal.domain.times import localize, zone
from custjournal.services.interchange.common import CustomerIndex, clip
from custjournal.services.interchange.ics_item import IcsItem
from custjournal.services.interchange.rrules import (
    RRULE_COLUMN_SIZE,
    StoredRule,
    compose,
    runaway_reasons,
)

# The columns a re-import compares and, where they differ, overwrites (status is handled apart).
COMPARED = (
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


class AttendeeMatcher:
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


def column_values(item: IcsItem, tz_name: str, where: str, warnings: list[str]) -> dict[str, Any]:
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


def create_row(
    session: Session,
    item: IcsItem,
    values: dict[str, Any],
    customer_id: int,
    contact: Contact | None,
    matcher: AttendeeMatcher,
    now: datetime,
) -> None:
    """A new commitment, confirmed when someone of its customer accepted the invitation."""
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


def update_row(row: Commitment, item: IcsItem, values: dict[str, Any], now: datetime) -> None:
    """The file's values over an imported row; a moved start is kept as a due change."""
    if row.due_at != values["due_at"]:
        row.due_changes.append(
            DueChange(
                changed_at=now,
                old_due_at=row.due_at,
                new_due_at=values["due_at"],
                reason="moved in the calendar (imported)",
            )
        )
    for key in COMPARED:
        setattr(row, key, values[key])
    if item.cancelled:
        row.status = CommitmentStatus.CANCELLED
    elif row.status == CommitmentStatus.CANCELLED:
        row.status = CommitmentStatus.OPEN
