"""Render a PNG of every main view offscreen, for review and for the README."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from custjournal.domain.times import to_zone
from custjournal.gui.app import create_window, ensure_app
from custjournal.gui.mainwindow import MainWindow
from custjournal.gui.monday import LAST_SHOWN_KEY
from custjournal.services.journal import timeline
from custjournal.services.review import iso_week
from custjournal.services.risks import evaluate_risks
from custjournal.services.settings import user_timezone
from custjournal.store import Journal

SIZE = (1280, 820)


def settle(
    window: MainWindow, done: Callable[[], bool] = lambda: True, timeout: float = 20
) -> None:
    """Let the workers finish and the views paint (no sleeping past what is needed)."""
    app = QApplication.instance()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if not window.ctx.busy and done():
            break
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def _worst_customer(journal: Journal, now: datetime) -> int | None:
    risks = evaluate_risks(journal, now=now)
    for risk in risks:  # worst first
        if risk.customer_id is not None:
            return int(risk.customer_id)
    notes = timeline(journal, limit=1)
    return notes[0].customer_id if notes else None


def _search_word(journal: Journal) -> str:
    for note in timeline(journal, limit=20):
        for word in (note.title or note.body).split():
            if len(word) > 5 and word.isalpha():
                return word.lower()
    return "meeting"


def render_screenshots(journal: Journal, out_dir: Path, *, now: datetime) -> list[Path]:
    """One PNG per view; returns the files written."""
    ensure_app()
    out_dir.mkdir(parents=True, exist_ok=True)
    state = tempfile.TemporaryDirectory()  # never touch the user's remembered window state
    qsettings = QSettings(str(Path(state.name) / "window.ini"), QSettings.Format.IniFormat)
    # The views as they are, not under the Monday notice (it would be on every picture).
    with journal.reading() as session:
        tz = user_timezone(session)
    qsettings.setValue(LAST_SHOWN_KEY, iso_week(to_zone(now, tz).date()))
    window = create_window(journal, clock=lambda: now, qsettings=qsettings)
    window.resize(*SIZE)
    window.show()
    written: list[Path] = []
    try:
        customer_id = _worst_customer(journal, now)
        plan: list[tuple[str, Callable[[], None]]] = [
            ("today", lambda: window.show_view("today")),
            ("customers", lambda: window.show_view("customers")),
            ("workspace", lambda: customer_id and window.show_customer(customer_id)),
            ("projects", lambda: window.show_view("projects")),
            ("risks", lambda: window.show_view("risks")),
            ("search", lambda: _search(window, _search_word(journal))),
        ]
        if "briefing" in window.views:
            plan.append(("briefing", lambda: customer_id and window.do_show_briefing(customer_id)))
        plan.append(("week", window.show_week_ahead))
        for name, show in plan:
            view = window.views[name]
            before = view.loads
            show()
            settle(window, lambda v=view, b=before: v.loads > b)
            path = out_dir / f"screenshot-{name}.png"
            window.grab().save(str(path))
            written.append(path)
    finally:
        window.close()
        window.ctx.close()
        state.cleanup()
    return written


def _search(window: MainWindow, word: str) -> None:
    window.show_view("search")
    window.views["search"].search(word)  # type: ignore[attr-defined]
