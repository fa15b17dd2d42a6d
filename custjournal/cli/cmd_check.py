"""`custjournal check`: is the journal sound? Repairs what it safely can and says so."""

from __future__ import annotations

import argparse
import sys

from custjournal.cli.common import now_from, print_json
from custjournal.paths import default_db_url
from custjournal.store import Journal
from custjournal.store.check import check_journal
from custjournal.store.errors import JournalError


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "check",
        parents=[common],
        help="check the journal (database, search index, invariants) and repair what can be",
    )
    parser.add_argument("--no-repair", action="store_true", help="only report; change nothing")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    url = getattr(args, "db", None) or default_db_url()
    try:
        journal = Journal.open(url, backup=False)
    except JournalError as exc:
        print(f"custjournal check: {exc}", file=sys.stderr)
        return 1
    try:
        for warning in journal.warnings:
            print(f"custjournal: warning: {warning}", file=sys.stderr)
        report = check_journal(journal, now=now_from(args), repair=not args.no_repair)
        offer = None
        if any(f.area == "integrity" for f in report.findings) and journal.path is not None:
            offer = journal.newest_good_backup()
    finally:
        journal.close()
    if args.json:
        print_json(
            {
                "ok": report.healthy,
                "findings": [
                    {"area": f.area, "problem": f.problem, "repaired": f.repaired or None}
                    for f in report.findings
                ],
                "backup_before_repair": report.backup or None,
                "notes": list(report.notes),
                "restore_offer": str(offer.path) if offer else None,
            }
        )
        return 0 if report.healthy else 1
    for finding in report.findings:
        if finding.repaired:
            print(f"repaired ({finding.area}): {finding.problem} — {finding.repaired}")
    if report.backup:
        print(f"(the journal was backed up first to {report.backup})")
    for note in report.notes:
        print(note)
    if report.healthy:
        print("ok")
        return 0
    for finding in report.problems:
        print(f"problem ({finding.area}): {finding.problem}")
    if offer is not None:
        print(f"the newest good backup is {offer.path}: custjournal restore {offer.path}")
    return 1
