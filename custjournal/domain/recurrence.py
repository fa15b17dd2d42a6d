"""Recurring appointments: RFC 5545 RRULE text checked and expanded, always within bounds."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dateutil import rrule as du

from custjournal.domain.errors import ValidationError
from custjournal.domain.times import zone

# A hostile or mistaken rule ("every second, forever") must not hang the agenda.
MAX_OCCURRENCES = 1000
ALLOWED_FREQS = {"YEARLY", "MONTHLY", "WEEKLY", "DAILY"}


def _rule_lines(text: str) -> list[str]:
    lines = []
    for raw in text.replace("\r", "\n").split("\n"):
        item = raw.strip()
        if not item:
            continue
        if not item.upper().startswith(("RRULE:", "EXDATE", "RDATE")):
            item = f"RRULE:{item}"
        lines.append(item)
    return lines


_UTC_STAMP = re.compile(r"(\d{8}T\d{6})Z")
_ZONED_DATES = re.compile(
    r"^(?P<name>EXDATE|RDATE);(?:[^:]*;)?TZID=(?P<tz>[^:;]+)(?:;[^:]*)?:(?P<values>.*)$", re.I
)


def _wall_clock_lines(lines: list[str], tz: ZoneInfo) -> list[str]:
    """Rewrite UTC instants (UNTIL=...Z, EXDATE/RDATE ...Z) as wall-clock times in `tz`.

    Expansion runs on the naive wall clock of the appointment's zone (so 09:00 stays 09:00
    across DST); dateutil cannot mix naive and aware times in one set.
    """

    def local(match: re.Match[str]) -> str:
        instant = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        return instant.astimezone(tz).strftime("%Y%m%dT%H%M%S")

    converted = []
    for item in lines:
        found = _ZONED_DATES.match(item)
        if found:
            source = zone(found["tz"], "rrule")
            stamps = [
                datetime.strptime(v.strip(), "%Y%m%dT%H%M%S")
                .replace(tzinfo=source)
                .astimezone(tz)
                .strftime("%Y%m%dT%H%M%S")
                for v in found["values"].split(",")
                if v.strip()
            ]
            item = f"{found['name']}:{','.join(stamps)}"
        converted.append(_UTC_STAMP.sub(local, item))
    return converted


def check_rrule(text: str, *, start: datetime, field: str = "rrule") -> str:
    """The rule normalised ("RRULE:FREQ=WEEKLY;..." lines), or ValidationError saying why."""
    if not text.strip():
        return ""
    lines = _rule_lines(text)
    for item in lines:
        if item.upper().startswith("RRULE:"):
            parts = dict(p.split("=", 1) for p in item[6:].upper().split(";") if "=" in p)
            if parts.get("FREQ") not in ALLOWED_FREQS:
                raise ValidationError(field, "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
            if parts.get("INTERVAL", "1").strip() in ("0", ""):
                raise ValidationError(field, "INTERVAL must be 1 or more")
    try:
        du.rrulestr("\n".join(lines), dtstart=start, forceset=True)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValidationError(field, f"is not a valid RRULE ({exc})") from None
    return "\n".join(lines)


def occurrences(
    rule: str, *, start: datetime, timezone: str, window_start: datetime, window_end: datetime
) -> Iterator[datetime]:
    """Starts of a commitment between window_start and window_end (inclusive), aware.

    Occurrences are computed on the wall clock of `timezone`, so a 09:00 Helsinki meeting
    stays at 09:00 Helsinki across the DST change.
    """
    if not rule.strip():
        if window_start <= start <= window_end:
            yield start
        return
    tz = zone(timezone)
    lines = _wall_clock_lines(_rule_lines(rule), tz)
    local_start = start.astimezone(tz).replace(tzinfo=None)
    try:
        rules = du.rrulestr("\n".join(lines), dtstart=local_start, forceset=True)
    except (ValueError, TypeError, OverflowError):
        if window_start <= start <= window_end:
            yield start
        return
    lo = window_start.astimezone(tz).replace(tzinfo=None)
    hi = window_end.astimezone(tz).replace(tzinfo=None)
    for found in itertools.islice(rules.xafter(lo, inc=True), MAX_OCCURRENCES):
        if found > hi:
            break
        yield found.replace(tzinfo=tz)
