"""`custjournal snooze KEY --until DATE`: hide one risk until a date (or show it again)."""

from __future__ import annotations

import argparse
from typing import Any

from custjournal.cli.common import UsageError, now_from, open_journal, print_json
from custjournal.domain.times import format_dual, parse_when, zone
from custjournal.services.risks import list_snoozes, snooze_risk, unsnooze_risk
from custjournal.services.settings import user_timezone


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "snooze",
        parents=[common],
        help="hide a risk until a date (key from `custjournal risks`)",
        description="Hide a risk until a date: custjournal snooze overdue:commitment:42 "
        "--until 'next week'. Without KEY, list the snoozes in force.",
    )
    parser.add_argument("key", nargs="?", help="the risk's key, as `custjournal risks` shows it")
    parser.add_argument("--until", metavar="DATE", help="e.g. 'fri 17:00', 'in 3 days', ISO")
    parser.add_argument("--reason", default="", help="why you snooze it (optional)")
    parser.add_argument("--remove", action="store_true", help="show the risk again now")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.key and not args.remove and not args.until:
        raise UsageError("--until DATE is required (e.g. --until 'next week'), or use --remove")
    if args.remove and args.until:
        raise UsageError("use either --until or --remove, not both")
    if not args.key and (args.until or args.remove):
        raise UsageError("KEY is required (copy it from `custjournal risks`)")
    now = now_from(args)
    journal = open_journal(args)
    try:
        with journal.reading() as session:
            user_tz = user_timezone(session)
        if not args.key:
            return _print_snoozes(list_snoozes(journal, now=now), user_tz, args.json)
        if args.remove:
            unsnooze_risk(journal, key=args.key)
            print(f"{args.key.strip()} shows again.")
            return 0
        until = parse_when(args.until, now=now, tz=zone(user_tz), field="--until")
        view = snooze_risk(journal, key=args.key, until=until, now=now, reason=args.reason)
    finally:
        journal.close()
    if args.json:
        print_json({"key": view.key, "until": view.until.isoformat(), "reason": view.reason})
    else:
        print(
            f"{view.key} snoozed until {format_dual(view.until, user_tz=user_tz, other_tz=None)}."
        )
    return 0


def _print_snoozes(snoozes: list[Any], user_tz: str, as_json: bool) -> int:
    if as_json:
        print_json(
            [{"key": s.key, "until": s.until.isoformat(), "reason": s.reason} for s in snoozes]
        )
        return 0
    if not snoozes:
        print("Nothing is snoozed.")
    for s in snoozes:
        until = format_dual(s.until, user_tz=user_tz, other_tz=None)
        print(f"{s.key}  until {until}" + (f"  ({s.reason})" if s.reason else ""))
    return 0
