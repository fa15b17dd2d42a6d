"""What Today showed last time, kept so a cold start can paint it at once while the rules run.

Evaluating every rule over a journal of ten years takes seconds; a window that stays empty
meanwhile looks broken. The last evaluation's most pressing risks are kept in a small file
beside the journal (in its private folder, readable by its owner only), stamped with the time
they were evaluated and the journal's change mark (a counter every committed change moves).
They are shown only if nothing has changed since, marked with that time, and replaced as soon
as the fresh evaluation is done. Encrypted and server journals are never cached: risks name
customers and promises, and a plain-text copy would undo the encryption; another laptop's
change to a server journal moves no mark here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from custjournal.domain.times import require_aware
from custjournal.rules.risk import Risk, Severity
from custjournal.store import Journal
from custjournal.store.files import today_cache_file, write_private

VERSION = 1
# Today shows this many of the most pressing risks; the Risks view lists them all.
KEPT = 100


@dataclass(frozen=True, slots=True)
class TodayRisks:
    """The most pressing risks at `evaluated_at`, and how many there were in all."""

    evaluated_at: datetime
    shown: tuple[Risk, ...]
    critical: int
    warnings: int


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


def save(journal: Journal, today: TodayRisks) -> None:
    """Keep what Today shows now; a cache that cannot be written is simply not kept."""
    require_aware(today.evaluated_at, "evaluated_at")
    place = _location(journal)
    if place is None:
        return
    path, target = place
    data = {
        "version": VERSION,
        "journal": str(path.resolve()),
        "change_mark": journal.change_mark(),
        "evaluated_at": today.evaluated_at.isoformat(),
        "critical": today.critical,
        "warnings": today.warnings,
        "risks": [risk.to_dict() for risk in today.shown],
    }
    # A full disk or a read-only cache folder costs a slower start, nothing more.
    with suppress(OSError):
        write_private(target, json.dumps(data, ensure_ascii=False))


def load(journal: Journal) -> TodayRisks | None:
    """What Today showed last, if the journal has not changed since; None otherwise."""
    place = _location(journal)
    if place is None:
        return None
    path, target = place
    try:
        data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
        if data.get("version") != VERSION or data.get("journal") != str(path.resolve()):
            return None
        if data.get("change_mark") != journal.change_mark():
            return None
        evaluated_at = datetime.fromisoformat(data["evaluated_at"])
        require_aware(evaluated_at, "evaluated_at")
        shown = tuple(Risk.from_dict(item) for item in data["risks"])
        return TodayRisks(evaluated_at, shown, int(data["critical"]), int(data["warnings"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, damaged or from another version: evaluate afresh
