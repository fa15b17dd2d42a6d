"""One VEVENT or VTODO read into a plain record: times, repeat rule, channel and people.

Values come through `ics_values.Reader`, so every bad one is refused naming its line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from custjournal.domain import ValidationError
from custjournal.domain.enums import Channel, CommitmentKind, Direction
from custjournal.services.interchange.common import snippet
from custjournal.services.interchange.contentlines import Component
from custjournal.services.interchange.ics_values import Reader, valid_zone, value_of
from custjournal.services.interchange.rrules import runaway_reasons

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


def read_item(
    ical: Any, mine: Component, source: str, default_zone: str | None
) -> tuple[IcsItem | None, str]:
    """The entry as an IcsItem, or None and why it is left out (no start); bad values raise."""
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
