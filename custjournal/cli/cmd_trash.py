"""`custjournal trash`: list, restore or purge deleted customers and projects (or delete one)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from custjournal.cli.common import UsageError, now_from, open_journal, print_json
from custjournal.services.trash import (
    delete_customer,
    delete_project,
    list_trash,
    purge_trash,
    restore_from_trash,
)
from custjournal.store import Journal
from custjournal.store.errors import JournalError


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "trash",
        parents=[common],
        help="deleted customers and projects, kept 30 days: list, restore ID, purge",
        description="`trash` or `trash list` shows the trash; `trash restore ID` puts an item "
        "back; `trash purge` deletes what is older than the keeping period for good; "
        "`trash customer ID` / `trash project ID` move one to the trash.",
    )
    parser.add_argument(
        "action",
        nargs="?",
        default="list",
        choices=["list", "restore", "purge", "customer", "project"],
        help="what to do (default: list)",
    )
    parser.add_argument("id", nargs="?", type=int, help="the trash item (or customer/project) id")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.action in ("restore", "customer", "project") and args.id is None:
        raise UsageError(f"trash {args.action}: give the id, e.g. `trash {args.action} 3`")
    if args.action in ("list", "purge") and args.id is not None:
        raise UsageError(f"trash {args.action}: takes no id")
    now = now_from(args)
    try:
        journal = open_journal(args)
    except JournalError as exc:
        print(f"custjournal trash: {exc}", file=sys.stderr)
        return 1
    try:
        return _act(args, journal, now)
    finally:
        journal.close()


def _act(args: argparse.Namespace, journal: Journal, now: datetime) -> int:
    if args.action == "purge":
        count = purge_trash(journal, now=now)
        print_json({"purged": count}) if args.json else print(f"purged {count} item(s)")
        return 0
    if args.action == "restore":
        restored = restore_from_trash(journal, trash_id=args.id, now=now)
        if args.json:
            print_json({"kind": restored.kind, "id": restored.id, "label": restored.label})
        else:
            print(f"restored {restored.kind} {restored.label} (id {restored.id})")
        return 0
    if args.action in ("customer", "project"):
        delete = delete_customer if args.action == "customer" else delete_project
        key = "customer_id" if args.action == "customer" else "project_id"
        entry = delete(journal, now=now, **{key: args.id})
        if args.json:
            print_json({"trash_id": entry.id, "label": entry.label, "summary": entry.summary})
        else:
            print(
                f"moved {entry.kind} {entry.label} ({entry.summary}) to the trash as item "
                f"{entry.id}; restore it until {entry.expires_at:%Y-%m-%d} with "
                f"`custjournal trash restore {entry.id}`"
            )
        return 0
    entries = list_trash(journal, now=now)
    if args.json:
        print_json(
            [
                {
                    "id": e.id,
                    "kind": e.kind,
                    "label": e.label,
                    "deleted_at": e.deleted_at.isoformat(),
                    "expires_at": e.expires_at.isoformat(),
                    "summary": e.summary,
                }
                for e in entries
            ]
        )
        return 0
    if not entries:
        print("the trash is empty")
        return 0
    for e in entries:
        expired = " (expired: purge removes it)" if e.expires_at <= now else ""
        print(
            f"{e.id:>4}  {e.kind:<8}  {e.label}  — deleted {e.deleted_at:%Y-%m-%d %H:%M} UTC, "
            f"kept until {e.expires_at:%Y-%m-%d}{expired}; {e.summary}"
        )
    return 0
