"""Reading the journal for the rules: a fixed dozen set-based queries, bodies left out.

The rules only ever look at the past through a few facts: the latest contact per customer
and project, whether we met in person or spoke since a notice, and what happened in the last
weeks. So old history is read as those facts (the latest row of each kind per customer), not
row by row when asked for `reduced` (the filters are in risk_reading): a ten-year journal then
costs little more than a young one, and the risks at that `now` are exactly those a complete
snapshot gives (tests compare).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from custjournal.domain import (
    Commitment,
    Customer,
    CustomerQuestion,
    DueChange,
    EtiquetteReminder,
    Interaction,
    Notice,
    Project,
    ProjectChange,
    Retrospective,
    ScopeAddition,
)
from custjournal.domain.enums import (
    EtiquetteScope,
)
from custjournal.domain.times import require_aware
from custjournal.rules.catalogue import RULES_BY_ID
from custjournal.rules.snapshot import (
    CommitmentRecord,
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
from custjournal.services.record_rows import records
from custjournal.services.risk_reading import (
    clashing,
    clashing_parts,
    commitment_filter,
    interaction_filter,
    windows,
)
from custjournal.services.settings import all_settings

# The number of queries load_snapshot issues, whatever the size of the journal
# (one more when it has to read the settings itself).
SNAPSHOT_QUERIES = 11


def _rows(session: Session, record: type, query: Select[Any]) -> tuple[Any, ...]:
    # Core execution on the session's connection: no ORM loading step per row.
    return records(session.connection(), record, query)


def load_snapshot(
    session: Session,
    *,
    now: datetime,
    settings: Mapping[str, Any] | None = None,
    reduced: bool = False,
    customer_id: int | None = None,
) -> Snapshot:
    """The journal for the rules, in SNAPSHOT_QUERIES queries (bodies left out).

    `settings` are the rule settings (read here when not given: one query more). With
    `reduced`, old interactions, questions and commitments are read only as the facts the
    rules can see at exactly this `now` (see the module note): the same risks at `now`, far
    fewer rows, but not fit for replaying the rules at other moments. With `customer_id`,
    only that customer's records are read, plus other customers' open appointments that can
    clash with theirs (with `reduced`, only those near theirs; two small queries more): the
    same risks for that customer, a fraction of the rows.
    """
    require_aware(now, "now")
    if settings is None:
        settings = all_settings(session)
    recent, asked_window, ahead = windows(settings)
    interactions = select(
        Interaction.id, Interaction.customer_id, Interaction.occurred_at, Interaction.kind,
        Interaction.channel, Interaction.project_id, Interaction.timezone, Interaction.title,
        Interaction.mood,
    )  # fmt: skip
    questions = select(
        CustomerQuestion.id, CustomerQuestion.interaction_id, Interaction.customer_id,
        Interaction.occurred_at.label("asked_at"), CustomerQuestion.topic, CustomerQuestion.text,
    ).join(Interaction, Interaction.id == CustomerQuestion.interaction_id)  # fmt: skip
    commitments = select(
        Commitment.id, Commitment.customer_id, Commitment.title, Commitment.due_at,
        Commitment.kind, Commitment.direction, Commitment.status, Commitment.timezone,
        Commitment.project_id, Commitment.interaction_id, Commitment.completed_at,
        Commitment.duration_minutes, Commitment.location, Commitment.channel, Commitment.rrule,
        Commitment.confirmed_at, Commitment.follow_up, Commitment.created_at,
    )  # fmt: skip
    notices = select(
        Notice.id, Notice.customer_id, Notice.kind, Notice.title, Notice.effective_at,
        Notice.sent_at, Notice.channel, Notice.commitment_id, Notice.what_changes,
        Notice.timezone, Notice.acknowledged_at, Notice.acknowledged_by,
    )  # fmt: skip
    projects = select(
        Project.id, Project.customer_id, Project.name, Project.status, Project.currency,
        Project.price, Project.start_date, Project.end_date, Project.scope,
        Project.success_criteria, Project.handover_criteria, Project.agreed_at,
        Project.delivered_at, Project.created_at,
    )  # fmt: skip
    due_changes = select(
        DueChange.id, DueChange.commitment_id, DueChange.changed_at, DueChange.old_due_at,
        DueChange.new_due_at, DueChange.notice_id,
    )  # fmt: skip
    project_changes = select(
        ProjectChange.id, ProjectChange.project_id, ProjectChange.field,
        ProjectChange.changed_at, ProjectChange.old_amount, ProjectChange.new_amount,
        ProjectChange.old_date, ProjectChange.new_date, ProjectChange.reason,
    )  # fmt: skip
    scope_additions = select(
        ScopeAddition.id, ScopeAddition.project_id, ScopeAddition.added_at,
        ScopeAddition.description, ScopeAddition.extra_price, ScopeAddition.customer_agreed,
    )  # fmt: skip
    retrospectives = select(
        Retrospective.id, Retrospective.project_id, Retrospective.created_at,
        Retrospective.completed_at,
    )  # fmt: skip
    customers = select(
        Customer.id, Customer.name, Customer.stage, Customer.temperament,
        Customer.preferred_channel, Customer.cadence_days, Customer.country,
        Customer.culture, Customer.timezone, Customer.created_at,
    )  # fmt: skip
    if customer_id is not None:
        theirs = select(Project.id).where(Project.customer_id == customer_id)
        if not reduced:  # the reduced reading's filter holds the customer already
            interactions = interactions.where(Interaction.customer_id == customer_id)
        questions = questions.where(Interaction.customer_id == customer_id)
        # Another customer's meeting can clash with theirs: those (and their customers'
        # names) are read too; with `reduced`, only those near one of theirs at `now`.
        others = (
            _clashing_with(session, customer_id, now, ahead, settings)
            if reduced
            else clashing(now, None)
        )
        own = Commitment.customer_id == customer_id
        if reduced:
            own = commitment_filter(now, now - recent, now + ahead, customer_id)
        commitments = commitments.where(or_(own, Commitment.id.in_(others)))
        customers = customers.where(
            or_(
                Customer.id == customer_id,
                Customer.id.in_(select(Commitment.customer_id).where(Commitment.id.in_(others))),
            )
        )
        notices = notices.where(Notice.customer_id == customer_id)
        projects = projects.where(Project.customer_id == customer_id)
        due_changes = due_changes.where(
            DueChange.commitment_id.in_(
                select(Commitment.id).where(Commitment.customer_id == customer_id)
            )
        )
        project_changes = project_changes.where(ProjectChange.project_id.in_(theirs))
        scope_additions = scope_additions.where(ScopeAddition.project_id.in_(theirs))
        retrospectives = retrospectives.where(Retrospective.project_id.in_(theirs))
    if reduced:
        interactions = interactions.where(
            interaction_filter(now, now - recent, now + ahead, customer_id)
        )
        questions = questions.where(
            Interaction.occurred_at >= now - asked_window, Interaction.occurred_at <= now
        )
        if customer_id is None:
            commitments = commitments.where(commitment_filter(now, now - recent, now + ahead))
    return Snapshot(
        customers=_rows(session, CustomerRecord, customers),
        interactions=_rows(session, InteractionRecord, interactions),
        questions=_rows(session, QuestionRecord, questions),
        commitments=_rows(session, CommitmentRecord, commitments),
        due_changes=_rows(session, DueChangeRecord, due_changes),
        notices=_rows(session, NoticeRecord, notices),
        projects=_rows(session, ProjectRecord, projects),
        project_changes=_rows(session, ProjectChangeRecord, project_changes),
        scope_additions=_rows(session, ScopeAdditionRecord, scope_additions),
        retrospectives=_rows(session, RetrospectiveRecord, retrospectives),
        etiquette=_etiquette_counts(session),
        focus_customer_id=customer_id,
    )  # fmt: skip


def _clashing_with(
    session: Session, customer_id: int, now: datetime, ahead: timedelta, settings: Mapping[str, Any]
) -> Select[Any] | list[int]:
    """Other customers' open appointments that can clash with one of this customer's (ids):
    those starting near one of theirs, within the longest appointment and the travel buffer,
    and series; not every appointment of the next weeks (a briefing on a busy diary read
    1,400 of them)."""
    candidates = clashing(now, now + ahead)
    columns = (Commitment.due_at, Commitment.duration_minutes, Commitment.rrule)
    mine = [
        row
        for part in clashing_parts(now, now + ahead, *columns, customer_id=customer_id)
        for row in session.execute(part)
    ]
    if any(rrule for _due, _minutes, rrule in mine):
        return candidates  # a series of theirs can meet anyone's appointment
    if not mine:
        return []  # nothing booked: nothing of anyone's can clash with them
    clash = RULES_BY_ID["double-booked"].params(settings)
    default = clash["default_minutes"]
    buffer = timedelta(minutes=clash["travel_buffer_minutes"])
    # Ids, times and lengths of the window's appointments (two narrow columns from an index
    # range), picked here: a query per span pattern would be compiled anew for each customer.
    everyone = [
        row
        for part in clashing_parts(
            now,
            now + ahead,
            Commitment.id,
            Commitment.due_at,
            Commitment.duration_minutes,
            Commitment.rrule,
        )  # fmt: skip
        for row in session.execute(part)
    ]
    longest = timedelta(minutes=max([default, *(m or 0 for _i, _d, m, _r in everyone)]))
    starts: list[datetime] = []  # merged spans, as sorted (from, until) bounds
    ends: list[datetime] = []
    for due, minutes, _rrule in sorted(mine, key=lambda row: row[0]):
        lo, hi = due - longest - buffer, due + timedelta(minutes=minutes or default) + buffer
        if ends and lo <= ends[-1]:
            ends[-1] = max(ends[-1], hi)
        else:
            starts.append(lo)
            ends.append(hi)

    def near(due: datetime) -> bool:
        index = bisect_right(starts, due) - 1
        return index >= 0 and due < ends[index]

    return sorted(ident for ident, due, _m, rrule in everyone if rrule or near(due))


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
