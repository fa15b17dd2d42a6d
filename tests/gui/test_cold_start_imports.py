"""A cold start imports only what paints Today: no editor, no command module, no other view."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from custjournal.cli import window_db

# Started the way `custjournal --db URL` starts, in a fresh process (this one has imported
# everything already), until Today shows the agenda; then the process lists its modules.
START = textwrap.dedent(
    """
    import json, os, sys, time
    from datetime import UTC, datetime

    url = sys.argv[1]
    from custjournal.cli import window_db

    assert window_db(["--db", url]) == url
    from PySide6.QtCore import QSettings

    from custjournal.gui.app import create_window, ensure_app
    from custjournal.store import Journal

    app = ensure_app(["custjournal"])
    journal = Journal.open(url, backup=False)
    now = datetime(2026, 11, 23, 10, tzinfo=UTC)
    settings = QSettings(os.devnull, QSettings.Format.IniFormat)
    window = create_window(journal, clock=lambda: now, qsettings=settings)
    window.show()
    today = window.views["today"]
    limit = time.monotonic() + 60
    while "items in the next" not in today.summary.text():
        assert time.monotonic() < limit, "Today never showed the agenda"
        app.processEvents()
        time.sleep(0.005)
    print(json.dumps(sorted(sys.modules)), flush=True)
    os._exit(0)  # the modules are listed; nothing else is wanted of this window
    """
)

# Loaded when first used, never to paint Today (each cost part of a cold start).
DEFERRED = (
    "custjournal.gui.dialogs",  # every editor, the passphrase prompt included
    "custjournal.cli.cmd_",  # the subcommands: the window needs none of them
    "custjournal.gui.undo",
    "custjournal.gui.views.customers",
    "custjournal.gui.views.workspace",
    "custjournal.gui.views.risks",
    "custjournal.gui.views.week",
    "custjournal.services.projects",
    "custjournal.services.journal",
    "custjournal.services.interchange",
    "custjournal.services.review_render",
)


@pytest.fixture
def started_modules(db_url: str) -> list[str]:
    # The child opens (and creates) the journal itself: it takes the journal's lock.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", START, db_url],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_the_window_start_imports_nothing_only_later_work_needs(started_modules) -> None:
    assert "custjournal.gui.views.today" in started_modules  # it did start the window
    loaded = [
        name
        for name in started_modules
        if any(name == prefix or name.startswith(prefix) for prefix in DEFERRED)
    ]
    assert loaded == []


@pytest.mark.parametrize(
    ("argv", "db"),
    [
        ([], None),
        (["--db", "sqlite:////tmp/j.db"], "sqlite:////tmp/j.db"),
        (["--db=sqlite:////tmp/j.db"], "sqlite:////tmp/j.db"),
    ],
)
def test_a_plain_start_goes_straight_to_the_window(argv, db) -> None:
    assert window_db(argv) == db


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["-h"],
        ["agenda"],
        ["--db", "sqlite:////tmp/j.db", "agenda"],
        ["--db"],
        ["--db", "--help"],
        ["--db="],
        ["--bogus"],
    ],
)
def test_anything_else_goes_through_the_full_command_line(argv) -> None:
    assert window_db(argv) is False


def test_help_still_lists_the_commands(capsys) -> None:
    from custjournal.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["--help"])
    assert stopped.value.code == 0
    assert "agenda" in capsys.readouterr().out


def test_the_command_line_module_imports_nothing_heavy() -> None:
    # `main` turns the cyclic collector off before the start-up imports: they must come
    # after it, not with the module.
    done = subprocess.run(
        [sys.executable, "-c", "import sys, custjournal.cli; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded = done.stdout
    for heavy in ("'sqlalchemy'", "'custjournal.store'", "'custjournal.domain'", "'PySide6'"):
        assert heavy not in loaded


def test_commands_get_the_collector_back(capsys) -> None:
    import gc

    from custjournal.cli import main

    assert gc.isenabled()
    with pytest.raises(SystemExit):
        main(["--help"])
    assert gc.isenabled()
    assert main(["agenda", "--db", "not a url"]) == 2
    assert gc.isenabled()
    assert "--db" in capsys.readouterr().err
