"""What every subcommand shares: --db, --now, --json, opening the journal, printing."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from custjournal.domain.times import parse_iso
from custjournal.store import Journal


class UsageError(Exception):
    """A command-line argument is wrong; the message names it."""


def common_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="URL", default=argparse.SUPPRESS, help="journal database URL"
    )
    common.add_argument(
        "--now", metavar="ISO-8601", help="pretend it is this moment (a frozen clock)"
    )
    common.add_argument("--json", action="store_true", help="print data as JSON")
    return common


def now_from(args: argparse.Namespace) -> datetime:
    if getattr(args, "now", None):
        return parse_iso(args.now, "--now", tz=None).astimezone(UTC)
    return datetime.now(UTC)


def open_journal(args: argparse.Namespace) -> Journal:
    return Journal.open(getattr(args, "db", None))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
