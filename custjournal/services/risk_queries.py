"""The statements that read the journal for the rules (risk_snapshot runs them).

Each field of the snapshot is one statement. The reduced readings (the whole journal's, and
one customer's when the appointments that can clash with theirs are a list) are built once,
with the moments (now, the recent past, the look-ahead) and the customer as bound parameters;
building and keying them anew costs ~12-20 ms a call. Other readings are built for the call.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import BindParameter, Integer, Select, bindparam, or_, select

from custjournal.domain import (
    Commitment,
    Customer,
    CustomerQuestion,
    DueChange,
    Interaction,
    Notice,
    Project,
    ProjectChange,
    Retrospective,
    ScopeAddition,
)
from custjournal.domain.base import UTCDateTime
from custjournal.services.risk_reading import commitment_filter, interaction_filter


def _moments() -> dict[str, BindParameter[Any]]:
    return {
        name: bindparam(name, type_=UTCDateTime())
        for name in ("now", "until", "since", "ahead", "asked_since")
    }


@cache
def whole_journal_queries() -> dict[str, Select[Any]]:
    return snapshot_queries(**_moments(), reduced=True, customer_id=None, others=[])


@cache
def customer_queries() -> dict[str, Select[Any]]:
    """One customer's reduced reading, the customer (`customer_id`) and the ids of other
    customers' appointments that can clash with theirs (`others`) as parameters too."""
    return snapshot_queries(
        **_moments(),
        reduced=True,
        customer_id=bindparam("customer_id", type_=Integer()),
        others=bindparam("others", expanding=True, type_=Integer()),
    )


def snapshot_queries(
    *,
    now: Any,
    until: Any,
    since: Any,
    ahead: Any,
    asked_since: Any,
    reduced: bool,
    customer_id: int | BindParameter[int] | None,
    others: Select[Any] | list[int] | BindParameter[Any],
) -> dict[str, Select[Any]]:
    """The snapshot's statements, by field; the moments are times or bound parameters (`until`:
    the last moment the reading serves, see risk_reading)."""
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
        Commitment.confirmed_at, Commitment.follow_up, Commitment.created_at, Commitment.owner,
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
        own = Commitment.customer_id == customer_id
        if reduced:
            own = commitment_filter(now, since, ahead, customer_id, until=until)
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
            interaction_filter(now, since, ahead, customer_id, until=until)
        )
        questions = questions.where(
            Interaction.occurred_at >= asked_since, Interaction.occurred_at <= until
        )
        if customer_id is None:
            commitments = commitments.where(commitment_filter(now, since, ahead, until=until))
    return {
        "customers": customers, "interactions": interactions, "questions": questions,
        "commitments": commitments, "due_changes": due_changes, "notices": notices,
        "projects": projects, "project_changes": project_changes,
        "scope_additions": scope_additions, "retrospectives": retrospectives,
    }  # fmt: skip
