"""Reading an .ics file into plain records (no database): what each VEVENT/VTODO says.

The content-line scanner checks structure and limits with line numbers first; icalendar
then reads values and time zones. Both trees have the same shape, so every record and
every property keeps the line it came from for error messages. Each entry is read in
ics_item; here the file's structure is checked and recurrence exceptions joined to their series.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from icalendar import Calendar

from custjournal.domain import ValidationError
from custjournal.domain.times import zone
from custjournal.services.interchange.common import (
    Cancelled,
    Progress,
    Ticker,
    check_size,
    decode_text,
)
from custjournal.services.interchange.contentlines import Component, scan
from custjournal.services.interchange.ics_item import IcsItem, read_item
from custjournal.services.interchange.ics_values import Reader, valid_zone

UID_COLUMN_SIZE = 100
SKIPPED_PROPERTIES = frozenset({"ATTACH", "X-ALT-DESC", "IMAGE"})
TIME_PROPERTIES = frozenset(
    {"DTSTART", "DTEND", "DUE", "DURATION", "RRULE", "EXDATE", "RDATE", "RECURRENCE-ID"}
    | {"COMPLETED"}
)

__all__ = ["IcsItem", "ParsedCalendar", "parse_ics", "stable_uid"]


@dataclass(frozen=True, slots=True)
class ParsedCalendar:
    source: str
    items: tuple[IcsItem, ...]
    skipped: tuple[tuple[int, str, str], ...]  # (line, title, reason)
    warnings: tuple[str, ...]


def stable_uid(uid: str) -> str:
    """UIDs longer than the column (Outlook writes 112 hex digits) are kept as a hash."""
    if len(uid) <= UID_COLUMN_SIZE:
        return uid
    return "sha256-" + hashlib.sha256(uid.encode("utf-8")).hexdigest()


def _calendars(text: str, roots: list[Component], source: str) -> list[Any]:
    for root in roots:
        if root.name != "VCALENDAR":
            raise ValidationError(
                f"{source} line {root.line}", f"expected BEGIN:VCALENDAR, found BEGIN:{root.name}"
            )
    rebuilt: list[str] = []

    def emit(component: Component, keep: frozenset[str] | None) -> None:
        rebuilt.append(f"BEGIN:{component.name}")
        rebuilt.extend(line.raw for line in component.lines if keep is None or line.name in keep)
        for child in component.children if keep is None else ():
            emit(child, None)
        rebuilt.append(f"END:{component.name}")

    # icalendar reads only what needs it (times, zones, rules): it is the slow part, and the
    # scanner already holds every other property with its line.
    for root in roots:
        rebuilt.append("BEGIN:VCALENDAR")
        for child in _kept(root):
            emit(child, None if child.name == "VTIMEZONE" else TIME_PROPERTIES)
        rebuilt.append("END:VCALENDAR")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            calendars = Calendar.from_ical("\r\n".join(rebuilt) + "\r\n", multiple=True)
    except Exception as exc:  # icalendar raises several types; the message is what matters
        raise ValidationError(source, f"is not a calendar icalendar can read ({exc})") from None
    if len(calendars) != len(roots):
        raise ValidationError(source, "its calendar structure could not be read")
    return calendars


def parse_ics(
    data: bytes,
    *,
    source: str = "calendar",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParsedCalendar:
    """Every appointment (VEVENT) and promise (VTODO) in `data`, with recurrence exceptions
    folded into their series; raises ValidationError naming the line of the first bad value.
    """
    check_size(data, source)
    text = decode_text(data, source)
    roots = scan(text, source=source, skip=SKIPPED_PROPERTIES)
    calendars = _calendars(text, roots, source)
    pairs = [
        (ical_sub, mine_sub, mine_cal)
        for ical_cal, mine_cal in zip(calendars, roots, strict=True)
        for ical_sub, mine_sub in _children(ical_cal, mine_cal, source)
        if mine_sub.name in ("VEVENT", "VTODO")
    ]
    ticker = Ticker(len(pairs), progress, cancelled)
    masters: dict[str, IcsItem] = {}
    overrides: list[tuple[IcsItem, datetime | None, Any, Component]] = []
    skipped: list[tuple[int, str, str]] = []
    notes: list[str] = []
    for ical_sub, mine_sub, mine_cal in pairs:
        ticker.tick()
        wr = mine_cal.first("X-WR-TIMEZONE")
        default_zone = valid_zone(wr.value.strip()) if wr else None
        item, why = read_item(ical_sub, mine_sub, source, default_zone)
        if item is None:
            title = Reader(ical_sub, mine_sub, source, default_zone).text("SUMMARY")
            skipped.append((mine_sub.line, title, why))
            continue
        if mine_sub.first("RECURRENCE-ID") is not None:
            rid = Reader(ical_sub, mine_sub, source, default_zone).when("RECURRENCE-ID")
            overrides.append((item, rid[0] if rid else None, ical_sub, mine_sub))
            continue
        if item.uid in masters:
            notes.append(
                f"{source} line {item.line}: UID {item.uid!r} repeats line "
                f"{masters[item.uid].line}; the later one is used"
            )
        masters[item.uid] = item
    for item, rid, _ical, _mine in overrides:
        master = masters.get(item.uid)
        if master is not None and rid is not None:
            rid_value = (
                rid
                if rid.tzinfo or not master.zone_name
                else rid.replace(tzinfo=zone(master.zone_name))
            )
            masters[item.uid] = replace(master, exdates=master.exdates + (rid_value,))
        if item.cancelled and master is not None:
            continue
        # A moved or changed occurrence becomes an appointment of its own, linked by its UID.
        stamp = (rid or item.start).strftime("%Y%m%dT%H%M%S")
        masters[f"{item.uid}#{stamp}"] = replace(item, uid=f"{item.uid}#{stamp}", rule="")
    items = tuple(replace(i, uid=stable_uid(i.uid)) for i in masters.values())
    return ParsedCalendar(source, items, tuple(skipped), tuple(notes))


def _kept(calendar: Component) -> list[Component]:
    return [c for c in calendar.children if c.name in ("VEVENT", "VTODO", "VTIMEZONE")]


def _children(ical_cal: Any, mine_cal: Component, source: str) -> list[tuple[Any, Component]]:
    subs = list(ical_cal.subcomponents)
    kept = _kept(mine_cal)
    if [s.name for s in subs] != [c.name for c in kept]:
        raise ValidationError(f"{source} line {mine_cal.line}", "its components could not be read")
    return list(zip(subs, kept, strict=True))
