"""`custjournal retro PROJECT`: the post-project retrospective; save answers, plan follow-ups."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import Any

from custjournal.cli.cmd_brief import FORMATS, check_pdf_target, pdf_writer, write_output
from custjournal.cli.common import now_from, open_journal, print_json
from custjournal.services import profile
from custjournal.services.retro_followups import propose_follow_ups, schedule_follow_ups
from custjournal.services.retrospective import build_retrospective, save_retrospective

ANSWERS = ("went_well", "went_wrong", "i_own", "satisfaction", "work_again", "lessons")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "retro", parents=[common], help="a project's retrospective: figures, answers, follow-ups"
    )
    parser.add_argument("project", help="project name or id")
    parser.add_argument("--format", choices=FORMATS, default="md")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here (required for pdf)")
    answers = parser.add_argument_group("your answers (saved before the report is made)")
    answers.add_argument("--went-well", dest="went_well")
    answers.add_argument("--went-wrong", dest="went_wrong")
    answers.add_argument("--i-own", dest="i_own", help="what I own of what went wrong")
    answers.add_argument("--satisfaction", help="the customer's satisfaction, 1-5")
    answers.add_argument("--work-again", dest="work_again", help="yes, maybe or no")
    answers.add_argument("--lessons")
    parser.add_argument(
        "--schedule-follow-ups",
        action="store_true",
        help="put the proposed follow-ups (celebration, feedback, check-in) in the agenda",
    )
    parser.set_defaults(handler=_retro)


def project_id(journal: Any, text: str) -> int:
    from custjournal.services.projects import find_project  # noqa: PLC0415

    return find_project(journal, text).id


def _retro(args: argparse.Namespace) -> int:
    if args.format == "pdf" and not args.json:
        check_pdf_target(args.output)  # before anything is saved
    journal = open_journal(args)
    now = now_from(args)
    pid = project_id(journal, args.project)
    given = {k: getattr(args, k) for k in ANSWERS if getattr(args, k) is not None}
    if given:
        save_retrospective(journal, project_id=pid, now=now, **given)
    proposals = propose_follow_ups(journal, project_id=pid, now=now)
    if args.schedule_follow_ups and proposals:
        done = schedule_follow_ups(
            journal, project_id=pid, proposals=proposals, now=now, owner=profile.owner()
        )
        for item in done:
            print(f"Scheduled: {item.title} ({item.due_at:%Y-%m-%d %H:%M} UTC)", file=sys.stderr)
        proposals = []
    report = build_retrospective(journal, project_id=pid, now=now)
    if args.json:
        data = asdict(report)
        data["figures"] = {
            "cadence_pct": report.cadence_pct,
            "months_with_contact": report.months_with_contact,
            "risk_total": report.risk_total,
            "mine_kept_pct": report.mine.kept_pct,
            "mine_on_time_pct": report.mine.on_time_pct,
            "theirs_kept_pct": report.theirs.kept_pct,
            "theirs_on_time_pct": report.theirs.on_time_pct,
        }
        data["proposals"] = [asdict(p) for p in proposals]
        print_json(data)
        return 0
    if args.format == "md":
        from custjournal.services.render.retro_md import render_retro_markdown  # noqa: PLC0415

        write_output(render_retro_markdown(report, proposals=proposals), args.output)
    elif args.format == "html":
        from custjournal.services.render.retro_html import render_retro_html  # noqa: PLC0415

        write_output(render_retro_html(report, proposals=proposals), args.output)
    else:
        target = check_pdf_target(args.output)
        pdf_writer().retrospective_pdf(report, target, proposals=proposals)
    if args.output:
        print(f"Retrospective of {report.project_name} written to {args.output}", file=sys.stderr)
    return 0
