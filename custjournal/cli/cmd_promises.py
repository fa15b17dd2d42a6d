"""`custjournal promises`: promises found in notes, offered to track, accepted or dismissed."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from datetime import time
from typing import Any

from custjournal.cli.common import (
    UsageError,
    local,
    now_from,
    open_journal,
    print_json,
    user_zone,
)
from custjournal.domain.times import format_dual, parse_when, zone
from custjournal.services import profile
from custjournal.services.promises import find_promises
from custjournal.services.promises.suggestions import (
    Suggestion,
    accept_suggestion,
    dismiss_suggestion,
    suggest_commitments,
)
from custjournal.store import Journal


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "promises",
        parents=[common],
        help="promises found in notes: list, accept or dismiss suggestions",
        description="Notes are scanned for promises both ways ('I'll send the quote by Friday', "
        "'they will deliver the data next week'); nothing is tracked until you accept it.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    suggest = actions.add_parser("suggest", parents=[common], help="suggestions from a saved note")
    suggest.add_argument("note", type=int, help="the note (interaction) number")
    suggest.set_defaults(handler=_suggest)

    accept = actions.add_parser("accept", parents=[common], help="track a suggestion")
    accept.add_argument("note", type=int)
    accept.add_argument("key", help="the suggestion's key (a unique beginning is enough)")
    accept.add_argument("--title", help="what was promised, if the suggested words are not right")
    accept.add_argument("--due", help="when it is due, e.g. 'fri 17:00' (default: as found)")
    accept.add_argument("--theirs", action="store_true", help="the customer made this promise")
    accept.add_argument("--mine", action="store_true", help="I made this promise")
    accept.set_defaults(handler=_accept)

    dismiss = actions.add_parser("dismiss", parents=[common], help="never offer a suggestion again")
    dismiss.add_argument("note", type=int)
    dismiss.add_argument("key")
    dismiss.set_defaults(handler=_dismiss)

    find = actions.add_parser(
        "find", parents=[common], help="show the promises in a text without saving anything"
    )
    find.add_argument("text", help="the text; '-' reads standard input")
    find.add_argument("--timezone", help="zone the dates are read in (default: yours)")
    find.add_argument("--contact", action="append", default=[], help="a contact's name (repeat)")
    find.set_defaults(handler=_find)


def _key(journal: Journal, note: int, prefix: str, now: Any) -> Suggestion:
    prefix = prefix.strip().lower()
    offered = suggest_commitments(journal, interaction_id=note, now=now)
    matching = [s for s in offered if s.key.startswith(prefix)] if prefix else []
    if len(matching) != 1:
        problem = "matches no open suggestion" if not matching else "matches several suggestions"
        raise UsageError(f"key {prefix!r} {problem} of note #{note} (see `promises suggest`)")
    return matching[0]


def _due_line(due: Any, due_text: str, user_tz: str, customer_tz: str) -> str:
    if due is None:
        return "no date in the note"
    return f"{format_dual(due, user_tz=user_tz, other_tz=customer_tz)} ({due_text})"


def _suggest(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    found = suggest_commitments(journal, interaction_id=args.note, now=now_from(args))
    if args.json:
        print_json([asdict(s) for s in found])
        return 0
    if not found:
        print(f"No promises to suggest in note #{args.note}.")
        return 0
    tz = user_zone(journal)
    print(f"Promises found in note #{args.note} ({found[0].customer_name}):")
    for s in found:
        late = "  OVERDUE" if s.overdue else ""
        print(f"  [{s.key[:8]}] {s.direction.value:<6} {s.who}: {s.title}{late}")
        print(f"             due {_due_line(s.due, s.due_text, tz, s.timezone)}")
        print(f'             from "{s.matched}"')
    print("Track one with `custjournal promises accept NOTE KEY`, or `dismiss NOTE KEY`.")
    return 0


def _accept(args: argparse.Namespace) -> int:
    if args.mine and args.theirs:
        raise UsageError("--mine and --theirs exclude each other")
    journal = open_journal(args)
    now = now_from(args)
    suggestion = _key(journal, args.note, args.key, now)
    due = None
    if args.due:
        due = parse_when(
            args.due, now=now, tz=zone(suggestion.timezone), field="--due", default_time=time(17, 0)
        )
    direction = "theirs" if args.theirs else "mine" if args.mine else None
    view = accept_suggestion(
        journal,
        interaction_id=args.note,
        key=suggestion.key,
        now=now,
        title=args.title,
        due_at=due,
        direction=direction,
        owner=profile.owner(),
    )
    if args.json:
        print_json(asdict(view))
    else:
        tz = user_zone(journal)
        print(
            f"Tracking {view.direction.value} promise #{view.id}: {view.title}, "
            f"due {local(view.due_at, tz)}"
        )
    return 0


def _dismiss(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    now = now_from(args)
    suggestion = _key(journal, args.note, args.key, now)
    dismiss_suggestion(journal, interaction_id=args.note, key=suggestion.key, now=now)
    if args.json:
        print_json({"dismissed": suggestion.key})
    else:
        print(f"Dismissed: {suggestion.title} (not offered again)")
    return 0


def _find(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    tz_name = args.timezone or user_zone(open_journal(args))
    tz = zone(tz_name, "--timezone")
    found = find_promises(text, written_at=now_from(args), tz=tz, contacts=args.contact)
    if args.json:
        print_json([asdict(f) for f in found])
        return 0
    if not found:
        print("No promises found.")
    for f in found:
        due = local(f.due, tz_name) + f" ({f.due_text})" if f.due else "no date"
        print(f"{f.direction.value:<6} {f.who}: {f.title} — due {due}")
        print(f'       from "{f.matched}"')
    return 0
