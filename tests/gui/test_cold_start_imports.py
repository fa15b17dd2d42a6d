"""A cold start imports only what paints Today: no editor, no command module, no other view."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from custjournal.cli import window_db

# Started the way `custjournal --db URL` starts, in a fresh process (this one has imported
# everything already), until Today shows the agenda; then the process lists its modules.
START = textwrap.dedent(
    """
    import json, os, sys, time
    from datetime import UTC, datetime

    url, ini = sys.argv[1], sys.argv[2]
    from custjournal.cli import window_db

    assert window_db(["--db", url]) == url
    from PySide6.QtCore import QSettings

    from custjournal.gui.app import create_window, ensure_app
    from custjournal.store import Journal

    app = ensure_app(["custjournal"])
    journal = Journal.open(url, backup=False)
    now = datetime(2026, 11, 23, 10, tzinfo=UTC)
    settings = QSettings(ini, QSettings.Format.IniFormat)
    window = create_window(journal, clock=lambda: now, qsettings=settings)
    window.show()
    today = window.views["today"]
    limit = time.monotonic() + 60
    while " in the next " not in today.summary.text():
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


def _start(script: str, *args: str) -> Any:
    """Run `script` in a fresh process (offscreen); what it printed last, as JSON."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def started_modules(db_url: str, tmp_path) -> list[str]:
    # The child opens (and creates) the journal itself: it takes the journal's lock.
    return _start(START, db_url, str(tmp_path / "window.ini"))  # type: ignore[no-any-return]


def test_the_window_start_imports_nothing_only_later_work_needs(started_modules) -> None:
    assert "custjournal.gui.views.today" in started_modules  # it did start the window
    loaded = [
        name
        for name in started_modules
        if any(name == prefix or name.startswith(prefix) for prefix in DEFERRED)
    ]
    assert loaded == []


# Two starts on the same day: the first keeps what Today showed; the second lists its modules
# during Today's first paint (before the worker, which waits for that paint, reads anything).
KEPT_START = textwrap.dedent(
    """
    import json, os, sys, time
    from datetime import UTC, datetime, timedelta

    url, first, ini = sys.argv[1], sys.argv[2] == "first", sys.argv[3]
    from custjournal.cli import window_app, window_db

    assert window_db(["--db", url]) == url
    gui_app = window_app()
    from PySide6.QtCore import QEvent, QObject, QSettings

    from custjournal.store import Journal

    app = gui_app.ensure_app(["custjournal"])
    journal = Journal.open(url, backup=False)
    now = datetime(2026, 11, 23, 10, tzinfo=UTC)
    if first:
        from custjournal.services import commitments, customers

        acme = customers.create_customer(journal, name="Acme Oy", now=now - timedelta(days=9))
        commitments.add_promise(journal, customer_id=acme.id, title="Send the quote",
                                due_at=now + timedelta(days=1), now=now)
    settings = QSettings(ini, QSettings.Format.IniFormat)
    window = gui_app.show_window(journal, clock=lambda: now, qsettings=settings)
    today = window.views["today"]
    seen = []

    class FirstPaint(QObject):
        def eventFilter(self, _watched, event):
            if event.type() == QEvent.Type.Paint and today.painted >= 1 and not seen:
                seen.append(sorted(sys.modules))
            return False

    today.installEventFilter(FirstPaint(today))
    limit = time.monotonic() + 60
    while not (seen and today.loads >= 1 and not window.ctx.busy):
        assert time.monotonic() < limit, "Today never finished loading"
        app.processEvents()
        time.sleep(0.005)
    text = today.summary.text()
    window.ctx.close()
    journal.close()
    print(json.dumps({"modules": seen[0], "summary": text}), flush=True)
    os._exit(0)
    """
)


def test_a_second_start_paints_today_before_the_models_are_loaded(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'journal.db'}"
    ini = str(tmp_path / "window.ini")
    _start(KEPT_START, url, "first", ini)
    second = _start(KEPT_START, url, "second", ini)
    assert "1 item in the next" in second["summary"]  # the kept agenda, then the fresh one
    heavy = [
        name
        for name in second["modules"]
        if name == "sqlalchemy.orm" or name.startswith("custjournal.domain.")
    ]
    # The enums, times, errors and owners are light; the models and the ORM come after the
    # paint.
    assert sorted(heavy) == [
        "custjournal.domain.enums",
        "custjournal.domain.errors",
        "custjournal.domain.owners",
        "custjournal.domain.times",
    ]


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
