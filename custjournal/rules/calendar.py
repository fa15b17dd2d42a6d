"""Rules about the calendar: double bookings, no time to travel, first in-person meetings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from functools import partial

from custjournal.domain.enums import Channel, CommitmentKind, CommitmentStatus
from custjournal.domain.times import zone
from custjournal.rules.base import Context
from custjournal.rules.occurrences import Occurrence, occurrences
from custjournal.rules.risk import Description, Risk
from custjournal.rules.text import clock, iso
from custjournal.rules.words import is_in_person, quoted


def _place(text: str) -> str:
    return " ".join(text.lower().split())


def _upcoming(ctx: Context, days: int) -> list[Occurrence]:
    found = occurrences(
        ctx.snapshot.open_appointments,
        start=ctx.now,
        end=ctx.now + timedelta(days=days),
        default_minutes=ctx.param("default_minutes"),
    )
    return sorted(found, key=lambda o: (o.start, o.end, o.commitment.id))


def _pair_key(a: Occurrence, b: Occurrence, user_tz: str) -> str:
    first, second = (a, b) if a.commitment.id <= b.commitment.id else (b, a)
    key = f"commitment:{first.commitment.id}:{second.commitment.id}"
    if first.recurring or second.recurring:
        # One snooze per day for a clash inside a series, not for the whole series.
        key += f":{a.start.astimezone(zone(user_tz)).date().isoformat()}"
    return key


def _label(ctx: Context, item: Occurrence) -> str:
    name = ctx.snapshot.customer_name(item.commitment.customer_id)
    return f"{quoted(item.commitment.title)} with {name}"


def _occurrence_facts(ctx: Context, a: Occurrence, b: Occurrence) -> list[tuple[str, str]]:
    facts = []
    for label, item in (("first", a), ("second", b)):
        where = item.commitment.location or (item.commitment.channel or "—")
        facts.append(
            (
                label,
                f"{item.commitment.title} — {iso(item.start, ctx.user_tz)}, "
                f"{item.minutes} min, {where}",
            )
        )
    return facts


def double_booked(ctx: Context) -> Iterator[Risk]:
    buffer = timedelta(minutes=ctx.param("travel_buffer_minutes"))
    limit_minutes = ctx.param("daily_limit_hours") * 60
    upcoming = _upcoming(ctx, ctx.param("horizon_days"))
    focus = ctx.snapshot.focus_customer_id
    for index, a in enumerate(upcoming):
        for b in upcoming[index + 1 :]:
            if b.start >= a.end + buffer:
                # Sorted by start: no later appointment can clash with `a` either.
                break
            if a.commitment.id == b.commitment.id:
                continue
            if focus is not None and focus not in (
                a.commitment.customer_id,
                b.commitment.customer_id,
            ):
                continue  # two other customers' meetings: not this customer's risk
            risk = _clash(ctx, a, b, buffer)
            if risk is not None:
                yield risk
    if focus is not None and not ctx.snapshot.whole_diary:
        return  # a full day is nobody's risk in particular (customer None): not seen here
    booked: dict[date, list[Occurrence]] = defaultdict(list)
    tz = zone(ctx.user_tz)
    for item in upcoming:
        booked[item.start.astimezone(tz).date()].append(item)
    for day, items in sorted(booked.items()):
        total = sum(item.minutes for item in items)
        if total <= limit_minutes:
            continue
        yield ctx.risk(
            customer_id=None,
            subject_type="day",
            subject_id=None,
            reason=(
                f"{day:%a %d %b} is booked for {total // 60} h {total % 60:02d} min "
                f"in {len(items)} appointments, over your limit of "
                f"{ctx.param('daily_limit_hours')} h"
            ),
            action="Move or shorten one appointment, or turn one into a short call",
            key=f"day:{day.isoformat()}",
            at=items[0].start,
            facts=[("day", day.isoformat()), ("booked minutes", str(total))]
            + [(item.commitment.title, iso(item.start, ctx.user_tz)) for item in items],
        )


def _clash(ctx: Context, a: Occurrence, b: Occurrence, buffer: timedelta) -> Risk | None:
    later = b.commitment
    if b.start >= a.end:  # back to back: a risk only if there is no time to get there
        both_there = (
            a.commitment.channel == Channel.IN_PERSON and later.channel == Channel.IN_PERSON
        )
        here, there = _place(a.commitment.location), _place(later.location)
        if not (both_there and here and there and here != there):
            return None
    return ctx.risk(
        customer_id=later.customer_id,
        subject_type="commitment",
        subject_id=later.id,
        describe=partial(_clash_words, ctx, a, b, buffer),
        key=_pair_key(a, b, ctx.user_tz),
        at=b.start,
        also=(a.commitment.id,),
    )


def _clash_words(ctx: Context, a: Occurrence, b: Occurrence, buffer: timedelta) -> Description:
    later = b.commitment
    if b.start < a.end:
        overlap = int((min(a.end, b.end) - b.start).total_seconds() // 60)
        reason = (
            f"{_label(ctx, b)} at {ctx.when(b.start)} overlaps {_label(ctx, a)} "
            f"({ctx.when(a.start)}–{clock(a.end, ctx.user_tz)}) "
            f"by {overlap} min"
        )
        action = "Move one of them now and tell that customer today, not on the day"
    else:
        gap = int((b.start - a.end).total_seconds() // 60)
        reason = (
            f"{_label(ctx, b)} at {later.location} starts {ctx.when(b.start)}, only {gap} min "
            f"after {_label(ctx, a)} at {a.commitment.location} ends; "
            f"you need {int(buffer.total_seconds() // 60)} min to get there"
        )
        action = (
            "Move one of them, make one a video call, or warn "
            f"{ctx.snapshot.customer_name(later.customer_id)} now that you may be late"
        )
    return reason, _occurrence_facts(ctx, a, b), action


def _met_before(ctx: Context, customer_id: int) -> bool:
    """An in-person contact, or an in-person appointment held (or still open) in the past."""
    snapshot = ctx.snapshot
    if any(
        item.occurred_at <= ctx.now and is_in_person(item)
        for item in snapshot.contacts_by_customer.get(customer_id, ())
    ):
        return True
    return any(
        c.kind == CommitmentKind.APPOINTMENT
        and c.channel == Channel.IN_PERSON
        and c.due_at < ctx.now
        and c.status in (CommitmentStatus.OPEN, CommitmentStatus.DONE)
        for c in snapshot.commitments_by_customer.get(customer_id, ())
    )


def first_meeting_etiquette(ctx: Context) -> Iterator[Risk]:
    horizon = ctx.now + timedelta(hours=ctx.param("hours"))
    snapshot = ctx.snapshot
    first: dict[int, Occurrence] = {}
    upcoming = occurrences(
        [c for c in snapshot.open_appointments if c.channel == Channel.IN_PERSON],
        start=ctx.now,
        end=horizon,
        default_minutes=60,
    )
    for occ in upcoming:
        cid = occ.commitment.customer_id
        if occ.start < ctx.now:
            continue
        if cid not in first or occ.start < first[cid].start:
            first[cid] = occ
    # Asked only of the few customers with an in-person meeting coming, not of everyone.
    for cid in [cid for cid in first if _met_before(ctx, cid)]:
        del first[cid]
    for cid, occ in sorted(first.items(), key=lambda pair: pair[1].start):
        customer = snapshot.customer_by_id.get(cid)
        if customer is None:
            continue
        general, culture, own = snapshot.etiquette.for_customer(customer)
        total = general + culture + own
        if total == 0:
            continue
        parts = []
        if culture:
            parts.append(f"{culture} for {customer.culture or customer.country}")
        if own:
            parts.append(f"{own} for {customer.name}")
        if general:
            parts.append(f"{general} general")
        yield ctx.risk(
            customer_id=cid,
            subject_type="commitment",
            subject_id=occ.commitment.id,
            reason=(
                f"First in-person meeting with {customer.name} "
                f"{ctx.when(occ.start, customer.timezone)}: {total} etiquette {_plural(total)} "
                f"({', '.join(parts)})"
            ),
            action=(
                "Read the etiquette section of the briefing before you go: dress, how to address "
                "people, punctuality, gifts"
            ),
            key=f"commitment:{occ.commitment.id}",
            at=occ.start,
            facts=[
                ("appointment", occ.commitment.title),
                ("starts", iso(occ.start, ctx.user_tz)),
                ("where", occ.commitment.location or "—"),
                ("reminders", ", ".join(parts)),
            ],
        )


def _plural(count: int) -> str:
    return "reminder applies" if count == 1 else "reminders apply"
