"""Recurring appointments: RFC 5545 RRULE text checked and expanded, always within bounds."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime

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
    text = "\n".join(_rule_lines(rule))
    local_start = start.astimezone(tz).replace(tzinfo=None)
    try:
        rules = du.rrulestr(text, dtstart=local_start, forceset=True)
        lo = window_start.astimezone(tz).replace(tzinfo=None)
        hi = window_end.astimezone(tz).replace(tzinfo=None)
        naive = True
    except (ValueError, TypeError, OverflowError):
        # An UNTIL or EXDATE given in UTC needs an aware start; wall-clock stepping then
        # follows the zone's rules in dateutil too.
        try:
            rules = du.rrulestr(text, dtstart=start.astimezone(tz), forceset=True)
        except (ValueError, TypeError, OverflowError):
            if window_start <= start <= window_end:
                yield start
            return
        lo, hi, naive = window_start, window_end, False
    for found in itertools.islice(rules.xafter(lo, inc=True), MAX_OCCURRENCES):
        if found > hi:
            break
        yield found.replace(tzinfo=tz) if naive else found
