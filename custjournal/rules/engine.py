"""Runs every enabled rule over one snapshot and returns the risks, worst and soonest first."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from custjournal.domain.errors import ValidationError
from custjournal.domain.times import zone
from custjournal.rules.base import DEFAULT_USER_TZ, Context
from custjournal.rules.catalogue import RULES
from custjournal.rules.risk import Risk
from custjournal.rules.snapshot import Snapshot


def evaluate(
    snapshot: Snapshot, now: datetime, settings: Mapping[str, Any] | None = None
) -> list[Risk]:
    """All risks in the snapshot at `now`; `settings` holds thresholds and `user.timezone`.

    The same snapshot, `now` and settings always give the same list in the same order.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValidationError("now", "must carry a time zone")
    # UTC, so that `now - then` is a true duration even when `now` came in a local zone.
    now = now.astimezone(UTC)
    settings = settings or {}
    user_tz = str(settings.get("user.timezone") or DEFAULT_USER_TZ)
    try:
        zone(user_tz)
    except ValidationError:
        user_tz = DEFAULT_USER_TZ
    me = str(settings.get("local.owner") or "")
    found: dict[str, Risk] = {}
    for rule in RULES:
        if not rule.enabled(settings):
            continue
        context = Context(rule, snapshot, now, rule.params(settings), user_tz, me)
        for risk in rule.check(context):
            found.setdefault(risk.key, risk)
    return sorted(found.values(), key=Risk.sort_key)
