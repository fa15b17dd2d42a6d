"""Appointment occurrences in a bounded window, recurring ones expanded by their RRULE."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from custjournal.domain import recurrence
from custjournal.rules.snapshot import CommitmentRecord


@dataclass(frozen=True, slots=True)
class Occurrence:
    commitment: CommitmentRecord
    start: datetime
    end: datetime
    recurring: bool

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def starts(item: CommitmentRecord, start: datetime, end: datetime) -> list[datetime]:
    """Start times of `item` in [start, end], in UTC.

    Recurring ones are expanded exactly as the agenda does (domain.recurrence: on the
    appointment's own wall clock, so 09:00 Helsinki stays 09:00 across DST, and bounded, so a
    runaway rule cannot hang the rules); an unreadable rule counts as no repetition.
    """
    single = [item.due_at] if start <= item.due_at <= end else []
    if not item.rrule.strip():
        return single
    try:
        found = recurrence.occurrences(
            item.rrule,
            start=item.due_at,
            timezone=item.timezone,
            window_start=start,
            window_end=end,
        )
        moments = [moment.astimezone(UTC) for moment in found]
    except (ValueError, TypeError, OverflowError):  # ValidationError too: an unknown zone
        return single
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
