"""The system tray icon: a notification when a risk turns critical, an appointment is near,
and on Monday what the week holds (clicking that one opens the Week ahead view)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from custjournal.gui import fmt, theme
from custjournal.gui.worker import Change
from custjournal.services.commitments import agenda
from custjournal.services.risks import evaluate_risks
from custjournal.store import Journal

SOON = timedelta(minutes=15)
CHECK_MS = 60_000


def due_alerts(
    journal: Journal,
    now: datetime,
    seen: frozenset[str],
    risks: Callable[[datetime], list[Any]] | None = None,
) -> list[tuple[str, str, str]]:
    """(key, title, message) for each new critical risk and appointment starting soon."""
    alerts = []
    found = risks(now) if risks else evaluate_risks(journal, now=now)
    for risk in found:
        if theme.severity_key(risk.severity) == "critical" and risk.key not in seen:
            alerts.append((risk.key, f"Critical: {risk.customer_name}", risk.reason))
    for item in agenda(journal, start=now, end=now + SOON):
        c = item.commitment
        key = f"soon:{c.id}:{item.starts_at.isoformat()}"
        if c.kind.value == "appointment" and key not in seen:
            alerts.append(
                (key, f"Soon: {c.title}", f"{c.customer_name}, {fmt.relative(item.starts_at, now)}")
            )
    return alerts


class Tray(QObject):
    """Exists only where the desktop has a tray; without one the app simply has none."""

    @classmethod
    def create(cls, window: Any) -> Tray | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        return cls(window)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window, self.ctx = window, window.ctx
        self.seen: set[str] = set()
        self.icon = QSystemTrayIcon(theme.icon("app"), self)
        self.icon.setToolTip("custjournal")
        menu = QMenu()
        menu.addAction("Show custjournal", self._show)
        menu.addAction("Week ahead", lambda: (self._show(), window.show_week_ahead()))
        menu.addAction("Quick capture…", window.quick_capture)
        menu.addSeparator()
        menu.addAction("Quit", window.close)
        self._menu = menu
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(lambda _reason: self._show())
        # Where a click on the last message leads: the risks, or the week for the Monday one.
        self.target = "risks"
        self.icon.messageClicked.connect(self._message_clicked)
        notice = getattr(window, "monday_notice", None)
        if notice is not None and QSystemTrayIcon.supportsMessages():
            notice.presenter = self.show_week_notice  # else the window's own bar shows it
        self.icon.show()
        self.timer = QTimer(self, interval=CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self.ctx.events.changed.connect(lambda _c: self.check())
        self._first = True
        self.check()

    def _message_clicked(self) -> None:
        self._show()
        if self.target == "week":
            self.window.show_week_ahead()
        else:
            self.window.show_view("risks")

    def show_week_notice(self, title: str, text: str) -> None:
        """The Monday notice as a desktop notification; a click opens the Week ahead view."""
        self.target = "week"
        self.icon.showMessage(title, text, theme.icon("week"), 15_000)

    def _show(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def check(self, _change: Change | None = None) -> None:
        journal, now, seen = self.ctx.journal, self.ctx.now(), frozenset(self.seen)
        self.ctx.read_rules(lambda: due_alerts(journal, now, seen, self.ctx.risks), self._notify)

    def _notify(self, alerts: list[tuple[str, str, str]]) -> None:
        fresh = [a for a in alerts if a[0] not in self.seen]
        self.seen.update(key for key, _, _ in fresh)
        if self._first:
            # What was already critical at start is on the Today view; do not flood.
            self._first = False
            fresh = [a for a in fresh if a[0].startswith("soon:")]
        if not fresh:
            return
        self.target = "risks"
        title, message = fresh[0][1], fresh[0][2]
        if len(fresh) > 1:
            message += f"\n…and {len(fresh) - 1} more"
        self.icon.showMessage(title, message, theme.icon("critical"), 10_000)

    def hide(self) -> None:
        self.timer.stop()
        self.icon.hide()
