"""`custjournal encrypt` / `decrypt`: turn encryption at rest on or off, a backup first."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from custjournal.cli.cmd_backup import journal_file
from custjournal.cli.common import UsageError, now_from, print_json
from custjournal.store import keyring_store
from custjournal.store.cipher import PASSPHRASE_ENV
from custjournal.store.encrypt import Converted, decrypt_journal, encrypt_journal
from custjournal.store.errors import JournalError


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    for name, text in (
        ("encrypt", "encrypt the journal and its backups with a passphrase (SQLCipher)"),
        ("decrypt", "turn encryption off again (needs the passphrase)"),
    ):
        parser = subparsers.add_parser(
            name,
            parents=[common],
            help=text,
            description=f"{text}. The passphrase is read from ${PASSPHRASE_ENV} or asked for.",
        )
        if name == "encrypt":
            parser.add_argument(
                "--remember",
                action="store_true",
                help="keep the passphrase in the system keyring so it is not asked again",
            )
        parser.set_defaults(handler=run, encrypting=name == "encrypt")


def ask_passphrase(*, twice: bool) -> str:
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise UsageError(f"passphrase: set {PASSPHRASE_ENV} or run this in a terminal")
    first = getpass.getpass("Passphrase: ")
    if twice and getpass.getpass("Passphrase again: ") != first:
        raise UsageError("passphrase: the two entries differ")
    return first


def _report(args: argparse.Namespace, done: Converted, verb: str) -> None:
    if args.json:
        print_json(
            {
                "journal": str(done.journal),
                "backup_before": str(done.backup.path),
                "backups_converted": done.backups_converted,
                "backups_skipped": [str(p) for p in done.backups_skipped],
            }
        )
        return
    print(f"{verb} {done.journal} (backed up first to {done.backup.path})")
    print(f"{done.backups_converted} backup(s) {verb} as well")
    for skipped in done.backups_skipped:
        print(f"left as it was: {skipped}")


def run(args: argparse.Namespace) -> int:
    _url, path = journal_file(
        args, "are protected by their server (its disk encryption, TLS and logins), not here"
    )
    passphrase = ask_passphrase(twice=args.encrypting)
    try:
        if args.encrypting:
            done = encrypt_journal(path, passphrase, now=now_from(args))
        else:
            done = decrypt_journal(path, passphrase, now=now_from(args))
    except JournalError as exc:
        print(f"custjournal {args.command}: {exc}", file=sys.stderr)
        return 1
    _report(args, done, "encrypted" if args.encrypting else "decrypted")
    if not args.encrypting:
        keyring_store.forget(path)
    elif args.remember:
        try:
            keyring_store.remember(path, passphrase)
            print("the passphrase is kept in the system keyring", file=sys.stderr)
        except keyring_store.KeyringUnavailable as exc:
            print(f"custjournal encrypt: warning: {exc}", file=sys.stderr)
    if args.encrypting:
        print(
            "keep the passphrase safe: without it neither the journal nor its backups can be "
            "read, by anyone",
            file=sys.stderr,
        )
    return 0
