"""Rules about the relationship: silence, past customers gone quiet, repeats, upsets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import partial

from custjournal.domain.enums import UPSET_MOODS, CommitmentStatus, FollowUpKind, Stage
from custjournal.rules.base import Context
from custjournal.rules.risk import Description, Risk
from custjournal.rules.snapshot import CustomerRecord, InteractionRecord, QuestionRecord
from custjournal.rules.text import iso, span
from custjournal.rules.words import channel_word, quoted


def _quiet_since(
    ctx: Context, customer: CustomerRecord
) -> tuple[datetime, InteractionRecord | None]:
    last = ctx.snapshot.last_contact(customer.id, ctx.now)
    # Never contacted: the silence started when the customer was entered.
    return (last.occurred_at if last else customer.created_at), last


def _last_facts(ctx: Context, last: InteractionRecord | None) -> list[tuple[str, str]]:
    if last is None:
        return [("last contact", "never")]
    return [
        ("last contact", iso(last.occurred_at, ctx.user_tz)),
        ("last contact was", f"{last.kind.value}: {last.title}" if last.title else last.kind.value),
    ]


def _last_phrase(ctx: Context, last: InteractionRecord | None) -> str:
    if last is None:
        return "never contacted"
    return f"last: {last.kind.value} {ctx.day(last.occurred_at)}"


def silent_customer(ctx: Context) -> Iterator[Risk]:
    for customer in ctx.snapshot.customers:
        if customer.stage != Stage.ACTIVE:
            continue
        cadence = customer.cadence_days or ctx.param("days")
        since, last = _quiet_since(ctx, customer)
        if ctx.now - since <= timedelta(days=cadence):
            continue
        yield ctx.risk(
            customer_id=customer.id,
            subject_type="customer",
            subject_id=customer.id,
            describe=partial(_silent_words, ctx, customer, cadence, since, last),
            key=f"customer:{customer.id}",
            at=since + timedelta(days=cadence),
        )


def _silent_words(
    ctx: Context,
    customer: CustomerRecord,
    cadence: int,
    since: datetime,
    last: InteractionRecord | None,
) -> Description:
    channel = customer.preferred_channel
    how = (
        f"Call {customer.name}"
        if channel is None
        else (f"Get in touch with {customer.name} ({channel_word(channel)}, their preference)")
    )
    reason = (
        f"Nobody has talked to {customer.name} for {span(ctx.now - since)} "
        f"({_last_phrase(ctx, last)}); the cadence is every {cadence} days"
    )
    facts = [("stage", customer.stage.value), ("cadence (days)", str(cadence))]
    return (
        reason,
        facts + _last_facts(ctx, last),
        f"{how}: ask how things are going, then log the contact",
    )


def _scheduled_follow_up(ctx: Context, customer_id: int) -> bool:
    for item in ctx.snapshot.commitments_by_customer.get(customer_id, ()):
        if item.is_open and item.due_at >= ctx.now and (item.follow_up or item.is_appointment):
            return True
    return False


def gone_quiet(ctx: Context) -> Iterator[Risk]:
    limit = timedelta(days=ctx.param("days"))
    for customer in ctx.snapshot.customers:
        if customer.stage != Stage.PAST:
            continue
        since, last = _quiet_since(ctx, customer)
        if ctx.now - since <= limit or _scheduled_follow_up(ctx, customer.id):
            continue
        yield ctx.risk(
            customer_id=customer.id,
            subject_type="customer",
            subject_id=customer.id,
            describe=partial(_gone_quiet_words, ctx, customer, since, last),
            key=f"customer:{customer.id}",
            at=since + limit,
        )


def _gone_quiet_words(
    ctx: Context, customer: CustomerRecord, since: datetime, last: InteractionRecord | None
) -> Description:
    reason = (
        f"{customer.name} (past customer) has not heard from you for {span(ctx.now - since)} "
        f"({_last_phrase(ctx, last)}): ask how it is going and for feedback"
    )
    action = "Send a short personal note asking for feedback, or schedule a feedback follow-up"
    return reason, [("stage", customer.stage.value)] + _last_facts(ctx, last), action


def asked_again(ctx: Context) -> Iterator[Risk]:
    needed = ctx.param("count")
    since = ctx.now - timedelta(days=ctx.param("window_days"))
    groups: dict[tuple[int, str], list[QuestionRecord]] = defaultdict(list)
    for question in ctx.snapshot.questions:
        topic = " ".join(question.topic.lower().split())
        if topic and since <= question.asked_at <= ctx.now:
            groups[(question.customer_id, topic)].append(question)
    for (customer_id, topic), asked in sorted(groups.items()):
        if len(asked) < needed:
            continue
        asked.sort(key=lambda q: (q.asked_at, q.id))
        latest = asked[-1]
        name = ctx.snapshot.customer_name(customer_id)
        yield ctx.risk(
            customer_id=customer_id,
            subject_type="question",
            subject_id=latest.id,
            reason=(
                f"{name} has asked {quoted(latest.text or topic)} {len(asked)} times "
                f"(latest {ctx.day(latest.asked_at)}): explain it another way"
            ),
            action=(
                "Explain it another way — a drawing, an example from their own data, a short "
                "written summary — and ask what is still unclear"
            ),
            key=f"customer:{customer_id}:{topic}",
            at=latest.asked_at,
            facts=[("topic", topic)]
            + [(iso(q.asked_at, ctx.user_tz), q.text or topic) for q in asked],
        )


def upset_no_follow_up(ctx: Context) -> Iterator[Risk]:
    window = timedelta(days=ctx.param("days"))
    lookback = timedelta(days=ctx.param("lookback_days"))
    for customer_id, contacts in ctx.snapshot.contacts_by_customer.items():
        past = [item for item in contacts if item.occurred_at <= ctx.now]
        upsets = [i for i in past if i.mood in UPSET_MOODS and ctx.now - i.occurred_at <= lookback]
        if not upsets:
            continue
        # Only the latest upset matters: a follow-up to it answers the earlier ones too.
        upset = upsets[-1]
        if any(i.occurred_at > upset.occurred_at and i.mood not in UPSET_MOODS for i in past):
            continue  # we have talked since, and it went better
        follow_ups = [
            c
            for c in ctx.snapshot.commitments_by_customer.get(customer_id, ())
            if c.status != CommitmentStatus.CANCELLED
            and c.due_at >= upset.occurred_at
            and (c.interaction_id == upset.id or c.follow_up == FollowUpKind.AFTER_UPSET)
        ]
        deadline = upset.occurred_at + window
        if any(c.due_at <= deadline for c in follow_ups):
            continue
        name = ctx.snapshot.customer_name(customer_id)
        later = min(follow_ups, key=lambda c: c.due_at) if follow_ups else None
        if later is None:
            problem = f"no follow-up is scheduled within {ctx.param('days')} days"
        else:
            problem = f"the follow-up is only {ctx.day(later.due_at)}; bring it forward"
        label = f" ({quoted(upset.title)})" if upset.title else ""
        yield ctx.risk(
            customer_id=customer_id,
            subject_type="interaction",
            subject_id=upset.id,
            reason=f"{name} was {upset.mood.value} {ctx.day(upset.occurred_at)}{label}; {problem}",
            action=(
                f"Call {name}: listen, own your part, and schedule an after-upset follow-up "
                "within two days"
            ),
            key=f"interaction:{upset.id}",
            at=deadline,
            facts=[
                ("upset", iso(upset.occurred_at, ctx.user_tz)),
                ("mood", upset.mood.value),
                ("follow-up due by", iso(deadline, ctx.user_tz)),
                ("follow-up scheduled", iso(later.due_at, ctx.user_tz) if later else "none"),
            ],
        )
