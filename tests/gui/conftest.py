"""GUI fixtures: a window on a fresh journal with a clock the test moves, QSettings in tmp."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from custjournal.gui.app import create_window
from custjournal.gui.mainwindow import MainWindow


class Clock:
    """The injected clock: tests move it; the window reads it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path, monkeypatch) -> None:
    """Never read or write the real user's remembered window state."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp_path / "qsettings"))


@pytest.fixture
def clock(now: datetime) -> Clock:
    return Clock(now)


@pytest.fixture
def qsettings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, journal, clock, qsettings) -> Iterator[MainWindow]:
    # Not qtbot.addWidget: pytest-qt would delete the window before this fixture can stop
    # the worker, and queued results would then land on deleted widgets.
    win = create_window(journal, clock=clock, qsettings=qsettings)
    win.resize(1100, 700)
    win.show()
    qtbot.waitExposed(win)
    yield win
    idle(qtbot, win)
    win.close()
    win.ctx.close()
    win.deleteLater()


def idle(qtbot: Any, win: MainWindow, timeout: int = 10_000) -> None:
    """Wait until the database workers have delivered everything queued."""
    qtbot.waitUntil(lambda: not win.ctx.busy, timeout=timeout)


def dialog_of(qtbot: Any, win: MainWindow, kind: type[QDialog]) -> Any:
    """The dialog of this type the window opened (editors open after a read, so wait)."""
    qtbot.waitUntil(
        lambda: isinstance(win.actions_.last_dialog, kind) and win.actions_.last_dialog.isVisible()
    )
    return win.actions_.last_dialog


def press(qtbot: Any, win: MainWindow, key: Any, modifier: Any = None) -> None:
    """A key press on the main window as the user makes it: with the window active."""
    from PySide6.QtCore import Qt

    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.keyClick(win, key, modifier or Qt.KeyboardModifier.NoModifier)
