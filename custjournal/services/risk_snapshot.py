"""Reading the journal for the rules: a fixed dozen set-based queries, bodies left out.

The rules only ever look at the past through a few facts: the latest contact per customer
and project, whether we met in person or spoke since a notice, and what happened in the last
weeks. So old history is read as those facts (the latest row of each kind per customer), not
row by row when asked for `reduced`: a ten-year journal then costs little more than a young
one, and the risks at that `now` are exactly those a complete snapshot gives (tests compare).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true, tuple_, union
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
    UPSET_MOODS,
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
from custjournal.services.commitment_base import MAX_DURATION_MINUTES
from custjournal.services.settings import all_settings

# The number of queries load_snapshot issues, whatever the size of the journal
# (one more when it has to read the settings itself).
SNAPSHOT_QUERIES = 12
# Extra days of recent history beyond the longest look-back of any rule, for safety.
MARGIN = timedelta(days=1)


def _rows(session: Session, record: type, query: Select[Any]) -> tuple[Any, ...]:
    """One set-based query; each row becomes a frozen record by column name.

    Built without the records' __init__: its keyword handling and the UTC check of every
    time cost more than reading the rows, and every time read here already is aware UTC
    (UTCDateTime gives nothing else). Columns not selected take the record's defaults.
    """
    names = [column.key for column in query.selected_columns]
    known = {f.name: f for f in fields(record)}
    unknown = set(names) - set(known)
    missing = [n for n, f in known.items() if n not in names and f.default is MISSING]
    if unknown or missing:
        raise TypeError(f"{record.__name__}: no field {sorted(unknown)}, unread {missing}")
    defaults = [(name, f.default) for name, f in known.items() if name not in names]
    new, put = object.__new__, object.__setattr__

    def build(row: Any) -> Any:
        item = new(record)
        for name, value in zip(names, row, strict=True):
            put(item, name, value)
        for name, value in defaults:
            put(item, name, value)
        return item

    # Core execution on the session's connection: plain rows, no ORM loading overhead.
    return tuple(build(row) for row in session.connection().execute(query))


def _kinds_of_contact() -> tuple[ColumnElement[bool], ColumnElement[bool], ColumnElement[bool]]:
    """(a contact, met in person, spoke): these mirror rules.words.is_in_person and is_spoken
    (a channel decides; else the kind)."""
    contact = Interaction.kind.not_in(list(NON_CONTACT_KINDS))
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
    return contact, and_(contact, in_person), and_(contact, spoken)


def _recent_upsets(now: datetime, since: datetime) -> ColumnElement[bool]:
    contact, _met, _spoke = _kinds_of_contact()
    return and_(
        contact,
        Interaction.mood.in_(list(UPSET_MOODS)),
        Interaction.occurred_at >= since,
        Interaction.occurred_at <= now,
    )


def _meeting_soon(now: datetime, ahead: datetime) -> Select[Any]:
    """Customers with an in-person appointment coming up: only for them does it matter
    whether we ever met (the first-meeting rule)."""
    return select(Commitment.customer_id).where(
        Commitment.kind == CommitmentKind.APPOINTMENT,
        Commitment.channel == Channel.IN_PERSON,
        Commitment.status == CommitmentStatus.OPEN,
        or_(and_(Commitment.due_at >= now, Commitment.due_at < ahead), Commitment.rrule != ""),
    )


def _interaction_filter(
    now: datetime, since: datetime, ahead: datetime, customer_id: int | None = None
) -> ColumnElement[bool]:
    """Recent upsets, plus the latest contact, in-person and spoken one per customer/project.

    Every rule that reads interactions asks only for those: the latest contact (silent and
    gone-quiet customers, quiet projects), whether we met or spoke since a moment (first
    meeting, moved without a call), and the latest upset with whether anyone talked since.
    """
    contact, met, spoke = _kinds_of_contact()
    past = Interaction.occurred_at <= now

    def latest(owner: ColumnElement[bool], *conditions: ColumnElement[bool]) -> Any:
        # Newest first down the timeline index, stopping at the first match: a few index
        # steps per customer, where a GROUP BY would read ten years of notes.
        return (
            select(Interaction.occurred_at)
            .where(owner, past, *conditions)
            .order_by(Interaction.occurred_at.desc())
            .limit(1)
            .scalar_subquery()
        )

    theirs = Interaction.customer_id == Customer.id
    customers = select(Customer.id).where(
        true() if customer_id is None else Customer.id == customer_id
    )
    # Whether we met is asked only before a meeting, whether we spoke only after a notice:
    # walking back through years of e-mails for everyone else would cost the most.
    by_customer = union(
        customers.add_columns(latest(theirs, contact).label("at")),
        customers.add_columns(latest(theirs, contact, Interaction.project_id.is_(None))),
        customers.where(Customer.id.in_(_meeting_soon(now, ahead))).add_columns(
            latest(theirs, met)
        ),
        customers.where(Customer.id.in_(select(Notice.customer_id))).add_columns(
            latest(theirs, spoke)
        ),
    ).subquery()
    by_project = select(
        Project.id, latest(Interaction.project_id == Project.id, contact).label("at")
    ).where(true() if customer_id is None else Project.customer_id == customer_id)
    # Joined on customer (or project) and moment: many customers share a round moment
    # (10:00 on a Monday), and a moment alone would pull in every customer's note then.
    at_customer = select(Interaction.id).join(
        by_customer,
        and_(
            Interaction.customer_id == by_customer.c.id,
            Interaction.occurred_at == by_customer.c.at,
        ),
    )
    at_project = select(Interaction.id).where(
        tuple_(Interaction.project_id, Interaction.occurred_at).in_(by_project)
    )
    upsets = select(Interaction.id).where(
        _recent_upsets(now, since),
        true() if customer_id is None else Interaction.customer_id == customer_id,
    )
    return and_(past, Interaction.id.in_(union(at_customer, at_project, upsets)))


def _commitment_filter(
    now: datetime, since: datetime, ahead: datetime, customer_id: int | None = None
) -> ColumnElement[bool]:
    """What any rule can see at `now`, out of years of promises and appointments (of one
    customer, given `customer_id`).

    Open ones up to the furthest look-ahead (overdue, due soon, clashes) and every
    recurring one; far-off open appointments only as the first per customer (a past customer
    with a meeting booked is not gone quiet); follow-ups; what a notice or a recent upset
    names; recent ones; and the latest past in-person visit (met before?).
    """
    appointment = Commitment.kind == CommitmentKind.APPOINTMENT
    theirs = Commitment.customer_id == Customer.id

    def first(status: CommitmentStatus, *conditions: ColumnElement[bool], last: bool) -> Any:
        # One customer's commitments of one status in due order, straight from the
        # (customer, status, due) index, stopping at the first match.
        order = Commitment.due_at.desc() if last else Commitment.due_at.asc()
        found = select(Commitment.due_at).where(theirs, Commitment.status == status, *conditions)
        return found.order_by(order).limit(1).scalar_subquery()

    visited = and_(appointment, Commitment.channel == Channel.IN_PERSON, Commitment.due_at < now)
    one = true() if customer_id is None else Customer.id == customer_id
    visits = union(*(
        select(Customer.id, first(status, visited, last=True))
        .where(one, Customer.id.in_(_meeting_soon(now, ahead)))
        for status in (CommitmentStatus.OPEN, CommitmentStatus.DONE)
    ))  # fmt: skip
    booked = select(
        Customer.id, first(CommitmentStatus.OPEN, appointment, Commitment.due_at >= now, last=False)
    ).where(one)
    is_open = Commitment.status == CommitmentStatus.OPEN
    ids = select(Commitment.id)
    if customer_id is not None:
        ids = ids.where(Commitment.customer_id == customer_id)
    # One index-friendly part each (status and due time, the partial recurring index, ...):
    # an OR over all of them would read every commitment ever made.
    parts = union(
        ids.where(is_open, Commitment.due_at < ahead),
        ids.where(is_open, Commitment.rrule != ""),
        ids.where(Commitment.follow_up.is_not(None)),
        ids.where(Commitment.due_at >= since, Commitment.due_at < ahead),
        select(Notice.commitment_id).where(
            Notice.commitment_id.is_not(None),
            true() if customer_id is None else Notice.customer_id == customer_id,
        ),
        ids.where(
            Commitment.interaction_id.in_(select(Interaction.id).where(_recent_upsets(now, since)))
        ),
        # Keyed by customer, as in _interaction_filter: a moment alone matches strangers.
        _at_moments(visits.subquery()),
        _at_moments(booked.subquery(), is_open),
    )
    return Commitment.id.in_(parts)


def _at_moments(moments: Any, *conditions: ColumnElement[bool]) -> Select[Any]:
    """Commitments of a customer due at that customer's moment (rows of id, moment): a join
    driven by the few moments, through the (customer, status, due) index."""
    customer, moment = moments.c
    return (
        select(Commitment.id)
        .join(moments, and_(Commitment.customer_id == customer, Commitment.due_at == moment))
        .where(*conditions)
    )


def _clashing(now: datetime, ahead: datetime | None) -> Select[Any]:
    """Open appointments that can overlap another one between now and `ahead` (every open
    appointment when `ahead` is None): those under way (up to the longest an appointment
    lasts), starting before `ahead`, and recurring ones."""
    found = select(Commitment.id).where(
        Commitment.kind == CommitmentKind.APPOINTMENT, Commitment.status == CommitmentStatus.OPEN
    )
    if ahead is None:
        return found
    longest = timedelta(minutes=MAX_DURATION_MINUTES)
    return found.where(
        or_(
            and_(Commitment.due_at >= now - longest, Commitment.due_at < ahead),
            Commitment.rrule != "",
        )
    )


def _windows(settings: Mapping[str, Any]) -> tuple[timedelta, timedelta, timedelta]:
    """(recent history every rule may read row by row, how far back questions count, how far
    ahead any rule looks at single appointments and promises)."""
    upset = RULES_BY_ID["upset-no-follow-up"].params(settings)
    asked = RULES_BY_ID["asked-again"].params(settings)
    clash = RULES_BY_ID["double-booked"].params(settings)
    ahead = max(
        timedelta(hours=RULES_BY_ID["unconfirmed-soon"].params(settings)["hours"]),
        timedelta(hours=RULES_BY_ID["first-meeting-etiquette"].params(settings)["hours"]),
        timedelta(days=clash["horizon_days"], minutes=clash["default_minutes"]),
        timedelta(days=upset["days"]),
    )
    return (
        timedelta(days=upset["lookback_days"]) + MARGIN,
        timedelta(days=asked["window_days"]) + MARGIN,
        ahead + MARGIN,
    )


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
    recent, asked_window, ahead = _windows(settings)
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
    contacts = select(Contact.id, Contact.customer_id, Contact.name, Contact.preferred_channel)
    if customer_id is not None:
        theirs = select(Project.id).where(Project.customer_id == customer_id)
        interactions = interactions.where(Interaction.customer_id == customer_id)
        questions = questions.where(Interaction.customer_id == customer_id)
        # Another customer's meeting can clash with theirs: those (and their customers'
        # names) are read too; with `reduced`, only the ones that can clash at `now`.
        clashing = _clashing(now, now + ahead if reduced else None)
        own = Commitment.customer_id == customer_id
        if reduced:
            own = _commitment_filter(now, now - recent, now + ahead, customer_id)
        commitments = commitments.where(or_(own, Commitment.id.in_(clashing)))
        customers = customers.where(
            or_(
                Customer.id == customer_id,
                Customer.id.in_(select(Commitment.customer_id).where(Commitment.id.in_(clashing))),
            )
        )
        contacts = contacts.where(Contact.customer_id == customer_id)
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
            _interaction_filter(now, now - recent, now + ahead, customer_id)
        )
        questions = questions.where(
            Interaction.occurred_at >= now - asked_window, Interaction.occurred_at <= now
        )
        if customer_id is None:
            commitments = commitments.where(_commitment_filter(now, now - recent, now + ahead))
    return Snapshot(
        customers=_rows(session, CustomerRecord, customers),
        contacts=_rows(session, ContactRecord, contacts),
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
