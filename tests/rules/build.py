"""Builders for pure rule tests: snapshots with only the records a case needs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from custjournal.domain.enums import CommitmentKind, Direction, Stage
from custjournal.rules import Risk, evaluate
from custjournal.rules.snapshot import (
    CommitmentRecord,
    CustomerRecord,
    InteractionRecord,
    Snapshot,
)

# Monday 23 November 2026, 10:00 UTC — the suite's frozen clock.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
HELSINKI = ZoneInfo("Europe/Helsinki")
LISBON = ZoneInfo("Europe/Lisbon")

_ids = count(100)


def next_id() -> int:
    return next(_ids)


def customer(**values: Any) -> CustomerRecord:
    values.setdefault("id", 1)
    values.setdefault("name", "Lakeside Dental")
    values.setdefault("stage", Stage.ACTIVE)
    values.setdefault("created_at", NOW - 400 * DAY)
    return CustomerRecord(**values)


def contact_at(when: datetime, **values: Any) -> InteractionRecord:
    values.setdefault("id", next_id())
    values.setdefault("customer_id", 1)
    return InteractionRecord(occurred_at=when, **values)


def promise(due: datetime, **values: Any) -> CommitmentRecord:
    values.setdefault("id", next_id())
    values.setdefault("customer_id", 1)
    values.setdefault("title", "Send the revised quote")
    return CommitmentRecord(due_at=due, **values)


def appointment(start: datetime, **values: Any) -> CommitmentRecord:
    values.setdefault("id", next_id())
    values.setdefault("customer_id", 1)
    values.setdefault("title", "Workshop")
    values.setdefault("duration_minutes", 60)
    values.setdefault("direction", Direction.MINE)
    return CommitmentRecord(due_at=start, kind=CommitmentKind.APPOINTMENT, **values)


def snapshot(**values: Any) -> Snapshot:
    values.setdefault("customers", (customer(),))
    return Snapshot(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


def risks(
    snap: Snapshot,
    rule_id: str,
    *,
    now: datetime = NOW,
    settings: Mapping[str, Any] | None = None,
) -> list[Risk]:
    """The risks one rule raises (every other rule switched off, so cases stay independent)."""
    from custjournal.rules.catalogue import RULES  # noqa: PLC0415

    only = {rule.enabled_key: rule.id == rule_id for rule in RULES}
    return evaluate(snap, now, {**only, **(settings or {})})


def fires(snap: Snapshot, rule_id: str, **kwargs: Any) -> bool:
    return bool(risks(snap, rule_id, **kwargs))
