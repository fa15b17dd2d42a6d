"""`custjournal search TEXT`: full-text search over the journal's notes."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from custjournal.cli.common import local, open_journal, print_json, user_zone
from custjournal.services import journal as notes
from custjournal.services.customers import find_customer


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("search", parents=[common], help="search the notes")
    parser.add_argument("text", help="words to find (the last one may be a beginning)")
    parser.add_argument("--customer", help="only this customer's notes")
    parser.add_argument("--limit", type=int, default=50)
    parser.set_defaults(handler=_search)


def _search(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    customer_id = find_customer(journal, args.customer).id if args.customer else None
    hits = notes.search_interactions(
        journal, args.text, customer_id=customer_id, limit=max(1, min(args.limit, 1000))
    )
    if args.json:
        print_json([{"snippet": h.snippet, "interaction": asdict(h.interaction)} for h in hits])
        return 0
    tz = user_zone(journal)
    for hit in hits:
        i = hit.interaction
        print(
            f"#{i.id}  {local(i.occurred_at, tz, '%Y-%m-%d')}  {i.customer_name} ({i.kind.value})"
        )
        print(f"    {hit.snippet}")
    if not hits:
        print(f"No notes match {args.text!r}.")
    return 0
