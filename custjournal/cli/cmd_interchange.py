"""`import-ics`, `export-ics`, `import-vcard`, `export-vcard`, `import-csv`, `export-csv`."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, time
from pathlib import Path
from typing import Any

from custjournal.cli.common import (
    UsageError,
    local,
    now_from,
    open_journal,
    print_json,
    print_table,
    user_zone,
)
from custjournal.domain.times import parse_when, zone
from custjournal.services.interchange import csv_io, ics, vcard
from custjournal.services.interchange.common import ExportResult, ImportReport, read_file
from custjournal.store import Journal


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    def command(name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        parser = subparsers.add_parser(name, parents=[common], help=help_text)
        parser.set_defaults(handler=handler)
        return parser

    def importer(name: str, help_text: str, handler: Any, what: str) -> argparse.ArgumentParser:
        parser = command(name, help_text, handler)
        parser.add_argument("file", metavar="FILE", help=f"the {what} to read")
        parser.add_argument(
            "--customer",
            metavar="NAME",
            help="customer for records that name none (events: no known attendee)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would happen; change nothing"
        )
        return parser

    def exporter(name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        parser = command(name, help_text, handler)
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="file to write (default: stdout)"
        )
        parser.add_argument("--customer", metavar="NAME", help="only this customer")
        return parser

    importer(
        "import-ics", "import appointments from an .ics calendar file", _import_ics, ".ics file"
    )
    export = exporter("export-ics", "export appointments and promises as an .ics file", _export_ics)
    _range(export)
    export.add_argument(
        "--no-promises", action="store_true", help="appointments only (no VTODO promises)"
    )
    cards = importer(
        "import-vcard", "import contacts from a vCard 3.0/4.0 file", _import_vcard, ".vcf file"
    )
    cards.add_argument(
        "--no-new-customers",
        action="store_true",
        help="skip contacts whose organisation is not yet a customer (default: create it)",
    )
    out = exporter("export-vcard", "export contacts as vCards", _export_vcard)
    out.add_argument("--vcard-version", choices=vcard.VERSIONS, default="3.0", help="default 3.0")
    table = importer("import-csv", "import contacts from a CSV file", _import_csv, "CSV file")
    table.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help=f"which column holds a contact field ({', '.join(csv_io.FIELDS)}); repeatable",
    )
    table.add_argument("--no-new-customers", action="store_true", help="do not create customers")
    sheet = exporter("export-csv", "export interactions or commitments as CSV", _export_csv)
    sheet.add_argument("what", choices=["interactions", "commitments"], help="what to export")
    _range(sheet)


def _range(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", metavar="WHEN", help="from this date (inclusive)")
    parser.add_argument("--to", dest="end", metavar="WHEN", help="until this date (exclusive)")


def _when(text: str | None, option: str, journal: Journal, now: datetime) -> datetime | None:
    if not text:
        return None
    tz = zone(user_zone(journal))
    return parse_when(text, now=now, tz=tz, field=option, default_time=time(0, 0))


def _write(args: argparse.Namespace, result: ExportResult, what: str) -> int:
    for note in result.warnings:
        print(f"custjournal: warning: {note}", file=sys.stderr)
    if not args.output:
        sys.stdout.write(result.text)
        return 0
    path = Path(args.output)
    # Written beside the target and renamed, so a calendar subscribed to the file never reads
    # half of it; readable by the owner only, since it holds customer data.
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(result.text)
        os.replace(tmp, path)
    except OSError as exc:
        raise UsageError(f"-o {args.output}: cannot write ({exc.strerror or exc})") from None
    if args.json:
        print_json({"file": str(path), "count": result.count})
    else:
        print(f"Exported {result.count} {what} to {path}")
    return 0


def _report(args: argparse.Namespace, report: ImportReport, dry: bool) -> int:
    if args.json:
        print_json({"dry_run": dry, **report.as_dict()})
        return 0
    verb = "Would create" if dry else "Created"
    line = f"{verb} {report.created}, updated {report.updated}, unchanged {report.unchanged}"
    if report.customers_created:
        line += f"; new customers: {', '.join(report.customers_created)}"
    print(line)
    if report.skipped:
        print(f"Skipped {len(report.skipped)}:")
        for item in report.skipped:
            print(f"  {item.where}: {item.title or '(untitled)'}: {item.reason}")
    for warning in report.warnings:
        print(f"custjournal: warning: {warning}", file=sys.stderr)
    return 0


def _import_ics(args: argparse.Namespace) -> int:
    data = read_file(args.file)
    parsed = ics.parse_ics(data, source=args.file)
    journal = open_journal(args)
    now = now_from(args)
    if not args.dry_run:
        return _report(args, ics.apply_ics(journal, parsed, customer=args.customer, now=now), False)
    preview = ics.preview_ics(journal, parsed, customer=args.customer, now=now)
    if args.json:
        events = [
            {
                "action": e.action,
                "line": e.line,
                "uid": e.uid,
                "kind": e.kind,
                "title": e.title,
                "starts_at": e.starts_at.isoformat() if e.starts_at else None,
                "timezone": e.timezone,
                "customer": e.customer,
                "reason": e.reason,
            }
            for e in preview.events
        ]
        print_json({"dry_run": True, "events": events, **preview.report.as_dict()})
        return 0
    if not args.json:
        tz = user_zone(journal)
        print_table(
            ["action", "line", "starts", "customer", "title"],
            [
                [
                    e.action,
                    str(e.line),
                    local(e.starts_at, tz, "%Y-%m-%d %H:%M"),
                    e.customer,
                    e.title,
                ]
                for e in preview.events
            ],
        )
    return _report(args, preview.report, True)


def _export_ics(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    now = now_from(args)
    result = ics.export_ics(
        journal,
        now=now,
        customer=args.customer,
        start=_when(args.start, "--from", journal, now),
        end=_when(args.end, "--to", journal, now),
        promises=not args.no_promises,
    )
    return _write(args, result, "appointments and promises")


def _import_vcard(args: argparse.Namespace) -> int:
    parsed = vcard.parse_vcards(read_file(args.file), source=args.file)
    journal = open_journal(args)
    run = vcard.preview_vcards if args.dry_run else vcard.apply_vcards
    report = run(
        journal,
        parsed,
        customer=args.customer,
        create_customers=not args.no_new_customers,
        now=now_from(args),
    )
    return _report(args, report, args.dry_run)


def _export_vcard(args: argparse.Namespace) -> int:
    result = vcard.export_vcards(
        open_journal(args), customer=args.customer, version=args.vcard_version
    )
    return _write(args, result, "contacts")


def _import_csv(args: argparse.Namespace) -> int:
    table = csv_io.read_csv(read_file(args.file), source=args.file)
    mapping = csv_io.parse_mapping(args.map, table.headers)
    journal = open_journal(args)
    options = {
        "customer": args.customer,
        "create_customers": not args.no_new_customers,
        "now": now_from(args),
    }
    if not args.dry_run:
        return _report(args, csv_io.apply_csv(journal, table, mapping, **options), False)
    preview = csv_io.preview_csv(journal, table, mapping, **options)
    if not args.json:
        used = [f for f in csv_io.FIELDS if f in preview.mapping]
        print("Mapping: " + ", ".join(f"{f} <- {preview.mapping[f]!r}" for f in used))
        keys = ["line", "customer", "name", "role", "email", "phone"]
        print_table(keys, [[row[k] for k in keys] for row in preview.sample])
    return _report(args, preview.report, True)


def _export_csv(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    now = now_from(args)
    result = csv_io.export_csv(
        journal,
        what=args.what,
        customer=args.customer,
        start=_when(args.start, "--from", journal, now),
        end=_when(args.end, "--to", journal, now),
    )
    return _write(args, result, args.what)
