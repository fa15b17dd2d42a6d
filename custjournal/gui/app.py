"""Starting the window: the application, the journal, the main window, the sample offer."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from custjournal.gui import fmt, theme
from custjournal.gui.context import AppContext
from custjournal.gui.english import english_times
from custjournal.gui.mainwindow import MainWindow
from custjournal.gui.worker import EVERYTHING, Change
from custjournal.store import Journal
from custjournal.store.cipher import PassphraseRequired

ORGANISATION = "custjournal"
APPLICATION = "custjournal"


def system_clock() -> datetime:
    return datetime.now(UTC)


def ensure_app(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (created once, by whoever starts the GUI)."""
    # Named before QSettings() is used, even when someone else created the application.
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
        english_times()
        theme.apply_style(app)
    elif isinstance(app, QApplication) and not app.styleSheet():
        theme.apply_style(app)
    return app  # type: ignore[return-value]


def create_window(
    journal: Journal,
    *,
    clock: Callable[[], datetime] = system_clock,
    qsettings: QSettings | None = None,
) -> MainWindow:
    """A main window on an open journal; the caller owns the journal (tests, screenshots)."""
    ctx = AppContext.create(journal, clock)
    window = MainWindow(ctx, qsettings or QSettings())
    for warning in getattr(journal, "warnings", []):
        window.statusBar().showMessage(warning)
    return window


def is_empty(journal: Journal) -> bool:
    from custjournal.services.customers import count_customers  # noqa: PLC0415  (after the paint)

    return count_customers(journal) == 0


def offer_sample(window: MainWindow) -> QMessageBox:
    """Ask, on an empty journal, whether to load the sample journal or start fresh."""
    box = QMessageBox(window)
    box.setObjectName("sample_offer")
    box.setWindowTitle("Welcome to custjournal")
    box.setIcon(QMessageBox.Icon.Question)
    box.setText("Your journal is empty.")
    box.setInformativeText(
        "Load the sample journal (30 made-up customers with a year of history, so you can "
        "look around), or start fresh with your own customers?"
    )
    sample = box.addButton("Load &sample journal", QMessageBox.ButtonRole.AcceptRole)
    fresh = box.addButton("Start &fresh", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(fresh)
    sample.setObjectName("load_sample")
    fresh.setObjectName("start_fresh")
    sample.clicked.connect(lambda: load_sample(window))
    fresh.clicked.connect(lambda: window.run_action("new_customer"))
    box.open()
    return box


def load_sample(window: MainWindow) -> None:
    from custjournal.services.demo import build_demo

    ctx = window.ctx
    now = ctx.now()
    window.statusBar().showMessage("Loading the sample journal…")
    ctx.write(
        lambda: build_demo(ctx.journal, now=now),
        changes=Change(EVERYTHING),
        on_success=lambda counts: window.statusBar().showMessage(
            f"Sample journal loaded: {fmt.count(counts.get('customers', 0), 'customer')}.", 8000
        ),
        on_failure=lambda exc: QMessageBox.warning(window, "Sample journal", str(exc)),
        label="load sample journal",
    )


def _refuse(exc: Exception) -> int:
    # JournalInUse, JournalTooNew, JournalDamaged…: their message says what to do next.
    QMessageBox.critical(None, "custjournal cannot open the journal", str(exc))
    return 1


def run(db_url: str | None = None, *, clock: Callable[[], datetime] = system_clock) -> int:
    """Open the window on the journal at `db_url` (or the remembered/default one)."""
    app = ensure_app()
    qsettings = QSettings()
    url = db_url or (str(qsettings.value("journal/url", "") or "") or None)
    try:
        journal = Journal.open(url)
    except PassphraseRequired as locked:
        from custjournal.gui.dialogs.passphrase import PassphraseDialog, open_encrypted  # noqa: PLC0415  (only for an encrypted journal)

        opened = open_encrypted(url, locked.path, PassphraseDialog(locked.path))
        if opened is None:
            return 1
        journal = opened
    except Exception as exc:  # shown to the user, never a traceback in a window app
        return _refuse(exc)
    window = show_window(journal, clock=clock, qsettings=qsettings)
    try:
        return app.exec()
    finally:
        if window.tray is not None:
            window.tray.hide()
        window.ctx.close()
        journal.close()


def show_window(
    journal: Journal, *, clock: Callable[[], datetime], qsettings: QSettings
) -> MainWindow:
    """The window as `custjournal` opens it: shown, the sample offered on an empty journal,
    and the tray icon once the start is done."""
    window = create_window(journal, clock=clock, qsettings=qsettings)
    # The tray's first check evaluates every rule; started with the window it went ahead of
    # Today's in the queue (seconds on a large journal). It starts once the workers are
    # first idle together, with Today painted and its risks fresh.
    window.after_start(lambda: _tray(window))
    window.show()
    # Counting the customers on this thread would read the journal through the ORM (which
    # configures every mapper) before Today is painted; the worker answers after it instead.
    window.ctx.read(lambda: is_empty(journal), lambda empty: _offer_if(empty, window))
    return window


def _offer_if(empty: bool, window: MainWindow) -> None:
    if empty:
        offer_sample(window)


def _tray(window: MainWindow) -> None:
    from custjournal.gui.tray import Tray

    window.tray = Tray.create(window)  # None where the desktop has no system tray
