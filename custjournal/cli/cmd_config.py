"""`custjournal config get|set|unset|list`: read and change settings such as rule thresholds.

`local.*` keys are this computer's (services.profile), not the journal's: on a team journal
the others are everybody's.
"""

from __future__ import annotations

import argparse
from typing import Any

from custjournal.cli.common import UsageError, open_journal, print_json
from custjournal.services import profile
from custjournal.services.settings import (
    all_settings,
    declared,
    get_setting,
    reset_setting,
    set_setting,
)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "config",
        parents=[common],
        help="get, set, unset or list settings (e.g. rules.silent-customer.days)",
        description=(
            "Read and change settings. Example: config set rules.silent-customer.days 21. "
            "unset goes back to the default (user.timezone: this computer's zone). "
            "local.* keys are kept on this computer, not in the journal."
        ),
    )
    parser.add_argument("action", choices=("get", "set", "unset", "list"), help="what to do")
    parser.add_argument("key", nargs="?", help="the setting, e.g. user.timezone")
    parser.add_argument("value", nargs="?", help="the new value (for set)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.action in ("get", "set", "unset") and not args.key:
        raise UsageError(f"config {args.action} needs a KEY (see `custjournal config list`)")
    if args.action == "set" and args.value is None:
        raise UsageError("config set needs a VALUE after the KEY")
    if args.action == "list" and args.key:
        raise UsageError("config list takes no KEY")
    if args.action in ("get", "unset") and args.value is not None:
        raise UsageError(f"config {args.action} takes only a KEY")
    if args.key and profile.is_local(args.key):
        return _local(args)
    journal = open_journal(args)
    try:
        if args.action == "list":
            with journal.reading() as session:
                values = all_settings(session)
            return _print_list(values, args.json)
        if args.action == "get":
            with journal.reading() as session:
                value = get_setting(session, args.key)
        elif args.action == "unset":
            with journal.transaction() as session:
                value = reset_setting(session, args.key)
        else:
            with journal.transaction() as session:
                value = set_setting(session, args.key, args.value)
    finally:
        journal.close()
    return _print_value(args, value)


def _local(args: argparse.Namespace) -> int:
    """A setting of this computer: no journal is opened."""
    if args.action == "get":
        value = profile.get_local(args.key)
    else:
        value = profile.set_local(args.key, "" if args.action == "unset" else args.value)
    return _print_value(args, value)


def _print_value(args: argparse.Namespace, value: Any) -> int:
    if args.json:
        print_json({"key": args.key, "value": value})
    else:
        print(_show(value))
    return 0


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _print_list(values: dict[str, Any], as_json: bool) -> int:
    local = profile.all_local()
    if as_json:
        print_json({**values, **local})
        return 0
    helps = {key: d.help for key, d in declared().items()}
    helps.update({key: d.help for key, d in profile.LOCAL.items()})
    shown = {**values, **local}
    width = max(len(key) for key in shown)
    for key, value in shown.items():
        print(f"{key:{width}}  {_show(value):>14}  {helps[key]}")
    return 0
