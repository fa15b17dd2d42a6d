"""What Today showed last time, kept so a cold start can paint it at once while the rules run.

Evaluating every rule over a journal of ten years takes seconds; a window that stays empty
meanwhile looks broken. The last evaluation's most pressing risks are kept in a small file
beside the journal (in its private folder, readable by its owner only), stamped with the time
they were evaluated and the journal's change mark (a counter every committed change moves).
They are shown only if nothing has changed since, marked with that time, and replaced as soon
as the fresh evaluation is done. Encrypted and server journals are never cached: risks name
customers and promises, and a plain-text copy would undo the encryption; another laptop's
change to a server journal moves no mark here.

The agenda rows shown with those risks are kept too, with the user's time zone, so a cold
start paints Today without reading the journal through the ORM; they are shown only on the
same day in that zone, while nothing has changed, and are replaced by a fresh reading at once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from custjournal.domain.times import require_aware
from custjournal.rules.risk import Risk, Severity
from custjournal.services.settings import system_timezone
from custjournal.store import Journal
from custjournal.store.files import today_cache_file, write_private

VERSION = 3
# Today shows this many of the most pressing risks; the Risks view lists them all.
KEPT = 100
# The soonest agenda rows kept: a few screenfuls, which is what the first paint shows. A
# busy week has thousands (1,558 on stress: 0.5 MB, ~50 ms to read back before the paint);
# the fresh reading that follows brings the rest.
KEPT_ROWS = 200


@dataclass(frozen=True, slots=True)
class TodayRisks:
    """The most pressing risks at `evaluated_at`, and how many there were in all."""

    evaluated_at: datetime
    shown: tuple[Risk, ...]
    critical: int
    warnings: int


@dataclass(frozen=True, slots=True)
class TodayAgenda:
    """Today's agenda rows (services.commitment_views.AgendaItem) as read at `read_at`, for
    `days` days, with the user's time zone then."""

    read_at: datetime
    user_tz: str
    days: int
    items: tuple[Any, ...]
    # How many rows there were in all: `items` may be only the soonest of them.
    total: int = -1

    def __post_init__(self) -> None:
        if self.total < 0:
            object.__setattr__(self, "total", len(self.items))

    def day(self) -> str:
        """The user's day the rows were read on (ISO date)."""
        return self.read_at.astimezone(ZoneInfo(self.user_tz)).date().isoformat()

    def valid_at(self, now: datetime, days: int) -> bool:
        """Whether these rows are Today's at `now`: the same day in the user's zone and the
        same span (a new day brings other rows; earlier or later this day is checked anew)."""
        return (
            days == self.days
            and self.day() == now.astimezone(ZoneInfo(self.user_tz)).date().isoformat()
        )


@dataclass(frozen=True, slots=True)
class ColdStart:
    """What the last start showed, valid while the journal has not changed since."""

    user_tz: str | None
    risks: TodayRisks
    agenda: TodayAgenda | None


def pressing(risks: Sequence[Risk], now: datetime, limit: int = KEPT) -> TodayRisks:
    """Critical and warning risks, worst and soonest first, at most `limit` of them."""
    urgent = sorted((r for r in risks if r.severity != Severity.INFO), key=Risk.sort_key)
    critical = sum(1 for r in urgent if r.severity == Severity.CRITICAL)
    return TodayRisks(now, tuple(urgent[:limit]), critical, len(urgent) - critical)


def _location(journal: Journal) -> tuple[Path, Path] | None:
    """(the journal file, its cache file), or None when it must not be cached."""
    path = journal.path
    if path is None or journal.encrypted:
        return None
    return path, today_cache_file(path)


def save(
    journal: Journal,
    today: TodayRisks,
    agenda: TodayAgenda | None = None,
    *,
    agenda_mark: int | None = None,
    mark: int | None = None,
) -> None:
    """Keep what Today shows now; a cache that cannot be written is simply not kept.

    `today` is of the journal at its change `mark` (default: as it is now); `agenda` is kept
    only if it was read at `agenda_mark` and nothing has changed since.
    """
    require_aware(today.evaluated_at, "evaluated_at")
    place = _location(journal)
    if place is None:
        return
    path, target = place
    if mark is None:
        mark = journal.change_mark()
    data: dict[str, Any] = {
        "version": VERSION,
        "journal": str(path.resolve()),
        "change_mark": mark,
        # The zone setting defaults to the machine's: a laptop taken to another zone shows
        # other days and times with no change to the journal.
        "system_tz": system_timezone(),
        "evaluated_at": today.evaluated_at.isoformat(),
        "critical": today.critical,
        "warnings": today.warnings,
        "risks": [risk.to_dict() for risk in today.shown],
    }
    if agenda is not None and agenda_mark == mark:
        from custjournal.services import today_rows  # noqa: PLC0415  (not needed to save risks)

        require_aware(agenda.read_at, "read_at")
        data["user_tz"] = agenda.user_tz
        data["agenda"] = {
            "read_at": agenda.read_at.isoformat(),
            "days": agenda.days,
            "total": agenda.total,
            **today_rows.dump(agenda.items[:KEPT_ROWS]),
        }
    # A full disk or a read-only cache folder costs a slower start, nothing more.
    with suppress(OSError):
        write_private(target, json.dumps(data, ensure_ascii=False))


def _read(journal: Journal) -> dict[str, Any] | None:
    """The cache file's contents if it is this journal's at its present change mark."""
    place = _location(journal)
    if place is None:
        return None
    path, target = place
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return None
    if data.get("journal") != str(path.resolve()):
        return None
    if data.get("change_mark") != journal.change_mark():
        return None
    if data.get("system_tz") != system_timezone():
        return None
    return data


def _risks(data: dict[str, Any]) -> TodayRisks:
    evaluated_at = datetime.fromisoformat(data["evaluated_at"])
    require_aware(evaluated_at, "evaluated_at")
    shown = tuple(Risk.from_dict(item) for item in data["risks"])
    return TodayRisks(evaluated_at, shown, int(data["critical"]), int(data["warnings"]))


def _agenda(data: dict[str, Any], user_tz: str) -> TodayAgenda:
    from custjournal.services import today_rows  # noqa: PLC0415  (only when rows were kept)

    read_at = datetime.fromisoformat(data["read_at"])
    require_aware(read_at, "read_at")
    items = today_rows.load(data)
    total = int(data["total"])
    if total < len(items):
        raise ValueError(f"{len(items)} rows kept of {total}")
    return TodayAgenda(read_at, user_tz, int(data["days"]), items, total)


def load(journal: Journal) -> TodayRisks | None:
    """What Today showed last, if the journal has not changed since; None otherwise."""
    data = _read(journal)
    try:
        return None if data is None else _risks(data)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # damaged or from another version: evaluate afresh


def load_start(journal: Journal) -> ColdStart | None:
    """What Today showed last, its agenda rows and the user's zone then, if the journal has
    not changed since; None otherwise (and no agenda if its rows cannot be read)."""
    data = _read(journal)
    if data is None:
        return None
    try:
        risks = _risks(data)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    try:
        user_tz = data.get("user_tz")
        if user_tz is None or "agenda" not in data:
            return ColdStart(None, risks, None)
        ZoneInfo(user_tz)
        return ColdStart(user_tz, risks, _agenda(data["agenda"], user_tz))
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        return ColdStart(None, risks, None)  # the risks alone, as before rows were kept
