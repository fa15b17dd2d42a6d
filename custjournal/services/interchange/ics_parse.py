"""Reading an .ics file into plain records (no database): what each VEVENT/VTODO says.

The content-line scanner checks structure and limits with line numbers first; icalendar
then reads values and time zones. Both trees have the same shape, so every record and
every property keeps the line it came from for error messages.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from icalendar import Calendar

from custjournal.domain import ValidationError
from custjournal.domain.enums import Channel, CommitmentKind, Direction
from custjournal.domain.times import zone
from custjournal.services.interchange.common import (
    Cancelled,
    Progress,
    Ticker,
    check_size,
    decode_text,
    snippet,
)
from custjournal.services.interchange.contentlines import Component, scan
from custjournal.services.interchange.ics_values import Reader, valid_zone, value_of
from custjournal.services.interchange.rrules import runaway_reasons

UID_COLUMN_SIZE = 100
SKIPPED_PROPERTIES = frozenset({"ATTACH", "X-ALT-DESC", "IMAGE"})
TIME_PROPERTIES = frozenset(
    {"DTSTART", "DTEND", "DUE", "DURATION", "RRULE", "EXDATE", "RDATE", "RECURRENCE-ID"}
    | {"COMPLETED"}
)
_VIDEO_HINTS = ("teams.microsoft", "zoom.us", "meet.google", "webex", "whereby", "meet.jit.si")
_VIDEO_PROPERTIES = (
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFERENCELINK",
)


@dataclass(frozen=True, slots=True)
class IcsItem:
    """One appointment or promise as the file describes it.

    `start` is aware unless `floating` (a wall-clock time with no zone, or an all-day date at
    midnight), which the importer reads in the user's zone.
    """

    line: int
    kind: CommitmentKind
    uid: str
    title: str
    details: str
    start: datetime
    floating: bool
    all_day: bool
    zone_name: str | None
    duration_minutes: int | None
    location: str
    channel: Channel | None
    direction: Direction
    rule: str
    exdates: tuple[datetime, ...]
    rdates: tuple[datetime, ...]
    cancelled: bool
    completed_at: datetime | None
    done: bool
    emails: tuple[str, ...]
    accepted: tuple[str, ...]
    customer_hint: str
    warnings: tuple[str, ...]


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


def _duration(reader: Reader, start: datetime, all_day: bool) -> int | None:
    end = reader.when("DTEND")
    if end is not None:
        end_value = end[0]
        if end[2] != (start.tzinfo is None):  # one floating, one not: compare wall clocks
            end_value = end_value.replace(tzinfo=None)
            start = start.replace(tzinfo=None)
        delta = end_value - start
        if delta < timedelta(0):
            raise ValidationError(reader.where("DTEND"), "DTEND is before DTSTART")
    elif reader.has("DURATION"):
        delta = value_of(reader.ical.get("DURATION"))
        if not isinstance(delta, timedelta) or "DURATION" in reader.broken:
            raw = reader.mine.first("DURATION")
            raise ValidationError(
                reader.where("DURATION"),
                f"DURATION {snippet(raw.value if raw else '')} is not a duration like PT1H30M",
            )
        if delta < timedelta(0):
            raise ValidationError(reader.where("DURATION"), "DURATION is negative")
    else:
        return 24 * 60 if all_day else None
    return int(delta.total_seconds() // 60)


def _channel(reader: Reader, location: str) -> Channel | None:
    if reader.has("X-CUSTJOURNAL-CHANNEL"):  # our own export: what the journal had
        stated = reader.text("X-CUSTJOURNAL-CHANNEL").lower()
        return Channel(stated) if stated in {c.value for c in Channel} else None
    lowered = location.lower()
    if any(reader.has(name) for name in _VIDEO_PROPERTIES) or any(
        hint in lowered for hint in _VIDEO_HINTS
    ):
        return Channel.VIDEO
    if lowered.startswith(("http://", "https://")):
        return Channel.VIDEO
    return Channel.IN_PERSON if location else None


def _rule(reader: Reader, title: str) -> str:
    if not reader.has("RRULE"):
        return ""
    if "RRULE" in reader.broken:
        raw = reader.mine.first("RRULE")
        raise ValidationError(
            reader.where("RRULE"), f"RRULE {snippet(raw.value if raw else '')} cannot be read"
        )
    rules = reader.mine.all("RRULE")
    if len(rules) > 1:
        reader.warnings.append(f"{reader.where('RRULE')}: only the first of several RRULEs kept")
    text = rules[0].value.strip()
    if "FREQ=" not in text.upper():
        raise ValidationError(reader.where("RRULE"), f"RRULE {snippet(text)} has no FREQ")
    reasons = runaway_reasons(text)
    if reasons:
        reader.warnings.append(
            f"{reader.where('RRULE')}: {title!r} has a runaway repeat rule ("
            + "; ".join(reasons)
            + "): kept as written, not expanded; check it in your calendar program"
        )
    return text


def _item(
    ical: Any, mine: Component, source: str, default_zone: str | None
) -> tuple[IcsItem | None, str]:
    reader = Reader(ical, mine, source, default_zone)
    kind = CommitmentKind.APPOINTMENT if mine.name == "VEVENT" else CommitmentKind.PROMISE
    title = reader.text("SUMMARY") or "(no title)"
    start_info = (
        reader.when("DTSTART")
        if kind == CommitmentKind.APPOINTMENT
        else (reader.when("DUE") or reader.when("DTSTART"))
    )
    if start_info is None:
        missing = "DTSTART" if kind == CommitmentKind.APPOINTMENT else "DUE"
        return None, f"has no {missing}"
    start, zone_name, floating, all_day = start_info
    if floating:
        zone_name = valid_zone(reader.text("X-CUSTJOURNAL-TIMEZONE")) or zone_name
    uid = reader.text("UID")
    if not uid:
        seed = f"{mine.name}|{start.isoformat()}|{title}"
        uid = "custjournal-" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]
        reader.warnings.append(f"{reader.where()}: {title!r} has no UID; one was made from it")
    duration = _duration(reader, start, all_day) if kind == CommitmentKind.APPOINTMENT else None
    location = reader.text("LOCATION")
    status = reader.text("STATUS").upper()
    completed = reader.when("COMPLETED") if kind == CommitmentKind.PROMISE else None
    direction_text = reader.text("X-CUSTJOURNAL-DIRECTION").lower()
    emails, accepted = reader.emails()
    rule = _rule(reader, title)
    exdates = reader.instants("EXDATE", zone_name)
    rdates = reader.instants("RDATE", zone_name)
    item = IcsItem(
        line=mine.line,
        kind=kind,
        uid=uid,
        title=title,
        details=reader.text("DESCRIPTION"),
        start=start,
        floating=floating,
        all_day=all_day,
        zone_name=zone_name,
        duration_minutes=duration,
        location=location,
        channel=_channel(reader, location) if kind == CommitmentKind.APPOINTMENT else None,
        direction=Direction.THEIRS if direction_text == "theirs" else Direction.MINE,
        rule=rule,
        exdates=exdates,
        rdates=rdates,
        cancelled=status == "CANCELLED",
        completed_at=completed[0] if completed and not completed[2] else None,
        done=status == "COMPLETED",
        emails=emails,
        accepted=accepted,
        customer_hint=reader.text("X-CUSTJOURNAL-CUSTOMER"),
        warnings=tuple(reader.warnings),
    )
    return item, ""


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
        item, why = _item(ical_sub, mine_sub, source, default_zone)
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
