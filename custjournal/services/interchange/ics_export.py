"""Writing appointments (VEVENT) and promises (VTODO) as an .ics file calendar programs read."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event, Todo, vCalAddress, vRecur, vText
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
from custjournal.services.interchange.rrules import split
from custjournal.store import Journal

PRODID = "-//custjournal//custjournal//EN"


def _all_day(c: Commitment, local: datetime) -> bool:
    """An appointment from local midnight lasting whole days goes out as an all-day event."""
    minutes = c.duration_minutes or 0
    return local.time() == datetime.min.time() and minutes > 0 and minutes % 1440 == 0


def _add_rule(component: Any, c: Commitment, tz: Any, all_day: bool, notes: list[str]) -> None:
    if not c.rrule.strip():
        return
    stored = split(c.rrule, tz)
    try:
        component.add("rrule", vRecur.from_ical(stored.rule))
    except (ValueError, TypeError):
        notes.append(f"{c.uid}: repeat rule {stored.rule!r} could not be written; left out")
        return

    def local(value: datetime) -> date | datetime:
        moment = value.astimezone(tz)
        return moment.date() if all_day else moment

    if stored.exdates:
        component.add("exdate", [local(d) for d in stored.exdates])
    if stored.rdates:
        component.add("rdate", [local(d) for d in stored.rdates])


def _event(c: Commitment, customer: str, contact: Contact | None, now: datetime, notes: list[str]):
    tz = _zone(c, notes)
    local = c.due_at.astimezone(tz)
    event = Event()
    event.add("uid", c.uid)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("created", c.created_at.astimezone(UTC))
    event.add("sequence", max(0, c.version - 1))
    event.add("summary", c.title)
    all_day = _all_day(c, local)
    if all_day:
        event.add("dtstart", local.date())
        event.add("dtend", local.date() + timedelta(days=(c.duration_minutes or 0) // 1440))
        # Dates have no zone; this lets a later import put midnight back where it was.
        event.add("x-custjournal-timezone", c.timezone)
    else:
        event.add("dtstart", local)
        if c.duration_minutes:
            event.add("dtend", (c.due_at + timedelta(minutes=c.duration_minutes)).astimezone(tz))
    if c.location:
        event.add("location", c.location)
    if c.details:
        event.add("description", c.details)
    event.add("status", "CANCELLED" if c.status == CommitmentStatus.CANCELLED else "CONFIRMED")
    if contact is not None and contact.email:
        attendee = vCalAddress(f"mailto:{contact.email}")
        attendee.params["CN"] = vText(contact.name)
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        if c.confirmed_at is not None:
            attendee.params["PARTSTAT"] = vText("ACCEPTED")
        event.add("attendee", attendee, encode=0)
    _extras(event, c, customer)
    _add_rule(event, c, tz, all_day, notes)
    return event


def _zone(c: Commitment, notes: list[str]) -> Any:
    try:
        return zone(c.timezone or "UTC")
    except ValidationError:
        notes.append(f"{c.uid}: unknown time zone {c.timezone!r}; written in UTC")
        return UTC


def _todo(c: Commitment, customer: str, now: datetime, notes: list[str]) -> Todo:
    tz = _zone(c, notes)
    todo = Todo()
    todo.add("uid", c.uid)
    todo.add("dtstamp", now.astimezone(UTC))
    todo.add("created", c.created_at.astimezone(UTC))
    todo.add("summary", c.title)
    todo.add("due", c.due_at.astimezone(tz))
    if c.details:
        todo.add("description", c.details)
    status = {
        CommitmentStatus.DONE: "COMPLETED",
        CommitmentStatus.CANCELLED: "CANCELLED",
    }.get(c.status, "NEEDS-ACTION")
    todo.add("status", status)
    if c.status == CommitmentStatus.DONE and c.completed_at is not None:
        todo.add("completed", c.completed_at.astimezone(UTC))
    _extras(todo, c, customer)
    return todo


def _extras(component: Any, c: Commitment, customer: str) -> None:
    # Calendar programs show categories; the X- properties let a later import restore them.
    component.add("categories", [customer])
    component.add("x-custjournal-customer", customer)
    if c.channel is not None:
        component.add("x-custjournal-channel", c.channel.value)
    if c.kind == CommitmentKind.PROMISE:
        component.add("x-custjournal-direction", c.direction.value)
        if c.direction == Direction.THEIRS:
            component.add("priority", 5)


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
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", "custjournal")
        ticker = Ticker(len(rows), progress, cancelled)
        first, last, repeating = None, None, False
        for commitment, name in rows:
            ticker.tick()
            if commitment.kind == CommitmentKind.APPOINTMENT:
                contact = contacts.get(commitment.contact_id) if commitment.contact_id else None
                calendar.add_component(_event(commitment, name, contact, now, notes))
            else:
                calendar.add_component(_todo(commitment, name, now, notes))
            day = commitment.due_at.date()
            first = day if first is None or day < first else first
            last = day if last is None or day > last else last
            repeating = repeating or bool(commitment.rrule.strip())
    if first is not None and last is not None:
        # VTIMEZONEs cover the exported span (and the years a series may still run).
        until = max(last + timedelta(days=400), date(2038, 1, 1) if repeating else last)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            calendar.add_missing_timezones(first - timedelta(days=400), until)
    return ExportResult(calendar.to_ical().decode("utf-8"), len(rows), tuple(notes))
