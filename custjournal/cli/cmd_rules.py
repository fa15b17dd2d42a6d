"""`custjournal rules`: the risk rules with their severity, switch and current thresholds."""

from __future__ import annotations

import argparse
from typing import Any

from custjournal.cli.common import open_journal, print_json
from custjournal.services.risks import list_rules


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "rules",
        parents=[common],
        help="list the risk rules and their current thresholds",
        description="List the risk rules; change a threshold with `custjournal config set`.",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    try:
        rules = list_rules(journal)
    finally:
        journal.close()
    if args.json:
        print_json([rule.to_dict() for rule in rules])
        return 0
    for rule in rules:
        state = "" if rule.enabled else "  [off]"
        print(f"{rule.id:24} {rule.severity:8} {rule.title}{state}")
        print(f"{'':24} {rule.explanation}")
        for t in rule.thresholds:
            changed = "" if t.value == t.default else f" (default {t.default})"
            print(f"{'':24}   {t.key} = {t.value} {t.unit}{changed}")
    print("Switch a rule off: custjournal config set rules.<id>.enabled false")
    return 0
