"""Reading the journal for the rules: a fixed dozen set-based queries, bodies left out.

The rules only ever look at the past through a few facts: the latest contact per customer
and project, whether we met in person or spoke since a notice, and what happened in the last
weeks. So old history is read as those facts (the latest row of each kind per customer), not
row by row when asked for `reduced`: a ten-year journal then costs little more than a young
one, and the risks at that `now` are exactly those a complete snapshot gives (tests compare).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, true, union
from sqlalchemy.orm import Session

from custjournal.domain import (
    Commitment,
    Contact,
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
    NON_CONTACT_KINDS,
    Channel,
    CommitmentKind,
    CommitmentStatus,
    EtiquetteScope,
    InteractionKind,
)
from custjournal.domain.times import require_aware
from custjournal.rules.catalogue import RULES_BY_ID
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
from custjournal.rules.words import IN_PERSON_KINDS, SPOKEN_KINDS, TOLD_CHANNELS
from custjournal.services.settings import all_settings

# The number of queries load_snapshot issues, whatever the size of the journal
# (one more when it has to read the settings itself).
SNAPSHOT_QUERIES = 12
# Extra days of recent history beyond the longest look-back of any rule, for safety.
MARGIN = timedelta(days=1)


def _rows(session: Session, record: type, query: Select[Any]) -> tuple[Any, ...]:
    """One set-based query; each row becomes a frozen record by column name."""
    names = [column.key for column in query.selected_columns]
    # Core execution on the session's connection: plain rows, no ORM loading overhead.
    rows = session.connection().execute(query)
    return tuple(record(**dict(zip(names, row, strict=True))) for row in rows)


def _interaction_filter(
    now: datetime, since: datetime, customer_id: int | None = None
) -> ColumnElement[bool]:
    """Recent interactions, plus the latest contact, in-person and spoken one per customer."""
    past = Interaction.occurred_at <= now
    contact = Interaction.kind.not_in(list(NON_CONTACT_KINDS))
    # These mirror rules.words.is_in_person and is_spoken (a channel decides; else the kind).
    in_person = or_(
        Interaction.channel == Channel.IN_PERSON,
        and_(
            Interaction.channel.is_(None),
            Interaction.kind.in_([*IN_PERSON_KINDS, InteractionKind.MEETING]),
        ),
    )
    spoken = or_(
        Interaction.channel.in_(list(TOLD_CHANNELS)),
        and_(Interaction.channel.is_(None), Interaction.kind.in_(list(SPOKEN_KINDS))),
    )
    # One pass over the history: per customer and project, when we last had contact, last
    # met in person and last spoke. Rows at those moments are read; a few extra rows that
    # share a moment change nothing, since the rules only ask for latest times and existence.
    latest = (
        select(
            func.max(case((contact, Interaction.occurred_at))).label("contact"),
            func.max(case((and_(contact, in_person), Interaction.occurred_at))).label("met"),
            func.max(case((and_(contact, spoken), Interaction.occurred_at))).label("spoke"),
        )
        .where(past, true() if customer_id is None else Interaction.customer_id == customer_id)
        .group_by(Interaction.customer_id, Interaction.project_id)
        .cte("latest")
    )
    moments = union(
        select(latest.c.contact), select(latest.c.met), select(latest.c.spoke)
    ).subquery()
    return and_(
        past,
        or_(Interaction.occurred_at >= since, Interaction.occurred_at.in_(select(moments.c[0]))),
    )


def _commitment_filter(now: datetime, since: datetime) -> ColumnElement[bool]:
    """Open, follow-ups, recent, named by a notice, or the latest past in-person visit."""
    visits = (
        select(func.max(Commitment.due_at))
        .where(
            Commitment.kind == CommitmentKind.APPOINTMENT,
            Commitment.channel == Channel.IN_PERSON,
            Commitment.status.in_([CommitmentStatus.OPEN, CommitmentStatus.DONE]),
            Commitment.due_at < now,
        )
        .group_by(Commitment.customer_id)
    )
    return or_(
        Commitment.status == CommitmentStatus.OPEN,
        Commitment.follow_up.is_not(None),
        Commitment.due_at >= since,
        Commitment.id.in_(select(Notice.commitment_id).where(Notice.commitment_id.is_not(None))),
        Commitment.due_at.in_(visits),
    )


def _windows(settings: Mapping[str, Any]) -> tuple[timedelta, timedelta]:
    """(recent history every rule may read row by row, how far back questions count)."""
    upset = RULES_BY_ID["upset-no-follow-up"].params(settings)
    asked = RULES_BY_ID["asked-again"].params(settings)
    return timedelta(days=upset["lookback_days"]) + MARGIN, timedelta(
        days=asked["window_days"]
    ) + MARGIN


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
    only that customer's records are read, plus every open appointment (another customer's
    meeting can clash with theirs): the same risks for that customer, a fraction of the rows.
    """
    require_aware(now, "now")
    if settings is None:
        settings = all_settings(session)
    recent, asked_window = _windows(settings)
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
    if customer_id is not None:
        theirs = select(Project.id).where(Project.customer_id == customer_id)
        interactions = interactions.where(Interaction.customer_id == customer_id)
        questions = questions.where(Interaction.customer_id == customer_id)
        commitments = commitments.where(
            or_(
                Commitment.customer_id == customer_id,
                and_(
                    Commitment.kind == CommitmentKind.APPOINTMENT,
                    Commitment.status == CommitmentStatus.OPEN,
                ),
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
        interactions = interactions.where(_interaction_filter(now, now - recent, customer_id))
        questions = questions.where(
            Interaction.occurred_at >= now - asked_window, Interaction.occurred_at <= now
        )
        commitments = commitments.where(_commitment_filter(now, now - recent))
    return Snapshot(
        customers=_rows(session, CustomerRecord, select(
            Customer.id, Customer.name, Customer.stage, Customer.temperament,
            Customer.preferred_channel, Customer.cadence_days, Customer.country,
            Customer.culture, Customer.timezone, Customer.created_at,
        )),
        contacts=_rows(session, ContactRecord, select(
            Contact.id, Contact.customer_id, Contact.name, Contact.preferred_channel,
        )),
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
    )  # fmt: skip


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
