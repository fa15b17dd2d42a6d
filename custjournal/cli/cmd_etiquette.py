"""`custjournal etiquette`: list, add, edit, delete reminders; install the starter pack."""

from __future__ import annotations

import argparse
from typing import Any

from custjournal.cli.common import UsageError, open_journal, print_json, print_table
from custjournal.domain.enums import EtiquetteCategory, EtiquetteScope
from custjournal.services import etiquette
from custjournal.store import Journal

CATEGORIES = ", ".join(c.value for c in EtiquetteCategory)
SCOPES = ", ".join(s.value for s in EtiquetteScope)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "etiquette", parents=[common], help="etiquette reminders: global, per country, per customer"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    parser.set_defaults(handler=_list, action="list")
    # `etiquette --culture JP` works like `etiquette list --culture JP`.
    parser.add_argument("--scope", help=argparse.SUPPRESS)
    parser.add_argument("--culture", help=argparse.SUPPRESS)
    parser.add_argument("--customer", help=argparse.SUPPRESS)
    parser.add_argument("--all", action="store_true", help=argparse.SUPPRESS)

    listing = actions.add_parser("list", parents=[common], help="list reminders (default)")
    listing.add_argument("--scope", help=SCOPES)
    listing.add_argument("--culture", help="two-letter country code, e.g. JP")
    listing.add_argument(
        "--customer", help="a customer's name or id: everything that applies to them"
    )
    listing.add_argument("--all", action="store_true", help="include disabled reminders")
    listing.set_defaults(handler=_list)

    add = actions.add_parser("add", parents=[common], help="add your own reminder")
    add.add_argument("--scope", required=True, help=SCOPES)
    add.add_argument("--category", required=True, help=CATEGORIES)
    add.add_argument("--text", required=True)
    add.add_argument("--culture", help="two-letter country code (culture scope)")
    add.add_argument("--customer", help="customer name or id (customer scope)")
    add.set_defaults(handler=_add)

    edit = actions.add_parser("edit", parents=[common], help="change a reminder")
    edit.add_argument("id", type=int)
    edit.add_argument("--text")
    edit.add_argument("--category", help=CATEGORIES)
    edit.add_argument("--culture")
    switch = edit.add_mutually_exclusive_group()
    switch.add_argument("--enable", dest="enabled", action="store_const", const=True)
    switch.add_argument("--disable", dest="enabled", action="store_const", const=False)
    edit.set_defaults(handler=_edit)

    delete = actions.add_parser("delete", parents=[common], help="remove a reminder")
    delete.add_argument("id", type=int)
    delete.set_defaults(handler=_delete)

    install = actions.add_parser(
        "install", parents=[common], help="add the starter pack's reminders you do not have yet"
    )
    install.set_defaults(handler=_install)


def customer_id(journal: Journal, text: str) -> int:
    """A customer by id ("12", "#12") or by name (exact, or a unique beginning)."""
    from custjournal.services.customers import find_customer  # noqa: PLC0415

    wanted = text.strip()
    if wanted.isdigit():
        wanted = f"#{wanted}"
    return find_customer(journal, wanted).id


def _print(rows: list[etiquette.Reminder], as_json: bool) -> None:
    if as_json:
        print_json([r.as_dict() for r in rows])
        return
    if not rows:
        print("No reminders. `custjournal etiquette install` adds the starter pack.")
        return
    print_table(
        ["Id", "Scope", "Where", "Category", "Text"],
        [
            [
                str(r.id),
                r.scope.value + ("" if r.enabled else " (off)"),
                r.culture or (f"customer {r.customer_id}" if r.customer_id else "everywhere"),
                r.category.value,
                r.text,
            ]
            for r in rows
        ],
    )


def _list(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    if args.customer:
        if args.scope or args.culture:
            raise UsageError("--customer lists all that applies to them; drop --scope/--culture")
        rows = etiquette.reminders_for_customer(journal, customer_id(journal, args.customer))
    else:
        rows = etiquette.list_reminders(
            journal, scope=args.scope, culture=args.culture, include_disabled=args.all
        )
    _print(rows, args.json)
    return 0


def _add(args: argparse.Namespace) -> int:
    journal = open_journal(args)
    who = customer_id(journal, args.customer) if args.customer else None
    row = etiquette.add_reminder(
        journal,
        scope=args.scope,
        category=args.category,
        text=args.text,
        culture=args.culture,
        customer_id=who,
    )
    if args.json:
        print_json(row.as_dict())
    else:
        print(f"Added reminder {row.id}.")
    return 0


def _edit(args: argparse.Namespace) -> int:
    if (
        args.text is None
        and args.category is None
        and args.culture is None
        and args.enabled is None
    ):
        raise UsageError(
            "nothing to change: give --text, --category, --culture or --enable/--disable"
        )
    row = etiquette.update_reminder(
        open_journal(args),
        reminder_id=args.id,
        text=args.text,
        category=args.category,
        culture=args.culture,
        enabled=args.enabled,
    )
    if args.json:
        print_json(row.as_dict())
    else:
        print(f"Updated reminder {row.id}.")
    return 0


def _delete(args: argparse.Namespace) -> int:
    deleted = etiquette.delete_reminder(open_journal(args), reminder_id=args.id)
    if deleted:
        print(f"Deleted reminder {args.id}.")
    else:
        print(
            f"Reminder {args.id} comes from the starter pack: switched off, so a later install "
            f"does not bring it back (`etiquette edit {args.id} --enable` restores it)."
        )
    return 0


def _install(args: argparse.Namespace) -> int:
    result = etiquette.install_starter_pack(open_journal(args))
    if args.json:
        print_json({"added": result.added, "kept": result.kept})
    else:
        print(f"Starter pack: {result.added} reminder(s) added, {result.kept} already present.")
    return 0
