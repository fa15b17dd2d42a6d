"""`custjournal demo`: fill an empty journal with the realistic sample journal."""

from __future__ import annotations

import argparse
from typing import Any

from custjournal.cli.common import now_from, open_journal, print_json
from custjournal.services.demo import build_demo


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "demo", parents=[common], help="load the sample journal into an empty journal"
    )
    parser.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    counts = build_demo(journal, now=now_from(args))
    if args.json:
        print_json(counts)
    else:
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        print(f"Sample journal ready: {summary}. Try: custjournal agenda --days 14")
    return 0
