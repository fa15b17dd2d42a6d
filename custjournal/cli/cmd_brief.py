"""`custjournal brief CUSTOMER`: the pre-meeting briefing as Markdown, HTML or PDF."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from custjournal.cli.cmd_etiquette import customer_id
from custjournal.cli.common import UsageError, now_from, open_journal, print_json
from custjournal.services.briefing import build_briefing
from custjournal.store.files import write_private

FORMATS = ("md", "html", "pdf")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "brief", parents=[common], help="a one-page briefing before meeting a customer"
    )
    parser.add_argument("customer", help="customer name or id")
    parser.add_argument(
        "--appointment", type=int, help="the appointment's id (default: their next one)"
    )
    parser.add_argument("--format", choices=FORMATS, default="md")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (required for pdf)")
    parser.set_defaults(handler=_brief)


def write_output(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    path = Path(output)
    if not path.parent.is_dir():
        raise UsageError(f"-o: folder {str(path.parent)!r} does not exist")
    write_private(path, text)


def pdf_writer() -> Any:
    """The Qt PDF module, imported only when a PDF is wanted."""
    try:
        from custjournal.gui import pdf  # noqa: PLC0415 - Qt only when PDF is wanted
    except ImportError as exc:
        raise UsageError(f"PDF export needs Qt (PySide6): {exc}") from None
    return pdf


def check_pdf_target(output: str | None) -> str:
    if not output:
        raise UsageError("--format pdf needs -o FILE")
    if not Path(output).parent.is_dir():
        raise UsageError(f"-o: folder {str(Path(output).parent)!r} does not exist")
    return output


def _brief(args: argparse.Namespace) -> int:
    if args.format == "pdf" and not args.json:
        check_pdf_target(args.output)
    journal = open_journal(args)
    briefing = build_briefing(
        journal,
        customer_id=customer_id(journal, args.customer),
        appointment_id=args.appointment,
        now=now_from(args),
    )
    if args.json:
        print_json(asdict(briefing))
        return 0
    if args.format == "pdf":
        pdf_writer().briefing_pdf(briefing, check_pdf_target(args.output))
    elif args.format == "md":
        from custjournal.services.render.briefing_md import render_briefing_markdown  # noqa: PLC0415

        write_output(render_briefing_markdown(briefing), args.output)
    else:
        from custjournal.services.render.briefing_html import render_briefing_html  # noqa: PLC0415

        write_output(render_briefing_html(briefing), args.output)
    if args.output:
        print(f"Briefing for {briefing.customer_name} written to {args.output}", file=sys.stderr)
    return 0
