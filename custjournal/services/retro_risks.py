"""Risks raised during a project: the rules replayed week by week on one customer snapshot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from custjournal.domain.times import zone
from custjournal.store import Journal

RISK_STEP = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class RiskCount:
    rule_id: str
    count: int
    example: str


Evaluator = Callable[[datetime], list[Any]]


def restricted(snapshot: Any, customer_id: int) -> Any:
    """The snapshot cut down to one customer's records, so each weekly run is cheap."""
    try:
        commitments = tuple(c for c in snapshot.commitments if c.customer_id == customer_id)
        projects = tuple(p for p in snapshot.projects if p.customer_id == customer_id)
        commitment_ids = {c.id for c in commitments}
        project_ids = {p.id for p in projects}
        return replace(
            snapshot,
            customers=tuple(c for c in snapshot.customers if c.id == customer_id),
            contacts=tuple(c for c in snapshot.contacts if c.customer_id == customer_id),
            interactions=tuple(i for i in snapshot.interactions if i.customer_id == customer_id),
            questions=tuple(q for q in snapshot.questions if q.customer_id == customer_id),
            commitments=commitments,
            due_changes=tuple(d for d in snapshot.due_changes if d.commitment_id in commitment_ids),
            notices=tuple(n for n in snapshot.notices if n.customer_id == customer_id),
            projects=projects,
            project_changes=tuple(
                c for c in snapshot.project_changes if c.project_id in project_ids
            ),
            scope_additions=tuple(
                a for a in snapshot.scope_additions if a.project_id in project_ids
            ),
            retrospectives=tuple(r for r in snapshot.retrospectives if r.project_id in project_ids),
        )
    except (AttributeError, TypeError, ValueError):
        return snapshot  # a changed snapshot shape: evaluate everything, filter afterwards


def evaluator(journal: Journal, customer_id: int, latest: datetime) -> Evaluator | None:
    """Rules as a function of `now` over one snapshot of the customer (read once).

    Snoozes are ignored on purpose: a snoozed risk was still raised. None when the rules
    engine is not installed.
    """
    try:
        from custjournal.rules import evaluate  # noqa: PLC0415 - optional until it lands
        from custjournal.services.risks import load_snapshot, rule_settings  # noqa: PLC0415
    except ImportError:
        return None
    with journal.reading() as session:
        snapshot = restricted(load_snapshot(session, now=latest), customer_id)
        settings = rule_settings(session)

    def run(moment: datetime) -> list[Any]:
        return [r for r in evaluate(snapshot, moment, settings) if r.customer_id == customer_id]

    return run


def risks_during(
    journal: Journal,
    *,
    customer_id: int,
    project_id: int,
    mine_ids: set[int],
    start: date,
    end: date,
    tz: str,
    now: datetime,
) -> tuple[list[RiskCount], bool, int]:
    local = zone(tz)
    moment = datetime.combine(start, time(12, 0), tzinfo=local).astimezone(UTC)
    last = min(datetime.combine(end, time(23, 59), tzinfo=local).astimezone(UTC), now)
    evaluate_at = evaluator(journal, customer_id, last)
    if evaluate_at is None:
        return [], False, 0
    seen: dict[str, tuple[str, str]] = {}
    checks = 0
    while moment <= last:
        checks += 1
        for risk in evaluate_at(moment):
            if about_this_project(risk, project_id, mine_ids):
                seen.setdefault(str(risk.key), (str(risk.rule_id), str(risk.reason)))
        moment += RISK_STEP
    by_rule: dict[str, list[str]] = {}
    for rule_id, reason in seen.values():
        by_rule.setdefault(rule_id, []).append(reason)
    counts = [RiskCount(rule, len(reasons), reasons[0]) for rule, reasons in by_rule.items()]
    return sorted(counts, key=lambda r: (-r.count, r.rule_id)), True, checks


def about_this_project(risk: Any, project_id: int, commitment_ids: set[int]) -> bool:
    """Customer-wide risks count; risks about another project or its promises do not."""
    kind = getattr(risk, "subject_type", "")
    subject = getattr(risk, "subject_id", None)
    if kind == "project":
        return subject == project_id
    if kind == "commitment":
        return subject in commitment_ids
    return kind != "day"
