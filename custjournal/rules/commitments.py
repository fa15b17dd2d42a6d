"""Rules about promises and appointments: overdue both ways, unconfirmed, moved, announced."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import partial

from custjournal.domain.enums import CommitmentKind, Direction, NoticeKind
from custjournal.rules.base import Context
from custjournal.rules.occurrences import starts
from custjournal.rules.risk import Description, Risk
from custjournal.rules.snapshot import CommitmentRecord, NoticeRecord
from custjournal.rules.text import iso, span
from custjournal.rules.words import TOLD_CHANNELS, channel_word, is_spoken, quoted


def _their_tz(ctx: Context, customer_id: int, fallback: str) -> str:
    customer = ctx.snapshot.customer_by_id.get(customer_id)
    return customer.timezone if customer is not None else fallback


def _late_promises(
    ctx: Context, direction: Direction
) -> Iterator[tuple[CommitmentRecord, timedelta]]:
    grace = timedelta(minutes=ctx.param("grace_minutes"))
    for item in ctx.snapshot.commitments:
        # A recurring promise is a standing habit, not one deadline; appointments simply happen.
        if item.direction != direction or item.kind != CommitmentKind.PROMISE:
            continue
        if not item.is_open or item.rrule.strip():
            continue
        late = ctx.now - item.due_at
        if late > grace:
            yield item, late


def _promise_facts(ctx: Context, item: CommitmentRecord, late: timedelta) -> list[tuple[str, str]]:
    return [
        ("promise", item.title),
        ("due", iso(item.due_at, ctx.user_tz)),
        ("late by", span(late)),
        ("status", item.status.value),
    ]


def _late_risks(ctx: Context, direction: Direction, reason: str, action: str) -> Iterator[Risk]:
    """One risk per late promise of one side; `reason`/`action` name {name}, {title}, {due},
    {late}."""
    for item, late in _late_promises(ctx, direction):
        yield ctx.risk(
            customer_id=item.customer_id,
            subject_type="commitment",
            subject_id=item.id,
            describe=partial(_late_words, ctx, item, late, reason, action),
            key=f"commitment:{item.id}",
            at=item.due_at,
        )


def _late_words(
    ctx: Context, item: CommitmentRecord, late: timedelta, reason: str, action: str
) -> Description:
    words = {
        "name": ctx.snapshot.customer_name(item.customer_id),
        "title": quoted(item.title),
        "due": ctx.when(item.due_at, _their_tz(ctx, item.customer_id, item.timezone)),
        "late": span(late),
    }
    facts = _promise_facts(ctx, item, late)
    colleague = ctx.colleague(item.owner) if item.direction == Direction.MINE else ""
    if colleague:  # a team journal: a colleague's promise is theirs to keep
        reason = reason.replace("You promised", f"{colleague} promised", 1)
        action = f"Check with {colleague}: " + action[0].lower() + action[1:]
        facts.append(("owner", colleague))
    return reason.format(**words), facts, action.format(**words)


def overdue(ctx: Context) -> Iterator[Risk]:
    return _late_risks(
        ctx,
        Direction.MINE,
        "You promised {name} {title} by {due}: {late} overdue",
        "Deliver it today, or call {name} before they chase you and agree a new date; "
        "mark it done once delivered",
    )


def their_promise_slipping(ctx: Context) -> Iterator[Risk]:
    return _late_risks(
        ctx,
        Direction.THEIRS,
        "{name} promised {title} by {due}: {late} late on their part",
        "Offer {name} help now (a call, a template, someone to pair with) rather than wait; "
        "agree a new date and record it",
    )


def unconfirmed_soon(ctx: Context) -> Iterator[Risk]:
    horizon = ctx.now + timedelta(hours=ctx.param("hours"))
    for item in ctx.snapshot.open_appointments:
        if item.confirmed_at is not None and item.confirmed_at <= ctx.now:
            continue
        upcoming = starts(item, ctx.now, horizon)
        if not upcoming:
            continue
        start = upcoming[0]
        name = ctx.snapshot.customer_name(item.customer_id)
        where = item.location or channel_word(item.channel)
        yield ctx.risk(
            customer_id=item.customer_id,
            subject_type="commitment",
            subject_id=item.id,
            reason=(
                f"{quoted(item.title)} with {name} starts "
                f"{ctx.when(start, _their_tz(ctx, item.customer_id, item.timezone))} "
                f"(in {span(start - ctx.now)}) and {name} has not confirmed"
            ),
            action=f"Ask {name} to confirm (a short call or message), then record the confirmation",
            key=f"commitment:{item.id}",
            at=start,
            facts=[
                ("appointment", item.title),
                ("starts", iso(start, ctx.user_tz)),
                ("where", where),
                ("confirmed", "no"),
            ],
        )


def _spoken_since(ctx: Context, customer_id: int, since: datetime) -> datetime | None:
    """When we last spoke with the customer at or after `since` (up to now), if we did."""
    found = None
    for item in ctx.snapshot.contacts_by_customer.get(customer_id, ()):
        if since <= item.occurred_at <= ctx.now and is_spoken(item):
            found = item.occurred_at
    return found


def _acknowledged(ctx: Context, notice: NoticeRecord) -> bool:
    return notice.acknowledged_at is not None and notice.acknowledged_at <= ctx.now


def _notice_facts(ctx: Context, notice: NoticeRecord) -> list[tuple[str, str]]:
    return [
        ("notice", notice.title),
        ("what changes", notice.what_changes or "—"),
        ("takes effect", iso(notice.effective_at, ctx.user_tz)),
        ("told by", channel_word(notice.channel)),
        ("sent", iso(notice.sent_at, ctx.user_tz)),
        ("acknowledged", iso(notice.acknowledged_at, ctx.user_tz)),
    ]


def moved_without_call(ctx: Context) -> Iterator[Risk]:
    short = timedelta(hours=ctx.param("hours"))
    for notice in ctx.snapshot.notices:
        if notice.kind not in (NoticeKind.RESCHEDULE, NoticeKind.CANCELLATION):
            continue
        if notice.sent_at > ctx.now:
            continue
        # The risk lasts until the original time has passed and, for a move, the new time too.
        relevant_until = notice.effective_at
        moved = ctx.snapshot.commitment_by_id.get(notice.commitment_id or -1)
        if notice.kind == NoticeKind.RESCHEDULE and moved is not None and moved.is_open:
            relevant_until = max(relevant_until, moved.due_at)
        if ctx.now > relevant_until:
            continue
        written = notice.channel not in TOLD_CHANNELS
        unacknowledged = written and not _acknowledged(ctx, notice)
        lead = notice.effective_at - notice.sent_at
        late_notice = written and lead < short
        if not (unacknowledged or late_notice):
            continue
        if _spoken_since(ctx, notice.customer_id, notice.sent_at) is not None:
            continue
        name = ctx.snapshot.customer_name(notice.customer_id)
        what = "moved" if notice.kind == NoticeKind.RESCHEDULE else "cancelled"
        told = f"told by {channel_word(notice.channel)} {ctx.day(notice.sent_at)}"
        problems = []
        if unacknowledged:
            problems.append("not acknowledged")
        if lead < short:
            problems.append(f"only {span(lead)} ahead")
        when = ctx.when(notice.effective_at, _their_tz(ctx, notice.customer_id, notice.timezone))
        yield ctx.risk(
            customer_id=notice.customer_id,
            subject_type="notice",
            subject_id=notice.id,
            reason=(
                f"{quoted(notice.title)} ({when}) was {what}, {told}, "
                f"{' and '.join(problems)}: call {name}"
            ),
            action=(
                f"Phone {name} so they do not turn up or wait in vain; log the call or record "
                "their acknowledgement"
            ),
            key=f"notice:{notice.id}",
            at=notice.effective_at,
            facts=_notice_facts(ctx, notice),
        )


def change_unacknowledged(ctx: Context) -> Iterator[Risk]:
    horizon = ctx.now + timedelta(hours=ctx.param("hours"))
    for notice in ctx.snapshot.notices:
        if notice.kind != NoticeKind.PLANNED_CHANGE:
            continue
        if not ctx.now <= notice.effective_at <= horizon:
            continue
        if notice.channel in TOLD_CHANNELS or _acknowledged(ctx, notice):
            continue
        if _spoken_since(ctx, notice.customer_id, notice.sent_at) is not None:
            continue
        name = ctx.snapshot.customer_name(notice.customer_id)
        if notice.sent_at <= ctx.now:
            told = f"Told by {channel_word(notice.channel)} {ctx.day(notice.sent_at)}"
        else:
            told = f"The {channel_word(notice.channel)} is not even sent yet"
        when = ctx.when(notice.effective_at, _their_tz(ctx, notice.customer_id, notice.timezone))
        yield ctx.risk(
            customer_id=notice.customer_id,
            subject_type="notice",
            subject_id=notice.id,
            reason=(
                f"{told}, not acknowledged; {quoted(notice.title)} for {name} is in "
                f"{span(notice.effective_at - ctx.now)} ({when}): call them"
            ),
            action=(
                f"Call {name} now and say exactly what will change; record their "
                "acknowledgement, or postpone the change"
            ),
            key=f"notice:{notice.id}",
            at=notice.effective_at,
            facts=_notice_facts(ctx, notice),
        )
