"""Appointment occurrences in a bounded window, recurring ones expanded by their RRULE."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from custjournal.domain.errors import ValidationError
from custjournal.domain.times import zone
from custjournal.rules.snapshot import CommitmentRecord

MAX_PER_SERIES = 1000


@dataclass(frozen=True, slots=True)
class Occurrence:
    commitment: CommitmentRecord
    start: datetime
    end: datetime
    recurring: bool

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def _zone_or_utc(name: str) -> ZoneInfo:
    try:
        return zone(name)
    except ValidationError:
        return ZoneInfo("UTC")


def starts(item: CommitmentRecord, start: datetime, end: datetime) -> list[datetime]:
    """Start times of `item` in [start, end], in UTC; a broken RRULE counts as no repetition."""
    if not item.rrule.strip():
        return [item.due_at] if start <= item.due_at <= end else []
    tz = _zone_or_utc(item.timezone)
    # Expand in the appointment's own wall clock, so "every Monday 09:00 Helsinki" stays 09:00
    # on both sides of a DST change.
    first = item.due_at.astimezone(tz)
    text = item.rrule.strip().removeprefix("RRULE:")
    try:
        rule = rrulestr(text, dtstart=first)
        found = rule.between(start.astimezone(tz), end.astimezone(tz), inc=True)
    except (ValueError, TypeError, OverflowError):
        # A floating UNTIL (no Z) is refused beside an aware start: expand in naive wall time.
        try:
            naive = rrulestr(text, dtstart=first.replace(tzinfo=None))
            low = start.astimezone(tz).replace(tzinfo=None)
            high = end.astimezone(tz).replace(tzinfo=None)
            found = [m.replace(tzinfo=tz) for m in naive.between(low, high, inc=True)]
        except (ValueError, TypeError, OverflowError):
            return [item.due_at] if start <= item.due_at <= end else []
    moments = [moment.astimezone(UTC) for moment in found[:MAX_PER_SERIES]]
    return [m for m in moments if start <= m <= end]


def occurrences(
    items: Iterable[CommitmentRecord],
    *,
    start: datetime,
    end: datetime,
    default_minutes: int,
) -> Iterator[Occurrence]:
    """Occurrences of the given appointments that are under way or begin in [start, end]."""
    for item in items:
        minutes = item.duration_minutes or default_minutes
        length = timedelta(minutes=minutes)
        # Look back by the length so an appointment already under way is still seen.
        for moment in starts(item, start - length, end):
            if moment + length > start:
                yield Occurrence(item, moment, moment + length, bool(item.rrule.strip()))
