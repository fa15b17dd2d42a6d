"""On a cold start the rules wait until Today has been painted, but never for ever."""

from __future__ import annotations

import time
from datetime import timedelta

from PySide6.QtCore import QEvent, QObject, QSettings

from custjournal.gui.app import create_window
from custjournal.gui.context import AppContext
from custjournal.services import commitments, customers
from custjournal.store import Journal

from .conftest import idle

DAY = timedelta(days=1)


class SlowPaints(QObject):
    """Counts Today's paints once its agenda is shown; each such paint takes 50 ms longer
    (sleeping, so a worker thread that is free to run does run meanwhile)."""

    def __init__(self, today) -> None:
        super().__init__(today)
        self.today = today
        self.count = 0

    def eventFilter(self, _watched, event) -> bool:  # Qt's name
        if event.type() == QEvent.Type.Paint and " in the next " in self.today.summary.text():
            time.sleep(0.05)
            self.count += 1
        return False


def _journal_with_a_promise(journal: Journal, now) -> None:
    acme = customers.create_customer(journal, name="Acme Oy", now=now - 40 * DAY)
    commitments.add_promise(
        journal, customer_id=acme.id, title="Send the quote", due_at=now + DAY, now=now - DAY
    )


def _window(journal, clock, tmp_path):
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    return create_window(journal, clock=clock, qsettings=settings)


def _close(qtbot, win) -> None:
    idle(qtbot, win)
    win.close()
    win.ctx.close()
    win.deleteLater()


def test_the_rules_start_once_the_filled_today_is_painted(
    qtbot, journal: Journal, clock, tmp_path, monkeypatch
) -> None:
    _journal_with_a_promise(journal, clock.now)
    paints_seen: list[int] = []
    evaluate = AppContext.evaluation  # where every view's risks come from

    def evaluation(self, *args, **kwargs):
        paints_seen.append(paints.count)  # on the worker, as the rules begin
        return evaluate(self, *args, **kwargs)

    monkeypatch.setattr(AppContext, "evaluation", evaluation)
    win = _window(journal, clock, tmp_path)
    today = win.views["today"]
    paints = SlowPaints(today)
    today.installEventFilter(paints)
    win.resize(1100, 700)
    win.show()
    qtbot.waitUntil(lambda: today.loads >= 1, timeout=10_000)
    assert paints_seen and paints_seen[0] >= 1  # Today was on screen before the rules ran
    assert "Send the quote" in today.agenda_model.row_at(0).commitment.title
    _close(qtbot, win)


def test_a_window_that_is_never_painted_still_gets_fresh_risks(
    qtbot, journal: Journal, clock, tmp_path
) -> None:
    _journal_with_a_promise(journal, clock.now)
    win = _window(journal, clock, tmp_path)
    today = win.views["today"]
    win.setUpdatesEnabled(False)  # no paint events at all, as for a window kept off screen
    win.show()
    started = time.monotonic()
    qtbot.waitUntil(lambda: today.loads >= 1, timeout=10_000)
    assert time.monotonic() - started < 5
    assert "as of" not in today.summary.text()
    win.setUpdatesEnabled(True)
    _close(qtbot, win)


def test_the_tray_starts_once_today_is_filled(
    qtbot, journal: Journal, clock, qsettings, monkeypatch
) -> None:
    # Its first check evaluates every rule: ahead of Today in the worker's queue, it kept
    # Today empty for seconds on a large journal.
    from PySide6.QtWidgets import QSystemTrayIcon

    from custjournal.gui import tray as tray_module
    from custjournal.gui.app import show_window
    from custjournal.gui.views.today import TodayView

    _journal_with_a_promise(journal, clock.now)
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    order: list[str] = []
    alerts, show_agenda = tray_module.due_alerts, TodayView._show_agenda

    def due_alerts(*args, **kwargs):
        order.append("tray")
        return alerts(*args, **kwargs)

    def agenda_shown(self, result):
        order.append("today")
        return show_agenda(self, result)

    monkeypatch.setattr(tray_module, "due_alerts", due_alerts)
    monkeypatch.setattr(TodayView, "_show_agenda", agenda_shown)
    win = show_window(journal, clock=clock, qsettings=qsettings)
    try:
        qtbot.waitUntil(lambda: "tray" in order, timeout=10_000)
        assert win.tray is not None
        assert order.index("today") < order.index("tray")
        assert win.views["today"].loads >= 1  # its fresh risks came first too
    finally:
        idle(qtbot, win)
        win.tray.hide()
        _close(qtbot, win)
