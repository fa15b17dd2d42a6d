"""`custjournal screenshots DIR`: PNGs of every main view of the window, rendered offscreen."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from custjournal.cli.common import now_from, open_journal


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "screenshots",
        parents=[common],
        help="render a PNG of every main view (offscreen) for review",
        description="Render Today, Customers, a customer workspace, Projects, Risks, Search "
        "(and Briefing) of the journal as PNG files in DIR, without showing a window.",
    )
    parser.add_argument("dir", metavar="DIR", help="folder to write screenshot-*.png into")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Offscreen unless the caller chose a platform: screenshots need no display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from custjournal.gui.screenshots import render_screenshots  # noqa: PLC0415 - Qt on demand

    journal = open_journal(args)
    try:
        written = render_screenshots(journal, Path(args.dir), now=now_from(args))
    finally:
        journal.close()
    for path in written:
        print(path)
    return 0
