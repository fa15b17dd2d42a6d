"""Risks as the user sees them: evaluate the rules over a snapshot, list them, snooze them."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Set
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from custjournal.domain import (
    Customer,
    NotFoundError,
    RiskSnooze,
    ValidationError,
)
from custjournal.domain.times import require_aware
from custjournal.rules import Risk, evaluate
from custjournal.rules.catalogue import RULES, RULES_BY_ID
from custjournal.rules.snapshot import Snapshot
from custjournal.services import profile
from custjournal.services.bulk import no_cycle_collection
from custjournal.services.risk_snapshot import SNAPSHOT_QUERIES, load_snapshot
from custjournal.services.settings import all_settings
from custjournal.store import Journal

__all__ = [
    "SNAPSHOT_QUERIES",
    "evaluate_risks",
    "find_customer_id",
    "list_rules",
    "list_snoozes",
    "load_snapshot",
    "rule_settings",
    "snooze_risk",
    "unsnooze_risk",
]


def rule_settings(session: Session) -> dict[str, Any]:
    """Every setting the rules read (thresholds, switches, user.timezone), stored or default,
    and who is at this computer (local.owner: colleagues' promises are worded as theirs)."""
    return {**all_settings(session), "local.owner": profile.owner()}


def _active_snoozes(session: Session, now: datetime) -> dict[str, datetime]:
    query = select(RiskSnooze.key, RiskSnooze.until).where(RiskSnooze.until > now)
    return {key: until for key, until in session.execute(query)}


def evaluate_risks(
    journal: Journal,
    *,
    now: datetime,
    customer_id: int | None = None,
    include_snoozed: bool = False,
) -> list[Risk]:
    """The risks at `now`, worst first; snoozed ones are left out until their date passes.

    With `customer_id`, that customer's risks: those about them, and those that name one of
    their commitments too (a double booking is listed under the later appointment's customer,
    and the earlier one's customer has to move a meeting just as much).
    """
    risks, snapshot, *_reading = evaluated(
        journal, now=now, customer_id=customer_id, include_snoozed=include_snoozed
    )
    if customer_id is None:
        return risks
    theirs = {c.id for c in snapshot.commitments if c.customer_id == customer_id}
    return [risk for risk in risks if concerns(risk, customer_id, theirs)]


def concerns(risk: Risk, customer_id: int, commitments: Set[int]) -> bool:
    """Whether `risk` is about the customer or names one of their `commitments`."""
    return risk.customer_id == customer_id or not commitments.isdisjoint(risk.also)


class Evaluated(NamedTuple):
    risks: list[Risk]
    snapshot: Snapshot
    # The journal's change mark as the reading saw it (SQLite; None on a server).
    mark: int | None
    # The rest of what the rules read: their settings, and the snoozes in force at `now`
    # (with when each ends).
    settings: Mapping[str, Any]
    snoozed: Mapping[str, datetime]
    # What the reading saw of the journal's history (Journal.state: on both databases).
    state: Hashable


def evaluated(
    journal: Journal,
    *,
    now: datetime,
    customer_id: int | None = None,
    include_snoozed: bool = False,
    whole_diary: bool = False,
    serves: timedelta = timedelta(0),
) -> Evaluated:
    """Every risk in the journal's reduced reading at `now` (see load_snapshot; `serves` too),
    with it.

    The dozen statements read one state of the journal: the window evaluates beside its
    writer, and a customer deleted between two of them must not turn into a risk."""
    with no_cycle_collection(), journal.reading(at_one_moment=True) as session:
        # First: on a server, it is the snapshot every statement after it reads.
        state = journal.state(session)
        mark = journal.change_mark(session)
        settings = rule_settings(session)
        snapshot = load_snapshot(
            session,
            now=now,
            settings=settings,
            reduced=True,
            customer_id=customer_id,
            whole_diary=whole_diary,
            serves=serves,
        )
        snoozed = {} if include_snoozed else _active_snoozes(session, now)
        risks = evaluate(snapshot, now, settings)
    return Evaluated(unsnoozed(risks, snoozed, now), snapshot, mark, settings, snoozed, state)


def unsnoozed(risks: list[Risk], snoozed: Mapping[str, datetime], now: datetime) -> list[Risk]:
    """The risks not snoozed at `now` (of `snoozed`, which says until when each is)."""
    return [risk for risk in risks if snoozed.get(risk.key, now) <= now]


@dataclass(frozen=True, slots=True)
class SnoozeView:
    key: str
    until: datetime
    reason: str
    created_at: datetime


def _check_key(key: str) -> str:
    cleaned = (key or "").strip()
    rule_id = cleaned.split(":", 1)[0]
    if not cleaned or ":" not in cleaned or rule_id not in RULES_BY_ID:
        raise ValidationError(
            "key",
            f"{key!r} is not a risk key (copy one from `custjournal risks`, "
            "e.g. overdue:commitment:42)",
        )
    if len(cleaned) > 300:
        raise ValidationError("key", "is too long (at most 300 characters)")
    return cleaned


def snooze_risk(
    journal: Journal, *, key: str, until: datetime, now: datetime, reason: str = ""
) -> SnoozeView:
    """Hide the risk with this key until `until` (it shows again once that moment passes)."""
    key = _check_key(key)
    require_aware(until, "until")
    if until <= now:
        raise ValidationError("until", "is not in the future; a snooze hides a risk until later")
    reason = " ".join(str(reason or "").split())
    if len(reason) > 1000:
        raise ValidationError("reason", "is too long (at most 1000 characters)")
    with journal.transaction() as session:
        row = session.get(RiskSnooze, key)
        if row is None:
            row = RiskSnooze(key=key, until=until, reason=reason, created_at=now)
            session.add(row)
        else:
            row.until, row.reason, row.created_at = until, reason, now
        return SnoozeView(key, until, reason, now)


def unsnooze_risk(journal: Journal, *, key: str) -> None:
    """Show a snoozed risk again straight away."""
    cleaned = (key or "").strip()
    with journal.transaction() as session:
        result = session.execute(delete(RiskSnooze).where(RiskSnooze.key == cleaned))
        if result.rowcount == 0:
            raise NotFoundError("snoozed risk", cleaned)


def list_snoozes(journal: Journal, *, now: datetime) -> list[SnoozeView]:
    """Snoozes still in force at `now`, soonest to wake first."""
    with journal.reading() as session:
        rows = session.scalars(
            select(RiskSnooze).where(RiskSnooze.until > now).order_by(RiskSnooze.until)
        )
        return [SnoozeView(r.key, r.until, r.reason, r.created_at) for r in rows]


@dataclass(frozen=True, slots=True)
class ThresholdView:
    name: str
    key: str
    value: int
    default: int
    unit: str
    help: str


@dataclass(frozen=True, slots=True)
class RuleView:
    id: str
    title: str
    explanation: str
    severity: str
    enabled: bool
    thresholds: tuple[ThresholdView, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "explanation": self.explanation,
            "severity": self.severity,
            "enabled": self.enabled,
            "thresholds": [
                {"name": t.name, "setting": t.key, "value": t.value, "default": t.default,
                 "unit": t.unit, "help": t.help}
                for t in self.thresholds
            ],
        }  # fmt: skip


def list_rules(journal: Journal) -> list[RuleView]:
    """The catalogue with each rule's switch and current thresholds."""
    with journal.reading() as session:
        settings = rule_settings(session)
    views = []
    for rule in RULES:
        params = rule.params(settings)
        views.append(
            RuleView(
                rule.id,
                rule.title,
                rule.explanation,
                rule.severity.value,
                rule.enabled(settings),
                tuple(
                    ThresholdView(
                        t.name, rule.setting_key(t), params[t.name], t.default, t.unit, t.help
                    )
                    for t in rule.thresholds
                ),
            )
        )
    return views


def find_customer_id(journal: Journal, name: str) -> int:
    """The customer called `name` (case-insensitive; a unique beginning is enough)."""
    wanted = " ".join((name or "").split())
    if not wanted:
        raise ValidationError("customer", "is empty")
    with journal.reading() as session:
        rows = session.execute(select(Customer.id, Customer.name)).all()
    exact = [cid for cid, cname in rows if cname.casefold() == wanted.casefold()]
    if exact:
        return exact[0]
    starts = [cid for cid, cname in rows if cname.casefold().startswith(wanted.casefold())]
    if len(starts) == 1:
        return starts[0]
    if starts:
        raise ValidationError("customer", f"{name!r} matches {len(starts)} customers; be precise")
    raise NotFoundError("customer", wanted)
