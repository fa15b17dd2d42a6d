"""`custjournal customers`: list customers, add one, or show one."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from custjournal.cli.common import local, now_from, open_journal, print_json, print_table, user_zone
from custjournal.services import customers


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("customers", parents=[common], help="list or add customers")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    parser.set_defaults(handler=_list, action="list")
    listing = actions.add_parser("list", parents=[common], help="list customers (default)")
    listing.add_argument("--filter", default="", help="text in the name, country or root need")
    listing.add_argument("--stage", help="prospect, active, past or lost")
    listing.set_defaults(handler=_list)
    parser.add_argument("--filter", default="", help=argparse.SUPPRESS)
    parser.add_argument("--stage", help=argparse.SUPPRESS)

    add = actions.add_parser("add", parents=[common], help="add a customer")
    add.add_argument("name")
    add.add_argument("--timezone", help="IANA zone, e.g. Europe/Helsinki (default: yours)")
    add.add_argument("--country", default="", help="ISO country code, e.g. FI")
    add.add_argument("--stage", default="prospect")
    add.add_argument("--temperament", default="cooperative")
    add.add_argument("--channel", dest="preferred_channel", help="preferred channel")
    add.add_argument("--cadence", dest="cadence_days", help="contact at least every N days")
    add.add_argument("--root-need", dest="root_need", default="")
    add.set_defaults(handler=_add)

    show = actions.add_parser("show", parents=[common], help="show one customer")
    show.add_argument("name")
    show.set_defaults(handler=_show)


def _list(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    rows = customers.list_customers(
        journal, now=now_from(args), text=args.filter or "", stage=args.stage
    )
    if args.json:
        print_json([asdict(r) for r in rows])
        return 0
    tz = user_zone(journal)
    print_table(
        ["Customer", "Stage", "Country", "Last contact", "Next appointment", "Open (mine/theirs)"],
        [
            [
                r.name,
                r.stage.value,
                r.country,
                local(r.last_contact_at, tz, "%Y-%m-%d"),
                local(r.next_appointment_at, tz),
                f"{r.open_mine}/{r.open_theirs}",
            ]
            for r in rows
        ],
    )
    if not rows:
        print(f"No customers yet. Add one: custjournal customers add NAME --timezone {tz}")
    return 0


def _add(args: argparse.Namespace) -> int:
    fields = {
        k: getattr(args, k)
        for k in ("country", "stage", "temperament", "preferred_channel", "cadence_days")
    }
    if args.timezone:
        fields["timezone"] = args.timezone
    view = customers.create_customer(
        open_journal(args), name=args.name, now=now_from(args), root_need=args.root_need, **fields
    )
    if args.json:
        print_json(asdict(view))
    else:
        print(f"Added customer #{view.id} {view.name} ({view.timezone})")
    return 0


def _show(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    view = customers.find_customer(journal, args.name)
    if args.json:
        print_json(asdict(view))
        return 0
    print(f"{view.name}  (#{view.id}, {view.stage.value}, {view.temperament.value})")
    for label, value in (
        ("Country", view.country),
        ("Time zone", view.timezone),
        ("Preferred channel", view.preferred_channel.value if view.preferred_channel else ""),
        ("Asked for", view.request),
        ("Root need", view.root_need),
    ):
        if value:
            print(f"  {label}: {value}")
    for contact in view.contacts:
        address = f" — address as {contact.form_of_address}" if contact.form_of_address else ""
        print(f"  Contact: {contact.name} ({contact.role or 'no role'}){address}")
    return 0
