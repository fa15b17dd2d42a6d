"""`custjournal demo`: fill an empty journal with the sample journal, or a large one."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from custjournal.cli.common import now_from, open_journal, print_json
from custjournal.services.demo import build_demo

SIZES = ("sample", "decade", "stress")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "demo", parents=[common], help="load the sample journal into an empty journal"
    )
    parser.add_argument(
        "--size",
        choices=SIZES,
        default="sample",
        help="sample: 30 customers, a year (default); decade: 500 customers, 50,000 notes; "
        "stress: 5,000 customers, 500,000 notes",
    )
    parser.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    try:
        if args.size == "sample":
            counts = build_demo(journal, now=now_from(args))
        else:
            from custjournal.services.demo_large import build_large_demo, last_timings  # noqa: PLC0415

            started = time.perf_counter()
            counts = build_large_demo(
                journal, now=now_from(args), size=args.size, progress=_progress(args)
            )
            if not args.json:
                steps = ", ".join(f"{k} {v:.1f} s" for k, v in last_timings.items())
                elapsed = time.perf_counter() - started
                print(f"Written in {elapsed:.1f} s ({steps}).", file=sys.stderr)
    finally:
        journal.close()
    if args.json:
        print_json(counts)
    else:
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        label = "Sample journal" if args.size == "sample" else f"The {args.size} journal"
        db = f" --db {args.db}" if getattr(args, "db", None) else ""
        print(f"{label} ready: {summary}. Try: custjournal agenda --days 14{db}")
    return 0


def _progress(args: argparse.Namespace) -> Any:
    if args.json:
        return None
    return lambda step: print(f"Writing {step}…", file=sys.stderr, flush=True)
