"""Repeat rules as the journal stores them, and spotting runaway rules without expanding them.

The `rrule` column holds `RRULE:...` on its first line, optionally followed by `EXDATE:` and
`RDATE:` lines of UTC instants (`20261130T090000Z,...`): the normalised form of
`custjournal.domain.recurrence.check_rrule`, which dateutil's `rrulestr` reads into an rruleset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

RRULE_COLUMN_SIZE = 500
MAX_SANE_COUNT = 5_000
MAX_SANE_PER_PERIOD = 1_000

_FAST = {"SECONDLY": "second", "MINUTELY": "minute", "HOURLY": "hour"}
_BY_PARTS = (
    "BYMONTH",
    "BYWEEKNO",
    "BYYEARDAY",
    "BYMONTHDAY",
    "BYDAY",
    "BYHOUR",
    "BYMINUTE",
    "BYSECOND",
    "BYSETPOS",
)


@dataclass(frozen=True, slots=True)
class StoredRule:
    rule: str
    exdates: tuple[datetime, ...] = ()
    rdates: tuple[datetime, ...] = ()


def rule_parts(rule: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for chunk in rule.strip().removeprefix("RRULE:").split(";"):
        key, _, value = chunk.partition("=")
        if key:
            parts[key.strip().upper()] = value.strip()
    return parts


def runaway_reasons(rule: str) -> list[str]:
    """Why a rule would explode if expanded (empty when it looks sane); never expands it."""
    parts = rule_parts(rule)
    reasons: list[str] = []
    freq = parts.get("FREQ", "").upper()
    bounded = "COUNT" in parts or "UNTIL" in parts
    if freq in _FAST:
        reasons.append(f"repeats every {_FAST[freq]}" + ("" if bounded else " with no end"))
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or int(interval) < 1:
        reasons.append(f"INTERVAL={interval} never moves forward")
    count = parts.get("COUNT", "")
    if count and (not count.isdigit() or int(count) > MAX_SANE_COUNT):
        reasons.append(f"COUNT={count} is more than {MAX_SANE_COUNT:,} occurrences")
    per_period = 1
    for key in _BY_PARTS:
        if key in parts and key != "BYSETPOS":
            per_period *= max(1, len(parts[key].split(",")))
    if per_period > MAX_SANE_PER_PERIOD:
        reasons.append(f"its BY-lists combine into {per_period:,} candidates per period")
    return reasons


def _utc_stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _until_in_utc(rule: str, tz: ZoneInfo) -> str:
    """UNTIL as a UTC instant (RFC 5545 requires it beside a zoned start)."""
    parts = []
    for chunk in rule.split(";"):
        key, _, value = chunk.partition("=")
        if key.strip().upper() == "UNTIL" and not value.strip().upper().endswith("Z"):
            text = value.strip()
            try:
                if "T" in text:
                    wall = datetime.strptime(text, "%Y%m%dT%H%M%S")
                else:  # a date: the series runs through that whole day
                    wall = datetime.strptime(text, "%Y%m%d").replace(hour=23, minute=59, second=59)
                chunk = f"UNTIL={_utc_stamp(wall.replace(tzinfo=tz))}"
            except ValueError:
                pass
        parts.append(chunk)
    return ";".join(parts)


def compose(stored: StoredRule, tz: ZoneInfo) -> tuple[str, int]:
    """The column text, and how many exception dates had to be left out to fit 500 characters.

    Exception dates are written the way the journal's expanders read them beside this rule:
    UTC instants when the rule has a (UTC) UNTIL, wall-clock times in `tz` otherwise.
    The latest exception dates are kept: past ones no longer change what the agenda shows.
    """
    text = "RRULE:" + _until_in_utc(stored.rule.strip().removeprefix("RRULE:"), tz)
    if "UNTIL=" in text.upper():
        stamp = _utc_stamp
    else:

        def stamp(value: datetime) -> str:
            return value.astimezone(tz).strftime("%Y%m%dT%H%M%S")

    rdates = sorted(set(stored.rdates))
    exdates = sorted(set(stored.exdates))
    dropped = 0
    while True:
        lines = [text]
        if exdates:
            lines.append("EXDATE:" + ",".join(stamp(d) for d in exdates))
        if rdates:
            lines.append("RDATE:" + ",".join(stamp(d) for d in rdates))
        joined = "\n".join(lines)
        if len(joined) <= RRULE_COLUMN_SIZE or not (exdates or rdates):
            return joined, dropped
        if rdates and (not exdates or len(rdates) >= len(exdates)):
            rdates.pop(0)
        else:
            exdates.pop(0)
        dropped += 1


def _instants(value: str, tz: ZoneInfo) -> tuple[datetime, ...]:
    found = []
    for item in value.split(","):
        item = item.strip()
        try:
            if item.endswith("Z"):
                found.append(datetime.strptime(item, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC))
            elif item:
                found.append(datetime.strptime(item, "%Y%m%dT%H%M%S").replace(tzinfo=tz))
        except ValueError:
            continue
    return tuple(found)


def split(text: str, tz: ZoneInfo) -> StoredRule:
    """Read the column text back (rule, exception dates, extra dates); wall times are in `tz`."""
    rule = ""
    exdates: tuple[datetime, ...] = ()
    rdates: tuple[datetime, ...] = ()
    for line in text.splitlines():
        line = line.strip()
        upper = line.upper()
        if upper.startswith("EXDATE"):
            exdates += _instants(line.partition(":")[2], tz)
        elif upper.startswith("RDATE"):
            rdates += _instants(line.partition(":")[2], tz)
        elif line:
            rule = line.removeprefix("RRULE:")
    return StoredRule(rule, exdates, rdates)
