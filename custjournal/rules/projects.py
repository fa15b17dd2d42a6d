"""Rules about engagements: terms agreed up front, drift, unpriced extras, after delivery."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import partial

from custjournal.domain.enums import (
    COMMITTED_PROJECT_STATUSES,
    CommitmentStatus,
    FollowUpKind,
    ProjectField,
    ProjectStatus,
)
from custjournal.rules.base import Context
from custjournal.rules.risk import Description, Risk
from custjournal.rules.snapshot import ProjectChangeRecord, ProjectRecord
from custjournal.rules.text import iso, span
from custjournal.rules.words import quoted

# Statuses in which the terms can still move and extras still be invoiced.
ONGOING = frozenset({ProjectStatus.AGREED, ProjectStatus.RUNNING})
AFTER_PROJECT_FOLLOW_UPS = frozenset(
    {FollowUpKind.CELEBRATION, FollowUpKind.FEEDBACK, FollowUpKind.CHECK_IN}
)


def _project_facts(project: ProjectRecord) -> list[tuple[str, str]]:
    price = f"{project.price} {project.currency}" if project.price is not None else "none"
    return [("project", project.name), ("status", project.status.value), ("price", price)]


def no_agreement(ctx: Context) -> Iterator[Risk]:
    for project in ctx.snapshot.projects:
        if project.status not in COMMITTED_PROJECT_STATUSES:
            continue
        missing = []
        if project.price is None:
            missing.append("price")
        if not project.scope.strip():
            missing.append("scope")
        if not project.success_criteria.strip():
            missing.append("success criteria")
        if not missing:
            continue
        name = ctx.snapshot.customer_name(project.customer_id)
        yield ctx.risk(
            customer_id=project.customer_id,
            subject_type="project",
            subject_id=project.id,
            reason=(
                f"{quoted(project.name)} for {name} is {project.status.value} with no agreed "
                f"{', '.join(missing)}"
            ),
            action=(
                f"Write down the missing {', '.join(missing)} and get {name} to agree in "
                "writing before more work is done"
            ),
            key=f"project:{project.id}",
            at=project.agreed_at or project.created_at,
            facts=_project_facts(project) + [("missing", ", ".join(missing))],
        )


def _describe(change: ProjectChangeRecord, currency: str) -> str:
    if change.field == ProjectField.PRICE:
        return f"price {change.old_amount} → {change.new_amount} {currency}"
    return f"{change.field.value} {change.old_date} → {change.new_date}"


def moving_target(ctx: Context) -> Iterator[Risk]:
    needed = ctx.param("changes")
    for project in ctx.snapshot.projects:
        if project.status not in ONGOING:
            continue
        changes = ctx.snapshot.changes_by_project.get(project.id, [])
        # Start and end moved together in one conversation are one change of timeline.
        moments = {c.changed_at.replace(second=0, microsecond=0) for c in changes}
        if len(moments) < needed:
            continue
        last = changes[-1]
        name = ctx.snapshot.customer_name(project.customer_id)
        yield ctx.risk(
            customer_id=project.customer_id,
            subject_type="project",
            subject_id=project.id,
            reason=(
                f"{quoted(project.name)} for {name}: price or timeline changed {len(moments)} "
                f"times (last {ctx.day(last.changed_at)}: {_describe(last, project.currency)})"
            ),
            action=(
                f"Stop and re-agree the whole deal with {name} — scope, price and timeline in one "
                "conversation — and write it down"
            ),
            key=f"project:{project.id}",
            at=last.changed_at,
            facts=_project_facts(project)
            + [(iso(c.changed_at, ctx.user_tz), _describe(c, project.currency)) for c in changes],
        )


def unpriced_extra(ctx: Context) -> Iterator[Risk]:
    for addition in ctx.snapshot.scope_additions:
        if addition.customer_agreed or addition.added_at > ctx.now:
            continue
        project = ctx.snapshot.project_by_id.get(addition.project_id)
        if project is None or project.status not in COMMITTED_PROJECT_STATUSES:
            continue
        name = ctx.snapshot.customer_name(project.customer_id)
        if addition.extra_price is None:
            problem = "without a price"
        else:
            problem = f"at {addition.extra_price} {project.currency}, not yet agreed by {name}"
        yield ctx.risk(
            customer_id=project.customer_id,
            subject_type="project",
            subject_id=project.id,
            reason=(
                f"{quoted(addition.description)} was added to {quoted(project.name)} "
                f"{ctx.day(addition.added_at)} {problem}"
            ),
            action=(
                f"Tell {name} what it costs (or that it is free, on purpose) and get their yes "
                "before doing it; then record the price as agreed"
            ),
            key=f"scope:{addition.id}",
            at=addition.added_at,
            facts=_project_facts(project)
            + [
                ("added", addition.description),
                ("extra price", str(addition.extra_price) if addition.extra_price else "none"),
                ("customer agreed", "no"),
            ],
        )


def _has_follow_up(ctx: Context, project: ProjectRecord, delivered: datetime) -> bool:
    for item in ctx.snapshot.commitments_by_customer.get(project.customer_id, ()):
        if (
            item.status == CommitmentStatus.CANCELLED
            or item.follow_up not in AFTER_PROJECT_FOLLOW_UPS
        ):
            continue
        if item.project_id == project.id or (item.project_id is None and item.due_at >= delivered):
            return True
    return False


def no_follow_up(ctx: Context) -> Iterator[Risk]:
    limit = timedelta(days=ctx.param("days"))
    for project in ctx.snapshot.projects:
        delivered = project.delivered_at
        if project.status != ProjectStatus.DELIVERED or delivered is None:
            continue
        if ctx.now - delivered <= limit:
            continue
        if project.id in ctx.snapshot.retrospective_projects:
            continue
        if _has_follow_up(ctx, project, delivered):
            continue
        yield ctx.risk(
            customer_id=project.customer_id,
            subject_type="project",
            subject_id=project.id,
            describe=partial(_no_follow_up_words, ctx, project, delivered),
            key=f"project:{project.id}",
            at=delivered + limit,
        )


def _no_follow_up_words(ctx: Context, project: ProjectRecord, delivered: datetime) -> Description:
    name = ctx.snapshot.customer_name(project.customer_id)
    reason = (
        f"{quoted(project.name)} for {name} was delivered {span(ctx.now - delivered)} "
        "ago; no retrospective and no follow-up is scheduled"
    )
    action = (
        "Hold the retrospective and schedule the follow-ups: a celebration, a feedback "
        "request, a check-in for the next job"
    )
    return reason, _project_facts(project) + [("delivered", iso(delivered, ctx.user_tz))], action


def quiet_project(ctx: Context) -> Iterator[Risk]:
    limit = timedelta(days=ctx.param("days"))
    for project in ctx.snapshot.projects:
        if project.status != ProjectStatus.RUNNING:
            continue
        since = project.agreed_at or project.created_at
        last_title = ""
        for item in ctx.snapshot.contacts_by_customer.get(project.customer_id, ()):
            if item.occurred_at > ctx.now:
                break
            # A contact about another project of the same customer is no update on this one.
            if item.project_id in (None, project.id) and item.occurred_at >= since:
                since, last_title = item.occurred_at, item.title or item.kind.value
        quiet = ctx.now - since
        if quiet <= limit:
            continue
        name = ctx.snapshot.customer_name(project.customer_id)
        last = f"last update {ctx.day(since)}" if last_title else "no update since it was agreed"
        yield ctx.risk(
            customer_id=project.customer_id,
            subject_type="project",
            subject_id=project.id,
            reason=(
                f"{quoted(project.name)} is running and {name} has heard nothing for "
                f"{span(quiet)} ({last})"
            ),
            action=f"Send {name} a short status update: what is done, what is next, what you need",
            key=f"project:{project.id}",
            at=since + limit,
            facts=_project_facts(project)
            + [("last update", iso(since, ctx.user_tz) if last_title else "none")],
        )
