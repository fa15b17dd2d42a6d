"""The Monday notice: once an ISO week, on Monday in the user's zone, what the week holds."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from custjournal.domain.times import to_zone
from custjournal.gui import theme
from custjournal.gui.after_start import AfterStart
from custjournal.gui.context import AppContext
from custjournal.gui.worker import CLOCK, SETTINGS, Change
from custjournal.services.review import MONDAY_NOTICE, build_review, iso_week
from custjournal.services.settings import get_setting
from custjournal.store import Journal

log = logging.getLogger(__name__)
# Remembered state, not a preference: kept in QSettings beside the window's geometry.
LAST_SHOWN_KEY = "review/monday_notice_week"
TITLE = "custjournal — the week ahead"


def due_week(now: datetime, user_tz: str, last_shown: str) -> str | None:
    """The ISO week to announce at `now`: only on a Monday in the user's zone, once a week."""
    local = to_zone(now, user_tz)
    if local.weekday() != 0:
        return None
    week = iso_week(local.date())
    return None if week == last_shown else week


def load_notice(
    journal: Journal, now: datetime, risks: Callable[[datetime], Sequence[Any]] | None = None
) -> str | None:
    """The notice's line, or None when the user switched it off (worker thread)."""
    with journal.reading() as session:
        if not get_setting(session, MONDAY_NOTICE):
            return None
    # Rendering is loaded here, on the worker, on the first Monday: not on every start.
    from custjournal.services.review_render import monday_summary  # noqa: PLC0415

    return monday_summary(build_review(journal, now=now, risks=risks))


class NoticeBanner(QFrame):
    """In the window, where the desktop has no tray: the line, Open and Dismiss."""

    opened = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice_banner")
        self.setStyleSheet(
            "QFrame#notice_banner { background: palette(alternate-base); "
            "border-bottom: 1px solid palette(mid); }"
        )
        icon = QLabel()
        icon.setPixmap(theme.icon("week").pixmap(20, 20))
        self.text = QLabel()
        self.text.setObjectName("notice_text")
        font = self.text.font()
        font.setBold(True)
        self.text.setFont(font)
        self.open_button = QPushButton("Open the &week ahead")
        self.open_button.setObjectName("notice_open")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip("Dismiss (it comes back next Monday)")
        self.close_button.setAutoRaise(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 6, 10, 6)
        row.addWidget(icon)
        row.addWidget(self.text, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.close_button)
        self.open_button.clicked.connect(self._open)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def announce(self, text: str) -> None:
        self.text.setText(text)
        self.show()

    def _open(self) -> None:
        self.hide()
        self.opened.emit()


class MondayNotice(QObject):
    """Checks at start and on every clock tick; shows through the tray if there is one."""

    shown = Signal(str, str)  # ISO week, the line shown

    def __init__(
        self,
        ctx: AppContext,
        qsettings: QSettings,
        banner: NoticeBanner,
        open_week: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.qsettings, self.banner = ctx, qsettings, banner
        # Set by the tray when the desktop has one: (title, text) -> a desktop notification.
        self.presenter: Callable[[str, str], None] | None = None
        self._pending = False
        banner.opened.connect(open_week)
        ctx.events.changed.connect(self._changed)
        # After what the window shows first (Today, queued when it is shown), not ahead of
        # it in the workers' queues: on a large journal the review takes seconds.
        AfterStart(ctx.workers, self).add(self.check)

    def _changed(self, change: Change) -> None:
        # The clock ticks every minute; turning the setting on (or moving zone) counts too.
        if change.touches({CLOCK, SETTINGS}):
            self.check()

    def last_shown(self) -> str:
        return str(self.qsettings.value(LAST_SHOWN_KEY, "") or "")

    def check(self) -> None:
        if self._pending:
            return
        week = due_week(self.ctx.now(), self.ctx.user_tz, self.last_shown())
        if week is None:
            return
        self._pending = True
        journal, now = self.ctx.journal, self.ctx.now()
        self.ctx.read_rules(
            lambda: load_notice(journal, now, self.ctx.risks),
            lambda text: self._deliver(week, text),
            on_failure=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        # A notice is a courtesy: never an error box; tried again at the next tick.
        self._pending = False
        log.warning("the Monday notice could not be prepared: %s", exc)

    def _deliver(self, week: str, text: str | None) -> None:
        self._pending = False
        if text is None or week == self.last_shown():
            return  # switched off: asked again at the next tick, in case it is switched on
        self.qsettings.setValue(LAST_SHOWN_KEY, week)
        self.qsettings.sync()
        if self.presenter is not None:
            self.presenter(TITLE, text)
        else:
            self.banner.announce(text)
        self.shown.emit(week, text)
