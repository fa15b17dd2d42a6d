"""`custjournal risks`: what is at risk now, worst first, with the reason and what to do."""

from __future__ import annotations

import argparse
from typing import Any

from custjournal.cli.common import now_from, open_journal, print_json
from custjournal.rules import Risk, Severity
from custjournal.services.risks import evaluate_risks, find_customer_id, list_snoozes

MARK = {Severity.CRITICAL: "!!", Severity.WARNING: "! ", Severity.INFO: "i "}


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "risks",
        parents=[common],
        help="list what is at risk, with the reason and a suggested action",
        description="List the risks the rules find, worst and soonest first.",
    )
    parser.add_argument("--customer", metavar="NAME", help="only this customer's risks")
    parser.add_argument(
        "--severity",
        metavar="LEVEL",
        help="only risks at least this severe: critical, warning or info",
    )
    parser.add_argument(
        "--all", action="store_true", help="include snoozed risks (marked as snoozed)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    level = Severity.parse(args.severity, "--severity") if args.severity else None
    now = now_from(args)
    journal = open_journal(args)
    try:
        customer_id = find_customer_id(journal, args.customer) if args.customer else None
        risks = evaluate_risks(journal, now=now, customer_id=customer_id, include_snoozed=args.all)
        snoozed = {s.key: s.until for s in list_snoozes(journal, now=now)} if args.all else {}
    finally:
        journal.close()
    if level is not None:
        risks = [risk for risk in risks if risk.severity.at_least(level)]
    if args.json:
        rows = []
        for risk in risks:
            row = risk.to_dict()
            if args.all:
                until = snoozed.get(risk.key)
                row["snoozed_until"] = until.isoformat() if until else None
            rows.append(row)
        print_json(rows)
        return 0
    if not risks:
        print("No risks found.")
        return 0
    for risk in risks:
        print(_format(risk, snoozed))
    counts = {s: sum(1 for r in risks if r.severity == s) for s in Severity}
    summary = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    print(f"{len(risks)} risks ({summary}).")
    return 0


def _format(risk: Risk, snoozed: dict[str, Any]) -> str:
    head = f"{MARK[risk.severity]} {risk.severity.value.upper():8} {risk.rule_id}"
    if risk.customer_name:
        head += f" — {risk.customer_name}"
    lines = [head, f"   {risk.reason}", f"   → {risk.action}", f"   key: {risk.key}"]
    if risk.key in snoozed:
        lines[-1] += f" (snoozed until {snoozed[risk.key].isoformat()})"
    return "\n".join(lines) + "\n"
