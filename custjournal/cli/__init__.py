"""The `custjournal` command: no arguments opens the window; subcommands work headless.

Each subcommand lives in a `cmd_*.py` module of this package exposing
`register(subparsers, common)`; they are discovered, so adding one touches no shared file.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

# Nothing heavy is imported at module level: `main` first turns the cyclic collector off for
# the start-up imports (see there), and the window needs none of the command modules.


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # One line naming the problem, exit 2 (argparse would print the whole usage block).
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="custjournal",
        description="A meeting and relationship journal for independent consultants. "
        "Run without arguments to open the window.",
    )
    parser.add_argument("--db", metavar="URL", help="journal database URL (default: your own)")
    from custjournal.cli.common import common_parser

    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    common = common_parser()
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("cmd_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            module.register(subparsers, common)
    return parser


def window_db(argv: Sequence[str]) -> str | None | bool:
    """The --db of a plain `custjournal [--db URL]` (None: no --db); False for anything else.

    Opening the window needs no subcommand: building the full parser imports every command
    module and the services behind them, about half a second of a cold start. Any other
    command line goes through the full parser, so help, errors and commands are unchanged.
    """
    match list(argv):
        case []:
            return None
        case ["--db", url] if not url.startswith("-"):
            return url
        case [option] if option.startswith("--db=") and option != "--db=":
            return option.removeprefix("--db=")
    return False


def main(argv: Sequence[str] | None = None) -> int:
    # Starting imports Qt, SQLAlchemy and the models: hundreds of thousands of objects and
    # next to no garbage, which the cyclic collector walked again and again (about 0.1 s of
    # a cold start). It is off until the work begins: a command gets it back before it
    # runs; a window's own collector takes over when the window opens (gui/collector.py).
    collecting = gc.isenabled()
    gc.disable()
    try:
        db = window_db(sys.argv[1:] if argv is None else argv)
        if db is not False:
            return _open_window(db)
        parser = build_parser()
        args = parser.parse_args(argv)
        if not args.command:
            return _open_window(args.db)
        if collecting:
            gc.enable()
        return _run(args)
    finally:
        if collecting:
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    from custjournal.cli.common import UsageError
    from custjournal.domain.errors import ConflictError, NotFoundError, ValidationError
    from custjournal.store.errors import JournalError

    try:
        return int(args.handler(args) or 0)
    except ValidationError as exc:
        # Name the option the user typed, not the service's field behind it.
        field = OPTION_FOR_FIELD.get(exc.field, exc.field)
        return _fail(args, f"{field}: {exc.problem}", 2)
    except (NotFoundError, UsageError, ConflictError) as exc:
        return _fail(args, str(exc), 2)
    except BrokenPipeError:
        return 0
    except JournalError as exc:
        # Refused to protect the journal (in use, newer version, damaged): say why, exit 1.
        return _fail(args, str(exc), 1)
    except (ArgumentError, NoSuchModuleError):
        from custjournal.store.engine import POSTGRESQL_EXAMPLE, SQLITE_EXAMPLE

        example = f"e.g. {SQLITE_EXAMPLE} or {POSTGRESQL_EXAMPLE}"
        return _fail(args, f"--db: not a database URL ({example})", 2)
    except OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        return _fail(args, f"--db: cannot use the database ({reason})", 1)
    except OSError as exc:
        where = exc.filename or "file"
        return _fail(args, f"{where}: {exc.strerror or exc}", 2)


# Service fields whose command-line option has another name.
OPTION_FOR_FIELD = {
    "duration_minutes": "--duration",
    "location": "--where",
    "notice_channel": "--told-by",
    "what_changes": "--changes",
    "cadence_days": "--cadence",
    "work_again": "--work-again",
    "due_at": "--due",
    "starts_at": "--due",
    "new_due_at": "--to",
    "effective_at": "--at",
    "occurred_at": "--when",
    "preferred_channel": "--channel",
    "root_need": "--root-need",
}


def _fail(args: argparse.Namespace, message: str, code: int) -> int:
    print(f"custjournal {args.command}: {message}", file=sys.stderr)
    return code


def window_app() -> ModuleType:
    """custjournal.gui.app, with the Qt-free modules it starts with imported before Qt."""
    # PySide6 hooks every import made after its own and reads each new module's source,
    # looking for its `from __feature__ import` switches. SQLAlchemy, its SQLite dialect
    # (the default journal's) and the services imported first are not read again: about
    # 0.1 s of a cold start. The models are not among them: they come after the first paint.
    import sqlalchemy.dialects.sqlite  # noqa: F401, PLC0415

    import custjournal.services.settings  # noqa: F401, PLC0415
    import custjournal.services.today_cache  # noqa: F401, PLC0415
    import custjournal.services.today_rows  # noqa: F401, PLC0415
    import custjournal.store  # noqa: F401, PLC0415
    from custjournal.gui import app  # noqa: PLC0415 - Qt only when a window is wanted

    return app


def _open_window(db: str | None) -> int:
    if db is not None:
        # Typed on a command line: answered there, in one line, as a command's --db is (a
        # URL remembered in Settings is refused in the window instead, with the same words).
        from custjournal.domain.errors import ValidationError  # noqa: PLC0415
        from custjournal.store.engine import checked_url  # noqa: PLC0415

        try:
            checked_url(db)
        except ValidationError as exc:
            print(f"custjournal: {exc}", file=sys.stderr)
            return 2
    try:
        app = window_app()
    except ImportError as exc:
        print(f"custjournal: the window cannot start ({exc}); see --help", file=sys.stderr)
        return 1
    return app.run(db_url=db)
