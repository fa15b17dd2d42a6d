"""`custjournal export` and `custjournal import`: the whole journal as versioned JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from custjournal.cli.common import UsageError, now_from, open_journal
from custjournal.services.backups import backup_now
from custjournal.services.interchange import json_format
from custjournal.store.files import write_private

MAX_IMPORT_BYTES = 512 * 1024 * 1024


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    export = subparsers.add_parser("export", parents=[common], help="export the whole journal")
    export.add_argument("--format", default="json", choices=["json"], help="json (default)")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.set_defaults(handler=_export)

    load = subparsers.add_parser(
        "import", parents=[common], help="import a JSON journal into an empty journal"
    )
    load.add_argument("file", help="a file written by `custjournal export --format json`")
    load.set_defaults(handler=_import)


def _export(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    text = json_format.dumps(json_format.export_journal(journal, now=now_from(args)))
    if args.output:
        write_private(Path(args.output), text)
        if not args.json:
            print(f"Exported the journal to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{args.file}: no such file")
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise UsageError(f"{args.file}: larger than {MAX_IMPORT_BYTES // 2**20} MB")
    data = json_format.loads(path.read_bytes())
    journal, now = open_journal(args), now_from(args)
    if journal.path is not None:
        backup_now(journal, now=now)  # a bulk change: keep the state before it
    counts = json_format.import_journal(journal, data, now=now)
    summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items() if n)
    print(f"Imported {summary or 'nothing'}")
    return 0
