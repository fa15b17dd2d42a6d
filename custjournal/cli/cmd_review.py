"""`custjournal review`: the week ahead and how last week's promises went (Markdown/HTML/PDF)."""

from __future__ import annotations

import argparse
from dataclasses import asdict, replace
from typing import Any

from custjournal.cli.cmd_brief import check_pdf_target, pdf_writer, write_output
from custjournal.cli.common import now_from, open_journal, print_json
from custjournal.services.review import build_review

FORMATS = ("md", "html", "pdf")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "review",
        parents=[common],
        help="the weekly review: appointments, promises both ways, risks, calls due",
        description="The page to read on Monday morning. Weeks run Monday to Sunday in your "
        "time zone; the default is the week --now falls in.",
    )
    parser.add_argument("--week", metavar="ISO-WEEK", help="e.g. 2026-W48 (default: this week)")
    parser.add_argument("--format", choices=FORMATS, default="md")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (required for pdf)")
    parser.set_defaults(handler=_review)


def _review(args: argparse.Namespace) -> int:
    if args.format == "pdf" and not args.json:
        check_pdf_target(args.output)
    journal = open_journal(args)
    review = build_review(journal, now=now_from(args), week=args.week)
    if args.json:
        # Risks have their own JSON shape (to_dict); asdict would copy them field by field.
        data = asdict(replace(review, risks=(), follow_ups_to_schedule=()))
        data["risks"] = [r.to_dict() for r in review.risks]
        data["follow_ups_to_schedule"] = [r.to_dict() for r in review.follow_ups_to_schedule]
        print_json(data)
        return 0
    from custjournal.services.review_render import (  # noqa: PLC0415 - only when rendering
        render_review_html,
        render_review_markdown,
    )

    if args.format == "pdf":
        pdf_writer().write_pdf(
            render_review_html(review),
            check_pdf_target(args.output),
            title=f"Weekly review {review.week}",
        )
    elif args.format == "html":
        write_output(render_review_html(review), args.output)
    else:
        write_output(render_review_markdown(review), args.output)
    return 0
