"""Recurring appointments: RFC 5545 RRULE text checked and expanded, always within bounds.

Expansion runs on the naive wall clock of the appointment's zone, so a 09:00 Helsinki meeting
stays at 09:00 Helsinki across DST, and every walk through a rule is capped: a hostile or
mistaken rule ("every second, forever", "30 February, daily") can never hang the agenda.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule as du

from custjournal.domain.errors import ValidationError
from custjournal.domain.times import zone

MAX_OCCURRENCES = 1000
# Candidates dateutil may produce for one expansion before we give up on the rule.
MAX_STEPS = 200_000
ALLOWED_FREQS = {"YEARLY", "MONTHLY", "WEEKLY", "DAILY"}
# A rule must happen at least once this soon after its start to be accepted.
FIRST_WITHIN = timedelta(days=3660)

_STAMP = "%Y%m%dT%H%M%S"
_UTC_STAMP = re.compile(r"(\d{8}T\d{6})Z")
_ZONED_DATES = re.compile(
    r"^(?P<name>EXDATE|RDATE);(?:[^:]*;)?TZID=(?P<tz>[^:;]+)(?:;[^:]*)?:(?P<values>.*)$", re.I
)


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


def _wall_clock_lines(lines: list[str], tz: ZoneInfo) -> list[str]:
    """Rewrite UTC instants (UNTIL=...Z, EXDATE/RDATE ...Z) and zoned dates as wall-clock
    times in `tz`: dateutil cannot mix naive and aware times in one expansion."""

    def local(match: re.Match[str]) -> str:
        instant = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
        return instant.astimezone(tz).strftime(_STAMP)

    converted = []
    for item in lines:
        found = _ZONED_DATES.match(item)
        if found:
            source = zone(found["tz"], "rrule")
            stamps = [
                datetime.strptime(v.strip(), _STAMP).replace(tzinfo=source).astimezone(tz)
                for v in found["values"].split(",")
                if v.strip()
            ]
            item = f"{found['name']}:{','.join(s.strftime(_STAMP) for s in stamps)}"
        converted.append(_UTC_STAMP.sub(local, item))
    return converted


def _dates(value: str) -> set[datetime]:
    found = set()
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            found.add(datetime.strptime(item[:15], _STAMP))
        except ValueError:
            try:
                found.add(datetime.strptime(item[:8], "%Y%m%d"))
            except ValueError:
                continue
    return found


def _check_parts(item: str, field: str) -> None:
    parts = _parts(item)
    if parts.get("FREQ") not in ALLOWED_FREQS:
        raise ValidationError(field, "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
    for name in ("INTERVAL", "COUNT"):
        if name in parts:
            text = parts[name].strip().lstrip("+-")
            if not text.isdigit():
                raise ValidationError(field, f"is not a valid RRULE ({name}={parts[name]})")
            if int(parts[name]) < 1:
                raise ValidationError(field, f"{name} must be 1 or more")


_DAYS_IN_MONTH = {
    1: 31,
    2: 29,
    3: 31,
    4: 30,
    5: 31,
    6: 30,
    7: 31,
    8: 31,
    9: 30,
    10: 31,
    11: 30,
    12: 31,
}


def _never_happens(parts: dict[str, str]) -> bool:
    """Day-of-month lists no listed month has (30 February): dateutil would walk to year 9999
    looking for one, because it checks UNTIL only on dates it finds."""
    try:
        months = [int(m) for m in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else []
        days = [int(d) for d in parts["BYMONTHDAY"].split(",")] if "BYMONTHDAY" in parts else []
    except ValueError:
        return False
    if not days:
        return False
    return all(
        not any(-_DAYS_IN_MONTH.get(m, 31) <= d <= _DAYS_IN_MONTH.get(m, 31) for d in days)
        for m in (months or range(1, 13))
    )


def _parts(item: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in item[6:].upper().split(";") if "=" in p)


def _walk(line: str, *, start: datetime, until: datetime) -> Iterator[datetime]:
    """Occurrences of one RRULE line from `start` up to `until`, in at most MAX_STEPS steps.

    Bounding UNTIL makes dateutil stop even when the rule never matches; COUNT is honoured by
    counting from the series' start.
    """
    _check_parts(line, "rrule")  # a stored rule may not have passed check_rrule (JSON import)
    if _never_happens(_parts(line)):
        return
    rule = du.rrulestr(line, dtstart=start)
    assert isinstance(rule, du.rrule)
    count = rule._count  # noqa: SLF001 - dateutil keeps the parsed parts private
    own_until = rule._until  # noqa: SLF001
    limit = min(own_until, until) if own_until is not None else until
    if own_until is not None and own_until.tzinfo is not None:
        limit = until
    bounded = rule.replace(count=None, until=limit)
    for steps, found in enumerate(bounded, start=1):
        if (count is not None and steps > count) or steps > MAX_STEPS:
            return
        yield found


def check_rrule(text: str, *, start: datetime, field: str = "rrule") -> str:
    """The rule normalised ("RRULE:FREQ=WEEKLY;..." lines), or ValidationError saying why."""
    if not text.strip():
        return ""
    lines = _rule_lines(text)
    for item in lines:
        if item.upper().startswith("RRULE:"):
            _check_parts(item, field)
    tz = start.tzinfo if isinstance(start.tzinfo, ZoneInfo) else zone("UTC")
    local_start = start.astimezone(tz).replace(tzinfo=None)
    try:
        du.rrulestr("\n".join(_wall_clock_lines(lines, tz)), dtstart=local_start, forceset=True)
        rules = [i for i in _wall_clock_lines(lines, tz) if i.upper().startswith("RRULE:")]
        happens = any(
            next(_walk(r, start=local_start, until=local_start + FIRST_WITHIN), None) for r in rules
        )
    except ValidationError:
        raise
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValidationError(field, f"is not a valid RRULE ({exc})") from None
    if rules and not happens:
        raise ValidationError(field, "never happens (check the BY... parts, e.g. 30 February)")
    return "\n".join(lines)


def occurrences(
    rule: str, *, start: datetime, timezone: str, window_start: datetime, window_end: datetime
) -> Iterator[datetime]:
    """Starts of a commitment between window_start and window_end (inclusive), aware, in
    order; at most MAX_OCCURRENCES of them."""
    if not rule.strip():
        if window_start <= start <= window_end:
            yield start
        return
    tz = zone(timezone)
    lo = window_start.astimezone(tz).replace(tzinfo=None)
    hi = window_end.astimezone(tz).replace(tzinfo=None)
    local_start = start.astimezone(tz).replace(tzinfo=None)
    excluded: set[datetime] = set()
    found: set[datetime] = set()
    try:
        for item in _wall_clock_lines(_rule_lines(rule), tz):
            upper = item.upper()
            if upper.startswith("EXDATE"):
                excluded |= _dates(item.split(":", 1)[1])
            elif upper.startswith("RDATE"):
                found |= {d for d in _dates(item.split(":", 1)[1]) if lo <= d <= hi}
            else:
                for when in _walk(item, start=local_start, until=hi):
                    if when >= lo:
                        found.add(when)
                    if len(found) > MAX_OCCURRENCES:
                        break
    except (ValueError, TypeError, OverflowError):
        # A rule we cannot read still shows its first occurrence rather than nothing.
        if window_start <= start <= window_end:
            yield start
        return
    for when in sorted(found - excluded)[:MAX_OCCURRENCES]:
        yield when.replace(tzinfo=tz)
