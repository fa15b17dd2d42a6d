"""`custjournal note CUSTOMER TEXT`: log an interaction (a call, a meeting, an observation)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import Any

from custjournal.cli.common import now_from, open_journal, print_json, user_zone
from custjournal.domain.enums import Direction
from custjournal.domain.times import format_dual, parse_when, zone
from custjournal.services import customers, journal
from custjournal.services.promises.suggestions import suggest_commitments

# Finder words for the customer's side, shown as the customer's name.
_THEM = {"the customer", "they", "them", "their team", "the client"}


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "note", parents=[common], help="log a note, call, meeting or e-mail with a customer"
    )
    parser.add_argument("customer", help="customer name (or a unique beginning of it)")
    parser.add_argument("text", help="the note, Markdown allowed; '-' reads standard input")
    parser.add_argument(
        "--kind", default="note", help="meeting, call, email, visit, meal, message or note"
    )
    parser.add_argument("--channel", help="in-person, phone, video, email, chat, letter")
    parser.add_argument("--title", default="")
    parser.add_argument("--when", help="when it happened, e.g. 'yesterday 14:00' (default: now)")
    parser.add_argument("--mood", default="neutral", help="positive, neutral, unsure, upset, angry")
    parser.add_argument(
        "--question", action="append", default=[], help="a question the customer asked (repeat)"
    )
    parser.set_defaults(handler=_note)


def _note(args: argparse.Namespace) -> int:
    opened = open_journal(args)
    now = now_from(args)
    customer = customers.find_customer(opened, args.customer)
    when = None
    if args.when:
        when = parse_when(args.when, now=now, tz=zone(user_zone(opened)), field="--when")
    body = sys.stdin.read() if args.text == "-" else args.text
    view = journal.log_interaction(
        opened,
        customer_id=customer.id,
        now=now,
        occurred_at=when,
        kind=args.kind,
        channel=args.channel,
        title=args.title,
        body=body,
        mood=args.mood,
        questions=args.question,
    )
    suggestions = suggest_commitments(opened, interaction_id=view.id, now=now)
    if args.json:
        print_json({**asdict(view), "suggestions": [asdict(x) for x in suggestions]})
        return 0
    print(f"Logged {view.kind.value} #{view.id} with {customer.name}")
    tz = user_zone(opened)
    for found in suggestions:
        who = found.who if found.who.lower() not in _THEM else found.customer_name
        owner = "You promised" if found.direction == Direction.MINE else f"{who} promised"
        due = (
            format_dual(found.due, user_tz=tz, other_tz=found.timezone) if found.due else "no date"
        )
        print(f"  Found a promise: {owner}: {found.title} — due {due}  (from: “{found.matched}”)")
        print(f"    track it: custjournal promises accept {view.id} {found.key[:8]}")
    return 0
