"""What the rules can see at one moment, as SQL filters: the reduced reading of the journal.

Every rule that looks at the past asks for a few facts only: the latest contact per customer
and project, whether we met in person before a meeting, whether we spoke since a notice, the
latest upset in a short window; and ahead, open commitments up to the furthest look-ahead any
rule setting asks for. These filters read exactly those rows, whatever the journal's age
(tests/rules/test_reduced_snapshot.py compares them with the complete reading).

A reading can also serve every moment from `now` to `until` (the window evaluates again each
minute): then what happens in between is read too, since it may become the latest contact,
the last visit or the next booking by the later moment.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    literal_column,
    or_,
    select,
    true,
    tuple_,
    union,
)

from custjournal.domain import Commitment, Customer, Interaction, Notice, Project
from custjournal.domain.enums import (
    NON_CONTACT_KINDS,
    UPSET_MOODS,
    Channel,
    CommitmentKind,
    CommitmentStatus,
    InteractionKind,
)
from custjournal.domain.times import MAX_DURATION_MINUTES
from custjournal.rules.catalogue import RULES_BY_ID
from custjournal.rules.words import IN_PERSON_KINDS, SPOKEN_KINDS, TOLD_CHANNELS
from custjournal.services.commitment_reads import RECURRING

# Literals, so that SQLite and PostgreSQL see the partial index of visits' own condition
# (domain.commitments.VISITS), qualified by table as every other column here.
IN_PERSON_APPOINTMENT = and_(
    Commitment.kind == literal_column(f"'{CommitmentKind.APPOINTMENT.value}'"),
    Commitment.channel == literal_column(f"'{Channel.IN_PERSON.value}'"),
)

# Extra days of recent history beyond the longest look-back of any rule, for safety.
MARGIN = timedelta(days=1)


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


def _recent_upsets(until: datetime, since: datetime) -> ColumnElement[bool]:
    contact, _met, _spoke = _kinds_of_contact()
    return and_(
        contact,
        Interaction.mood.in_(list(UPSET_MOODS)),
        Interaction.occurred_at >= since,
        Interaction.occurred_at <= until,
    )


def _meeting_soon(now: datetime, ahead: datetime, customer_id: int | None) -> Select[Any]:
    """Customers (or the one customer) with an in-person appointment coming up: only for them
    does it matter whether we ever met (the first-meeting rule)."""
    found = select(Commitment.customer_id).where(
        Commitment.kind == CommitmentKind.APPOINTMENT,
        Commitment.channel == Channel.IN_PERSON,
        Commitment.status == CommitmentStatus.OPEN,
        true() if customer_id is None else Commitment.customer_id == customer_id,
    )
    # Two index ranges (status and due time; the partial recurring index): an OR of them
    # would read every open commitment.
    return union(
        found.where(Commitment.due_at >= now, Commitment.due_at < ahead),
        found.where(RECURRING),
    )


def interaction_filter(
    now: datetime,
    since: datetime,
    ahead: datetime,
    customer_id: int | None = None,
    *,
    until: datetime | None = None,
) -> ColumnElement[bool]:
    """Recent upsets, plus the latest contact, in-person and spoken one per customer/project
    (and, for a reading that serves moments up to `until`, every note in between).

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
        customers.where(Customer.id.in_(_meeting_soon(now, ahead, customer_id))).add_columns(
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
    one = true() if customer_id is None else Interaction.customer_id == customer_id
    at_project = select(Interaction.id).where(
        tuple_(Interaction.project_id, Interaction.occurred_at).in_(by_project), one
    )
    until = now if until is None else until
    upsets = select(Interaction.id).where(_recent_upsets(until, since), one)
    # Notes dated after `now` (logged ahead) are latest contacts by `until`: a short range.
    between = select(Interaction.id).where(
        Interaction.occurred_at > now, Interaction.occurred_at <= until, one
    )
    # Every part is of that customer and at or before `until` already: a condition outside
    # the list would tempt the planner to walk all of a busy customer's notes against it.
    return Interaction.id.in_(union(at_customer, at_project, upsets, between))


def commitment_filter(
    now: datetime,
    since: datetime,
    ahead: datetime,
    customer_id: int | None = None,
    *,
    until: datetime | None = None,
) -> ColumnElement[bool]:
    """What any rule can see at `now` (or at any moment up to `until`), out of years of
    promises and appointments (of one customer, given `customer_id`).

    Open ones up to the furthest look-ahead (overdue, due soon, clashes) and every
    recurring one; far-off open appointments only as the first per customer (a past customer
    with a meeting booked is not gone quiet); follow-ups; what a notice or a recent upset
    names; the latest past in-person visit (met before?); and whatever falls due before
    `until` (a visit by then, or the booking after the next one).
    """
    until = now if until is None else until
    appointment = Commitment.kind == CommitmentKind.APPOINTMENT
    theirs = Commitment.customer_id == Customer.id

    def first(status: CommitmentStatus, *conditions: ColumnElement[bool], last: bool) -> Any:
        # One customer's commitments of one status in due order, straight from the
        # (customer, status, due) index, stopping at the first match.
        order = Commitment.due_at.desc() if last else Commitment.due_at.asc()
        found = select(Commitment.due_at).where(theirs, Commitment.status == status, *conditions)
        return found.order_by(order).limit(1).scalar_subquery()

    visited = and_(IN_PERSON_APPOINTMENT, Commitment.due_at < now)
    one = true() if customer_id is None else Customer.id == customer_id
    visits = union(*(
        select(Customer.id, first(status, visited, last=True))
        .where(one, Customer.id.in_(_meeting_soon(now, ahead, customer_id)))
        for status in (CommitmentStatus.OPEN, CommitmentStatus.DONE)
    ))  # fmt: skip
    # The first booking from `until` on: those before are open and due before `ahead`.
    booked = select(
        Customer.id,
        first(CommitmentStatus.OPEN, appointment, Commitment.due_at >= until, last=False),
    ).where(one)
    is_open = Commitment.status == CommitmentStatus.OPEN
    upsets = select(Interaction.id).where(_recent_upsets(until, since))
    if customer_id is not None:
        upsets = upsets.where(Interaction.customer_id == customer_id)
    ids = select(Commitment.id)
    if customer_id is not None:
        ids = ids.where(Commitment.customer_id == customer_id)
    # One index-friendly part each (status and due time, the partial recurring index, ...):
    # an OR over all of them would read every commitment ever made.
    parts = union(
        ids.where(is_open, Commitment.due_at < ahead),
        ids.where(is_open, RECURRING),
        # Follow-ups are few, and read whoever they are for: a customer condition would walk
        # all of a busy customer's commitments instead of the follow-ups' partial index.
        select(Commitment.id).where(Commitment.follow_up.is_not(None)),
        select(Notice.commitment_id).where(
            Notice.commitment_id.is_not(None),
            true() if customer_id is None else Notice.customer_id == customer_id,
        ),
        # Not narrowed by customer: those notes are the customer's already, and a customer
        # condition here would walk all of a busy customer's commitments against the list.
        select(Commitment.id).where(Commitment.interaction_id.in_(upsets)),
        # Keyed by customer, as in interaction_filter: a moment alone matches strangers.
        _at_moments(visits.subquery()),
        _at_moments(booked.subquery(), is_open),
        # Visits (done or not) by `until`: a short range of the due-time index.
        ids.where(Commitment.due_at >= now, Commitment.due_at < until),
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


def clashing(now: datetime, ahead: datetime | None) -> Select[Any]:
    """Open appointments that can overlap another one between now and `ahead` (every open
    appointment when `ahead` is None): those under way (up to the longest an appointment
    lasts), starting before `ahead`, and recurring ones."""
    if ahead is None:
        return _open_appointments(Commitment.id)
    return union(*clashing_parts(now, ahead, Commitment.id))


def clashing_parts(
    now: datetime, ahead: datetime, *columns: Any, customer_id: int | None = None
) -> tuple[Select[Any], Select[Any]]:
    """clashing() as its two index ranges (one customer's, given `customer_id`), selecting
    `columns`: single appointments under way or starting before `ahead`, and series."""
    found = _open_appointments(*columns)
    if customer_id is not None:
        found = found.where(Commitment.customer_id == customer_id)
    longest = timedelta(minutes=MAX_DURATION_MINUTES)
    # Two index ranges, as in _meeting_soon.
    return (
        found.where(Commitment.due_at >= now - longest, Commitment.due_at < ahead),
        found.where(RECURRING),
    )


def _open_appointments(*columns: Any) -> Select[Any]:
    # Literals, so that the open appointments' partial index is seen (as for visits).
    return select(*columns).where(
        Commitment.kind == literal_column(f"'{CommitmentKind.APPOINTMENT.value}'"),
        Commitment.status == literal_column(f"'{CommitmentStatus.OPEN.value}'"),
    )


def windows(settings: Mapping[str, Any]) -> tuple[timedelta, timedelta, timedelta]:
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
