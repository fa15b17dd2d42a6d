"""Risks as the user sees them: load a snapshot in a fixed few queries, evaluate, snooze."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from custjournal.domain import (
    Commitment,
    Contact,
    Customer,
    CustomerQuestion,
    DueChange,
    EtiquetteReminder,
    Interaction,
    NotFoundError,
    Notice,
    Project,
    ProjectChange,
    Retrospective,
    RiskSnooze,
    ScopeAddition,
    ValidationError,
)
from custjournal.domain.enums import EtiquetteScope
from custjournal.domain.times import require_aware
from custjournal.rules import Risk, evaluate
from custjournal.rules.catalogue import RULES, RULES_BY_ID
from custjournal.rules.snapshot import (
    CommitmentRecord,
    ContactRecord,
    CustomerRecord,
    DueChangeRecord,
    EtiquetteCounts,
    InteractionRecord,
    NoticeRecord,
    ProjectChangeRecord,
    ProjectRecord,
    QuestionRecord,
    RetrospectiveRecord,
    ScopeAdditionRecord,
    Snapshot,
)
from custjournal.services.settings import all_settings
from custjournal.store import Journal

# The number of queries load_snapshot issues, whatever the size of the journal.
SNAPSHOT_QUERIES = 12


def _rows(session: Session, record: type, *columns: Any) -> tuple[Any, ...]:
    """One set-based query; each row becomes a frozen record by column name."""
    names = [column.key for column in columns]
    # Core execution on the session's connection: plain rows, no ORM loading overhead.
    rows = session.connection().execute(select(*columns))
    return tuple(record(**dict(zip(names, row, strict=True))) for row in rows)


def load_snapshot(session: Session, *, now: datetime) -> Snapshot:
    """The whole journal as plain records (bodies left out), in SNAPSHOT_QUERIES queries."""
    require_aware(now, "now")
    customers = _rows(
        session, CustomerRecord,
        Customer.id, Customer.name, Customer.stage, Customer.temperament,
        Customer.preferred_channel, Customer.cadence_days, Customer.country, Customer.culture,
        Customer.timezone, Customer.created_at,
    )  # fmt: skip
    contacts = _rows(
        session, ContactRecord,
        Contact.id, Contact.customer_id, Contact.name, Contact.preferred_channel,
    )  # fmt: skip
    interactions = _rows(
        session, InteractionRecord,
        Interaction.id, Interaction.customer_id, Interaction.occurred_at, Interaction.kind,
        Interaction.channel, Interaction.project_id, Interaction.timezone, Interaction.title,
        Interaction.mood,
    )  # fmt: skip
    questions = tuple(
        QuestionRecord(
            id=qid, interaction_id=iid, customer_id=cid, asked_at=at, topic=topic, text=text
        )
        for qid, iid, cid, at, topic, text in session.connection().execute(
            select(
                CustomerQuestion.id,
                CustomerQuestion.interaction_id,
                Interaction.customer_id,
                Interaction.occurred_at,
                CustomerQuestion.topic,
                CustomerQuestion.text,
            ).join(Interaction, Interaction.id == CustomerQuestion.interaction_id)
        )
    )
    commitments = _rows(
        session, CommitmentRecord,
        Commitment.id, Commitment.customer_id, Commitment.title, Commitment.due_at,
        Commitment.kind, Commitment.direction, Commitment.status, Commitment.timezone,
        Commitment.project_id, Commitment.interaction_id, Commitment.completed_at,
        Commitment.duration_minutes, Commitment.location, Commitment.channel, Commitment.rrule,
        Commitment.confirmed_at, Commitment.follow_up, Commitment.created_at,
    )  # fmt: skip
    due_changes = _rows(
        session, DueChangeRecord,
        DueChange.id, DueChange.commitment_id, DueChange.changed_at, DueChange.old_due_at,
        DueChange.new_due_at, DueChange.notice_id,
    )  # fmt: skip
    notices = _rows(
        session, NoticeRecord,
        Notice.id, Notice.customer_id, Notice.kind, Notice.title, Notice.effective_at,
        Notice.sent_at, Notice.channel, Notice.commitment_id, Notice.what_changes,
        Notice.timezone, Notice.acknowledged_at, Notice.acknowledged_by,
    )  # fmt: skip
    projects = _rows(
        session, ProjectRecord,
        Project.id, Project.customer_id, Project.name, Project.status, Project.currency,
        Project.price, Project.start_date, Project.end_date, Project.scope,
        Project.success_criteria, Project.handover_criteria, Project.agreed_at,
        Project.delivered_at, Project.created_at,
    )  # fmt: skip
    project_changes = _rows(
        session, ProjectChangeRecord,
        ProjectChange.id, ProjectChange.project_id, ProjectChange.field, ProjectChange.changed_at,
        ProjectChange.old_amount, ProjectChange.new_amount, ProjectChange.old_date,
        ProjectChange.new_date, ProjectChange.reason,
    )  # fmt: skip
    scope_additions = _rows(
        session, ScopeAdditionRecord,
        ScopeAddition.id, ScopeAddition.project_id, ScopeAddition.added_at,
        ScopeAddition.description, ScopeAddition.extra_price, ScopeAddition.customer_agreed,
    )  # fmt: skip
    retrospectives = _rows(
        session, RetrospectiveRecord,
        Retrospective.id, Retrospective.project_id, Retrospective.created_at,
        Retrospective.completed_at,
    )  # fmt: skip
    return Snapshot(
        customers=customers,
        contacts=contacts,
        interactions=interactions,
        questions=questions,
        commitments=commitments,
        due_changes=due_changes,
        notices=notices,
        projects=projects,
        project_changes=project_changes,
        scope_additions=scope_additions,
        retrospectives=retrospectives,
        etiquette=_etiquette_counts(session),
    )


def _etiquette_counts(session: Session) -> EtiquetteCounts:
    general = 0
    by_culture: dict[str, int] = {}
    by_customer: dict[int, int] = {}
    query = (
        select(
            EtiquetteReminder.scope,
            EtiquetteReminder.culture,
            EtiquetteReminder.customer_id,
            func.count(),
        )
        .where(EtiquetteReminder.enabled.is_(True))
        .group_by(EtiquetteReminder.scope, EtiquetteReminder.culture, EtiquetteReminder.customer_id)
    )
    for scope, culture, customer_id, count in session.connection().execute(query):
        if scope == EtiquetteScope.GLOBAL:
            general += count
        elif scope == EtiquetteScope.CULTURE and culture:
            code = culture.strip().upper()
            by_culture[code] = by_culture.get(code, 0) + count
        elif scope == EtiquetteScope.CUSTOMER and customer_id is not None:
            by_customer[customer_id] = by_customer.get(customer_id, 0) + count
    return EtiquetteCounts(
        global_count=general,
        by_culture=tuple(sorted(by_culture.items())),
        by_customer=tuple(sorted(by_customer.items())),
    )


def rule_settings(session: Session) -> dict[str, Any]:
    """Every setting the rules read (thresholds, switches, user.timezone), stored or default."""
    return all_settings(session)


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
    """The risks at `now`, worst first; snoozed ones are left out until their date passes."""
    with journal.reading() as session:
        snapshot = load_snapshot(session, now=now)
        settings = rule_settings(session)
        snoozed = {} if include_snoozed else _active_snoozes(session, now)
    risks = evaluate(snapshot, now, settings)
    return [
        risk
        for risk in risks
        if (customer_id is None or risk.customer_id == customer_id) and risk.key not in snoozed
    ]


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
