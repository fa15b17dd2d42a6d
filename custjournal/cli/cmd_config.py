"""`custjournal config get|set|list`: read and change settings such as rule thresholds."""

from __future__ import annotations

import argparse
from typing import Any

from custjournal.cli.common import UsageError, open_journal, print_json
from custjournal.services.settings import all_settings, declared, get_setting, set_setting


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "config",
        parents=[common],
        help="get, set or list settings (e.g. rules.silent-customer.days)",
        description="Read and change settings. Example: config set rules.silent-customer.days 21",
    )
    parser.add_argument("action", choices=("get", "set", "list"), help="what to do")
    parser.add_argument("key", nargs="?", help="the setting, e.g. user.timezone")
    parser.add_argument("value", nargs="?", help="the new value (for set)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.action in ("get", "set") and not args.key:
        raise UsageError(f"config {args.action} needs a KEY (see `custjournal config list`)")
    if args.action == "set" and args.value is None:
        raise UsageError("config set needs a VALUE after the KEY")
    if args.action == "list" and args.key:
        raise UsageError("config list takes no KEY")
    if args.action == "get" and args.value is not None:
        raise UsageError("config get takes only a KEY")
    journal = open_journal(args)
    try:
        if args.action == "list":
            with journal.reading() as session:
                values = all_settings(session)
            return _print_list(values, args.json)
        if args.action == "get":
            with journal.reading() as session:
                value = get_setting(session, args.key)
        else:
            with journal.transaction() as session:
                value = set_setting(session, args.key, args.value)
    finally:
        journal.close()
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
    if as_json:
        print_json(values)
        return 0
    helps = declared()
    width = max(len(key) for key in values)
    for key, value in values.items():
        print(f"{key:{width}}  {_show(value):>14}  {helps[key].help}")
    return 0
