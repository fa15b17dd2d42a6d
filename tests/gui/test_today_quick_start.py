"""A cold start paints Today with the last risks at once, marked, then the fresh ones."""

from __future__ import annotations

import threading
from datetime import timedelta

from PySide6.QtCore import QSettings

from custjournal.gui.app import create_window
from custjournal.gui.context import AppContext
from custjournal.services import commitments, customers
from custjournal.store import Journal

from .conftest import idle

DAY = timedelta(days=1)


def _open(qtbot, journal, clock, tmp_path):
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    win = create_window(journal, clock=clock, qsettings=settings)
    win.resize(1100, 700)
    win.show()
    qtbot.waitExposed(win)
    return win


def _close(qtbot, win) -> None:
    idle(qtbot, win)
    win.close()
    win.ctx.close()
    win.deleteLater()


def _hold_the_rules(monkeypatch) -> threading.Event:
    """The rules wait until the event is set, as on a journal of ten years."""
    release = threading.Event()
    evaluate = AppContext.risks

    def slow_risks(self, *args, **kwargs):
        release.wait(20)
        return evaluate(self, *args, **kwargs)

    monkeypatch.setattr(AppContext, "risks", slow_risks)
    return release


def _risk_texts(view) -> list[str]:
    return [risk.reason for risk in view.risk_model.risks()]


def test_second_start_shows_the_last_risks_before_the_rules_finish(
    qtbot, journal: Journal, clock, tmp_path, monkeypatch
) -> None:
    now = clock.now
    acme = customers.create_customer(journal, name="Acme Oy", now=now - 40 * DAY)
    commitments.add_promise(
        journal, customer_id=acme.id, title="Send the quote", due_at=now - DAY, now=now - 3 * DAY
    )
    first = _open(qtbot, journal, clock, tmp_path)
    today = first.views["today"]
    qtbot.waitUntil(lambda: today.loads >= 1)
    assert any("Send the quote" in text for text in _risk_texts(today))
    assert "as of" not in today.summary.text()
    _close(qtbot, first)

    # The next start: the rules are held back.
    release = _hold_the_rules(monkeypatch)
    clock.advance(minutes=5)
    second = _open(qtbot, journal, clock, tmp_path)
    today = second.views["today"]
    qtbot.waitUntil(lambda: today.painted >= 1)
    assert today.loads == 0  # not fresh yet...
    assert any("Send the quote" in text for text in _risk_texts(today))  # ...but filled
    assert "as of" in today.summary.text() and "checking" in today.summary.text()
    release.set()
    qtbot.waitUntil(lambda: today.loads >= 1)
    assert "as of" not in today.summary.text()
    assert any("Send the quote" in text for text in _risk_texts(today))
    _close(qtbot, second)


def test_a_change_since_means_no_stale_risks_are_shown(
    qtbot, journal: Journal, clock, tmp_path, monkeypatch
) -> None:
    now = clock.now
    acme = customers.create_customer(journal, name="Acme Oy", now=now - 40 * DAY)
    promise = commitments.add_promise(
        journal, customer_id=acme.id, title="Send the quote", due_at=now - DAY, now=now - 3 * DAY
    )
    first = _open(qtbot, journal, clock, tmp_path)
    qtbot.waitUntil(lambda: first.views["today"].loads >= 1)
    _close(qtbot, first)
    # Done from the command line (another process) while the window was closed.
    commitments.complete_commitment(journal, commitment_id=promise.id, now=now)

    release = _hold_the_rules(monkeypatch)
    second = _open(qtbot, journal, clock, tmp_path)
    today = second.views["today"]
    qtbot.waitUntil(lambda: "Checking what is at risk" in today.summary.text())
    assert today.painted == 0
    assert not any("Send the quote" in text for text in _risk_texts(today))
    release.set()
    qtbot.waitUntil(lambda: today.loads >= 1)
    assert not any("Send the quote" in text for text in _risk_texts(today))
    _close(qtbot, second)


def test_a_group_of_the_most_pressing_says_how_many_there_are_in_all(qtbot) -> None:
    from custjournal.gui.models.risks import RiskTreeModel  # noqa: PLC0415
    from custjournal.rules.risk import Risk, Severity  # noqa: PLC0415

    shown = [
        Risk("overdue", Severity.CRITICAL, 1, "Acme", "commitment", n, f"Late {n}", (), "Call",
             f"commitment:{n}", None)
        for n in range(3)
    ]  # fmt: skip
    model = RiskTreeModel()
    model.set_risks(shown, {"critical": 1951, "warning": 0})
    assert model.index(0, 0).data() == "Critical (3 of 1,951)"
    model.set_risks(shown)
    assert model.index(0, 0).data() == "Critical (3)"
