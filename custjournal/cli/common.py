"""What every subcommand shares: --db, --now, --json, opening the journal, printing."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import UTC, datetime
from typing import Any

from custjournal.domain.times import parse_iso
from custjournal.paths import default_db_url
from custjournal.store import Journal
from custjournal.store.cipher import PassphraseRequired
from custjournal.store.engine import checked_url, sqlite_path


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
    url, now = getattr(args, "db", None), now_from(args)
    # First: a URL for another database or driver says what to write instead.
    checked_url(url or default_db_url())
    path = sqlite_path(url or default_db_url())
    is_new = path is not None and not path.exists()
    try:
        journal = Journal.open(url, now=now)
    except PassphraseRequired:
        if not sys.stdin.isatty():
            raise
        secret = getpass.getpass("Passphrase for the journal: ")
        journal = Journal.open(url, passphrase=secret, now=now)
    if is_new and args.command not in ("demo", "import"):
        # A typo in --db would otherwise look like an empty journal.
        print(f"custjournal: note: started a new, empty journal at {path}", file=sys.stderr)
    for warning in journal.warnings:  # e.g. the journal lives in a Dropbox folder
        print(f"custjournal: warning: {warning}", file=sys.stderr)
    return journal


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    """Columns padded to their widest cell; the last column is left ragged."""
    if not rows:
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def local(value: datetime | None, tz: str, fmt: str = "%a %d %b %H:%M") -> str:
    from custjournal.domain.times import to_zone  # noqa: PLC0415 - keeps startup light

    return "" if value is None else to_zone(value, tz).strftime(fmt)


def user_zone(journal: Journal) -> str:
    from custjournal.services.settings import user_timezone  # noqa: PLC0415

    with journal.reading() as session:
        return user_timezone(session)
