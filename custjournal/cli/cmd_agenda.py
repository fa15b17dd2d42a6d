"""`custjournal agenda`: the coming days, day by day, in your zone and the customer's."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import datetime, timedelta
from itertools import groupby
from typing import Any

from custjournal.cli.common import UsageError, now_from, open_journal, print_json, user_zone
from custjournal.domain.enums import CommitmentKind, Direction
from custjournal.domain.times import format_dual, to_zone
from custjournal.services import commitments, profile
from custjournal.services.commitment_views import AgendaItem
from custjournal.services.customers import find_customer
from custjournal.services.views import NoticeView


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("agenda", parents=[common], help="the coming days")
    parser.add_argument("--days", type=int, default=7, help="how many days ahead (default 7)")
    parser.add_argument("--customer", help="only this customer")
    parser.set_defaults(handler=_agenda)


def _starts(item: AgendaItem | NoticeView) -> datetime:
    return item.starts_at if isinstance(item, AgendaItem) else item.effective_at


def _label(item: AgendaItem | NoticeView, me: str) -> str:
    if isinstance(item, NoticeView):
        told = (
            "acknowledged"
            if item.acknowledged_at
            else f"told by {item.channel.value}, not acknowledged"
        )
        return (
            f"Planned change for {item.customer_name}: {item.title} — {item.what_changes} ({told})"
        )
    c = item.commitment
    colleague = c.colleague(me)
    if c.kind == CommitmentKind.APPOINTMENT:
        where = c.location or (c.channel.value if c.channel else "")
        unconfirmed = "" if c.confirmed_at else "  [not confirmed]"
        goes = f", {colleague} goes" if colleague else ""
        return (
            f"{c.title} — {c.customer_name} ({c.duration_minutes} min, {where}{goes}){unconfirmed}"
        )
    owner = "I promised" if c.direction == Direction.MINE else f"{c.customer_name} promised"
    if colleague:
        owner = f"{colleague} promised"
    return f"{owner}: {c.title}" + (
        "" if c.direction == Direction.THEIRS else f" — {c.customer_name}"
    )


def _agenda(args: argparse.Namespace) -> int:
    if not 1 <= args.days <= 366:
        raise UsageError("--days must be between 1 and 366")
    journal = open_journal(args)
    now = now_from(args)
    customer_id = None
    if args.customer:
        customer_id = find_customer(journal, args.customer).id
    tz = user_zone(journal)
    me = profile.owner()
    overdue = [
        c
        for c in commitments.list_commitments(journal, status="open", customer_id=customer_id)
        if c.due_at < now and c.kind == CommitmentKind.PROMISE
    ]
    end = now + timedelta(days=args.days)
    items: list[AgendaItem | NoticeView] = [
        *commitments.agenda(journal, start=now, end=end, customer_id=customer_id),
        *commitments.planned_changes(journal, start=now, end=end, customer_id=customer_id),
    ]
    items.sort(key=_starts)
    if args.json:
        print_json(
            {
                "overdue": [asdict(c) for c in overdue],
                "items": [
                    {"starts_at": i.starts_at, "commitment": asdict(i.commitment)}
                    for i in items
                    if isinstance(i, AgendaItem)
                ],
                "planned_changes": [asdict(n) for n in items if isinstance(n, NoticeView)],
            }
        )
        return 0
    if overdue:
        print("Overdue")
        for c in overdue:
            colleague = c.colleague(me)
            who = f"{colleague}'s" if colleague else c.direction.value
            print(
                f"  {to_zone(c.due_at, tz):%a %d %b %H:%M}  [{who}] {c.title} — {c.customer_name}"
            )
        print()
    if not items:
        print(f"Nothing on the agenda in the next {args.days} days.")
        return 0
    for day, group in groupby(items, key=lambda i: to_zone(_starts(i), tz).date()):
        print(f"{day:%A %d %B %Y}")
        for item in group:
            other = item.commitment.timezone if isinstance(item, AgendaItem) else item.timezone
            when = format_dual(_starts(item), user_tz=tz, other_tz=other, fmt="%H:%M")
            print(f"  {when}  {_label(item, me)}")
        print()
    return 0
