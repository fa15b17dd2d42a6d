"""Commitments from the command line: add one, mark done, move, cancel, confirm, notices."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from custjournal.cli.common import UsageError, local, now_from, open_journal, print_json, user_zone
from custjournal.domain.times import format_dual, parse_when, zone
from custjournal.services import commitments, customers, profile
from custjournal.services.commitment_views import CommitmentView
from custjournal.store import Journal


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    add = subparsers.add_parser(
        "commit",
        parents=[common],
        help="record a promise (mine or theirs) or an appointment",
        description="Dates accept natural input: 'tomorrow 9am', 'fri 17:00', '2026-12-03 14:30'.",
    )
    add.add_argument("customer")
    add.add_argument("title", help="what was promised, or what the appointment is")
    add.add_argument("--due", required=True, help="deadline, or the start of an appointment")
    add.add_argument("--theirs", action="store_true", help="the customer made this promise")
    add.add_argument("--appointment", action="store_true", help="an appointment, not a promise")
    add.add_argument("--duration", type=int, default=60, help="appointment length in minutes")
    add.add_argument("--where", default="", help="place of an in-person appointment")
    add.add_argument("--channel", default="in-person", help="in-person, phone, video, ...")
    add.add_argument("--rrule", default="", help="recurrence, e.g. FREQ=MONTHLY;BYDAY=1TU")
    add.add_argument("--confirmed", action="store_true", help="the customer already confirmed")
    add.add_argument("--timezone", help="zone the time is in (default: the customer's)")
    add.add_argument("--details", default="")
    add.add_argument(
        "--owner",
        help="who on your side made the promise or goes (default: this computer's "
        "local.owner setting; see `config`)",
    )
    add.set_defaults(handler=_add)

    for name, (_change, _verb, help_text) in STATUS_COMMANDS.items():
        status = subparsers.add_parser(name, parents=[common], help=help_text)
        status.add_argument("id", type=int)
        status.set_defaults(handler=_set_status)

    move = subparsers.add_parser("move", parents=[common], help="move a commitment")
    move.add_argument("id", type=int)
    move.add_argument("--to", required=True, help="the new time")
    move.add_argument("--told-by", dest="told_by", help="how the customer was told (phone, ...)")
    move.add_argument("--acknowledged", action="store_true", help="the customer confirmed it")
    move.add_argument("--reason", default="")
    move.set_defaults(handler=_move)

    cancel = subparsers.add_parser("cancel", parents=[common], help="cancel a commitment")
    cancel.add_argument("id", type=int)
    cancel.add_argument("--told-by", dest="told_by", help="how the customer was told")
    cancel.add_argument("--acknowledged", action="store_true")
    cancel.add_argument("--reason", default="")
    cancel.set_defaults(handler=_cancel)

    notice = subparsers.add_parser(
        "notice", parents=[common], help="record that a customer was told of a planned change"
    )
    notice.add_argument("customer")
    notice.add_argument("title", help="e.g. 'Mail server reboot'")
    notice.add_argument("--at", required=True, help="when the change happens")
    notice.add_argument("--changes", required=True, help="exactly what will change")
    notice.add_argument("--told-by", dest="told_by", required=True, help="phone, email, ...")
    notice.add_argument("--duration", type=int, help="minutes the change lasts")
    notice.add_argument("--acknowledged", action="store_true")
    notice.set_defaults(handler=_notice)

    ack = subparsers.add_parser("ack", parents=[common], help="the customer acknowledged a notice")
    ack.add_argument("id", type=int, help="notice id")
    ack.add_argument("--by", default="", help="who acknowledged it")
    ack.set_defaults(handler=_ack)


def _show(journal: Journal, view: CommitmentView, args: argparse.Namespace, verb: str) -> int:
    if args.json:
        print_json(asdict(view))
        return 0
    when = format_dual(view.due_at, user_tz=user_zone(journal), other_tz=view.timezone)
    owner = f" (owner: {view.owner})" if view.owner else ""
    print(f"{verb} #{view.id} {view.title!r} for {view.customer_name}: {when}{owner}")
    return 0


def _add(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    now = now_from(args)
    if args.rrule and not args.appointment:
        raise UsageError("--rrule: only appointments repeat; add --appointment")
    customer = customers.find_customer(journal, args.customer)
    tz = zone(args.timezone or customer.timezone, "--timezone")
    due = parse_when(args.due, now=now, tz=tz, field="--due", prefer_future=True)
    direction = "theirs" if args.theirs else "mine"
    if args.owner is not None and args.theirs:
        raise UsageError("--owner: the customer's promises have no owner on your side")
    # Ours unless said otherwise: the person at this computer (a team journal's colleagues
    # each record under their own name).
    owner = "" if args.theirs else (args.owner if args.owner is not None else profile.owner())
    if args.appointment:
        view = commitments.add_appointment(
            journal,
            customer_id=customer.id,
            title=args.title,
            starts_at=due,
            duration_minutes=args.duration,
            now=now,
            channel=args.channel,
            location=args.where,
            rrule=args.rrule,
            confirmed=args.confirmed,
            direction=direction,
            details=args.details,
            owner=owner,
        )
    else:
        view = commitments.add_promise(
            journal,
            customer_id=customer.id,
            title=args.title,
            due_at=due,
            now=now,
            direction=direction,
            details=args.details,
            owner=owner,
        )
    on_a_server = journal.path is None  # a team journal: colleagues read what this records
    if not owner and not args.theirs and on_a_server and (missing := profile.owner_missing()):
        print(f"custjournal: note: {missing}", file=sys.stderr)
    return _show(journal, view, args, "Recorded")


# Commands that take a commitment's id and move it on: (service call, what is printed, help).
STATUS_COMMANDS: dict[str, tuple[Callable[..., CommitmentView], str, str]] = {
    "done": (commitments.complete_commitment, "Done:", "mark a commitment done"),
    "reopen": (
        commitments.reopen_commitment,
        "Open again:",
        "open a done, broken or cancelled commitment again",
    ),
    "broken": (commitments.mark_broken, "Broken:", "record that an open commitment was not kept"),
    "confirm": (
        commitments.confirm_appointment,
        "Confirmed",
        "the customer confirmed an appointment",
    ),
}


def _set_status(args: argparse.Namespace) -> int:
    change, verb, _help = STATUS_COMMANDS[args.command]
    journal = open_journal(args)
    view = change(journal, commitment_id=args.id, now=now_from(args))
    return _show(journal, view, args, verb)


def _move(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    now = now_from(args)
    current = commitments.get_commitment(journal, args.id)
    new_due = parse_when(
        args.to, now=now, tz=zone(current.timezone), field="--to", prefer_future=True
    )
    view = commitments.reschedule_commitment(
        journal,
        commitment_id=args.id,
        new_due_at=new_due,
        now=now,
        reason=args.reason,
        notice_channel=args.told_by,
        acknowledged=args.acknowledged,
    )
    return _show(journal, view, args, "Moved")


def _cancel(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    view = commitments.cancel_commitment(
        journal,
        commitment_id=args.id,
        now=now_from(args),
        notice_channel=args.told_by,
        acknowledged=args.acknowledged,
        reason=args.reason,
    )
    return _show(journal, view, args, "Cancelled")


def _notice(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    now = now_from(args)
    customer = customers.find_customer(journal, args.customer)
    at = parse_when(args.at, now=now, tz=zone(customer.timezone), field="--at", prefer_future=True)
    view = commitments.record_notice(
        journal,
        customer_id=customer.id,
        kind="planned-change",
        title=args.title,
        what_changes=args.changes,
        effective_at=at,
        channel=args.told_by,
        sent_at=now,
        now=now,
        acknowledged_at=now if args.acknowledged else None,
        duration_minutes=args.duration,
    )
    if args.json:
        print_json(asdict(view))
    else:
        tz = user_zone(journal)
        print(f"Notice #{view.id} {view.title!r} for {customer.name} at {local(at, tz)}")
    return 0


def _ack(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    view = commitments.acknowledge_notice(
        journal, notice_id=args.id, now=now_from(args), by=args.by
    )
    if args.json:
        print_json(asdict(view))
    else:
        print(f"Notice #{view.id} {view.title!r} acknowledged")
    return 0
