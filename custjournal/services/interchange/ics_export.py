"""Writing appointments (VEVENT) and promises (VTODO) as an .ics file calendar programs read."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Timezone, vRecur
from sqlalchemy import select

from custjournal.domain import Commitment, Contact, Customer, ValidationError
from custjournal.domain.enums import CommitmentKind, CommitmentStatus, Direction
from custjournal.domain.times import zone
from custjournal.services.interchange.common import (
    Cancelled,
    CustomerIndex,
    ExportResult,
    Progress,
    Ticker,
)
from custjournal.services.interchange.contentlines import escape, fold
from custjournal.services.interchange.rrules import split
from custjournal.store import Journal

PRODID = "-//custjournal//custjournal//EN"


def _all_day(c: Commitment, local: datetime) -> bool:
    """An appointment from local midnight lasting whole days goes out as an all-day event."""
    minutes = c.duration_minutes or 0
    return local.time() == datetime.min.time() and minutes > 0 and minutes % 1440 == 0


def _is_utc(tz: Any) -> bool:
    return tz is UTC or getattr(tz, "key", "") == "UTC"


def _when(name: str, value: date | datetime, tz: Any) -> str:
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{value:%Y%m%d}"
    if _is_utc(tz):
        return f"{name}:{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"{name};TZID={tz.key}:{value.astimezone(tz):%Y%m%dT%H%M%S}"


def _stamp(value: datetime) -> str:
    return f"{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _param(value: str) -> str:
    """A parameter value, quoted when it holds a separator (quotes themselves are dropped)."""
    value = value.replace('"', "").replace("\r", " ").replace("\n", " ")
    return f'"{value}"' if any(ch in value for ch in ":;,") else value


def _rule_lines(c: Commitment, tz: Any, all_day: bool, notes: list[str]) -> list[str]:
    if not c.rrule.strip():
        return []
    stored = split(c.rrule, tz)
    try:
        rule = vRecur.from_ical(stored.rule).to_ical().decode("ascii")
    except (ValueError, TypeError, UnicodeDecodeError):
        notes.append(f"{c.uid}: repeat rule {stored.rule!r} could not be written; left out")
        return []
    lines = [f"RRULE:{rule}"]
    for name, values in (("EXDATE", stored.exdates), ("RDATE", stored.rdates)):
        if not values:
            continue
        moments = [v.astimezone(tz) for v in values]
        if all_day:
            lines.append(f"{name};VALUE=DATE:" + ",".join(f"{m:%Y%m%d}" for m in moments))
        elif _is_utc(tz):
            lines.append(f"{name}:" + ",".join(_stamp(m) for m in moments))
        else:
            lines.append(f"{name};TZID={tz.key}:" + ",".join(f"{m:%Y%m%dT%H%M%S}" for m in moments))
    return lines


def _common(c: Commitment, customer: str, now: datetime) -> list[str]:
    lines = [
        f"UID:{escape(c.uid)}",
        f"DTSTAMP:{_stamp(now)}",
        f"CREATED:{_stamp(c.created_at)}",
        f"SUMMARY:{escape(c.title)}",
    ]
    if c.details:
        lines.append(f"DESCRIPTION:{escape(c.details)}")
    # Calendar programs show categories; the X- properties let a later import restore them.
    lines.append(f"CATEGORIES:{escape(customer)}")
    lines.append(f"X-CUSTJOURNAL-CUSTOMER:{escape(customer)}")
    # "none" too, so a later import does not guess a channel from the location.
    lines.append(f"X-CUSTJOURNAL-CHANNEL:{c.channel.value if c.channel else 'none'}")
    return lines


def _event(
    c: Commitment, customer: str, contact: Contact | None, now: datetime, notes: list[str]
) -> list[str]:
    tz = _zone(c, notes)
    local = c.due_at.astimezone(tz)
    lines = ["BEGIN:VEVENT", *_common(c, customer, now), f"SEQUENCE:{max(0, c.version - 1)}"]
    all_day = _all_day(c, local)
    if all_day:
        days = (c.duration_minutes or 0) // 1440
        lines.append(_when("DTSTART", local.date(), tz))
        lines.append(_when("DTEND", local.date() + timedelta(days=days), tz))
        # Dates have no zone; this lets a later import put midnight back where it was.
        lines.append(f"X-CUSTJOURNAL-TIMEZONE:{escape(c.timezone)}")
    else:
        lines.append(_when("DTSTART", local, tz))
        if c.duration_minutes:
            lines.append(_when("DTEND", c.due_at + timedelta(minutes=c.duration_minutes), tz))
    if c.location:
        lines.append(f"LOCATION:{escape(c.location)}")
    cancelled = c.status == CommitmentStatus.CANCELLED
    lines.append(f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}")
    if contact is not None and contact.email:
        accepted = ";PARTSTAT=ACCEPTED" if c.confirmed_at is not None else ""
        lines.append(
            f"ATTENDEE;CN={_param(contact.name)};ROLE=REQ-PARTICIPANT{accepted}"
            f":mailto:{contact.email}"
        )
    lines.extend(_rule_lines(c, tz, all_day, notes))
    lines.append("END:VEVENT")
    return lines


def _zone(c: Commitment, notes: list[str]) -> Any:
    try:
        return zone(c.timezone or "UTC")
    except ValidationError:
        notes.append(f"{c.uid}: unknown time zone {c.timezone!r}; written in UTC")
        return UTC


def _todo(c: Commitment, customer: str, now: datetime, notes: list[str]) -> list[str]:
    tz = _zone(c, notes)
    status = {
        CommitmentStatus.DONE: "COMPLETED",
        CommitmentStatus.CANCELLED: "CANCELLED",
    }.get(c.status, "NEEDS-ACTION")
    lines = ["BEGIN:VTODO", *_common(c, customer, now), _when("DUE", c.due_at, tz)]
    lines.append(f"STATUS:{status}")
    if c.status == CommitmentStatus.DONE and c.completed_at is not None:
        lines.append(f"COMPLETED:{_stamp(c.completed_at)}")
    lines.append(f"X-CUSTJOURNAL-DIRECTION:{c.direction.value}")
    if c.direction == Direction.THEIRS:
        lines.append("PRIORITY:5")
    lines.append("END:VTODO")
    return lines


def _timezones(zones: set[str], first: date, until: date) -> str:
    """VTIMEZONE blocks for the zones used, from icalendar (it knows the DST history)."""
    parts = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in sorted(zones):
            block = Timezone.from_tzinfo(zone(name), name, first_date=first, last_date=until)
            parts.append(block.to_ical().decode("utf-8"))
    return "".join(parts)


def export_ics(
    journal: Journal,
    *,
    now: datetime,
    customer: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    promises: bool = True,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Appointments (and open or finished promises) as iCalendar text with VTIMEZONEs.

    `start`/`end` select by start time; a repeating appointment is included when its series
    begins before `end`, since later occurrences may fall in the range.
    """
    notes: list[str] = []
    with journal.reading() as session:
        stmt = (
            select(Commitment, Customer.name)
            .join(Customer)
            .order_by(Commitment.due_at, Commitment.id)
        )
        if customer:
            stmt = stmt.where(Commitment.customer_id == CustomerIndex(session).require(customer).id)
        if not promises:
            stmt = stmt.where(Commitment.kind == CommitmentKind.APPOINTMENT)
        if end is not None:
            stmt = stmt.where(Commitment.due_at < end)
        if start is not None:
            stmt = stmt.where((Commitment.due_at >= start) | (Commitment.rrule != ""))
        rows = list(session.execute(stmt))
        contacts = {c.id: c for c in session.scalars(select(Contact))}
        ticker = Ticker(len(rows), progress, cancelled)
        body: list[str] = []
        zones: set[str] = set()
        first, last, repeating = None, None, False
        for commitment, name in rows:
            ticker.tick()
            if commitment.kind == CommitmentKind.APPOINTMENT:
                contact = contacts.get(commitment.contact_id) if commitment.contact_id else None
                lines = _event(commitment, name, contact, now, notes)
            else:
                lines = _todo(commitment, name, now, notes)
            body.extend(fold(line) for line in lines)
            tz = _zone(commitment, [])
            if not _is_utc(tz):
                zones.add(tz.key)
            day = commitment.due_at.date()
            first = day if first is None or day < first else first
            last = day if last is None or day > last else last
            repeating = repeating or bool(commitment.rrule.strip())
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:custjournal",
    ]
    text = "".join(fold(line) for line in head)
    if first is not None and last is not None and zones:
        # VTIMEZONEs cover the exported span (and the years a series may still run).
        until = max(last + timedelta(days=400), date(2038, 1, 1) if repeating else last)
        text += _timezones(zones, first - timedelta(days=400), until)
    text += "".join(body) + "END:VCALENDAR\r\n"
    return ExportResult(text, len(rows), tuple(notes))
