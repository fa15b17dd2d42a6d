"""The main window: navigation bar, the views, menus and shortcuts (the work lives elsewhere)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from custjournal.gui import theme
from custjournal.gui.actions import Actions
from custjournal.gui.after_start import AfterStart
from custjournal.gui.context import AppContext
from custjournal.gui.menus import build_menus
from custjournal.gui.transfer import LongOperations, backup_if_due
from custjournal.gui.views.base import View
from custjournal.gui.views.registry import VIEWS, LazyViews, ViewSpec
from custjournal.gui.worker import CLOCK, ELSEWHERE, EVERYTHING, RELOAD, Change

if TYPE_CHECKING:
    from custjournal.gui.monday import MondayNotice, NoticeBanner

CLOCK_TICK_MS = 60_000


class MainWindow(QMainWindow):
    # Made by gui/menus.py with the menu bar.
    undo_action: QAction
    redo_action: QAction
    capture_shortcut: QShortcut

    def __init__(self, ctx: AppContext, qsettings: QSettings) -> None:
        super().__init__()
        self.ctx, self.qsettings = ctx, qsettings
        self.setWindowTitle(f"custjournal — {ctx.journal.url}")
        self.setObjectName("main_window")
        self.actions_ = Actions(ctx, self)
        self.actions_.on_customer_created = lambda cid: self.show_customer(cid)
        self.long_ops = LongOperations(ctx, self)
        self.opened_at = ctx.now()
        self.stack = QStackedWidget()
        central = QWidget()
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._monday_notice: MondayNotice | None = None
        self.tray: Any = None  # the tray icon where the desktop has one (set by gui.app)
        self._after_start = AfterStart(ctx.workers, self)
        self.views = LazyViews(VIEWS, self._build_view)
        self.nav_bar = QToolBar("Navigation")
        self.nav_bar.setObjectName("navigation")
        self.nav_bar.setMovable(False)
        self.nav_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.addToolBar(Qt.ToolBarArea.LeftToolBarArea, self.nav_bar)
        self.nav_group = QActionGroup(self)
        self.nav_actions: dict[str, QAction] = {}
        for number, spec in enumerate(VIEWS, start=1):
            action = QAction(theme.icon(spec.icon_name), spec.title, self, checkable=True)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setToolTip(f"{spec.title} (Ctrl+{number})")
            action.triggered.connect(lambda _=False, n=spec.name: self.show_view(n))
            self.nav_group.addAction(action)
            self.nav_bar.addAction(action)
            self.nav_actions[spec.name] = action
        build_menus(self)
        self.busy_label = QLabel("")
        self.statusBar().addPermanentWidget(self.busy_label)
        for worker in ctx.workers:
            worker.busy_changed.connect(self._show_busy)
            worker.failed.connect(
                lambda text: self.statusBar().showMessage(f"Failed: {text}", 10_000)
            )
            worker.refused.connect(
                lambda text: self.statusBar().showMessage(f"Not saved — {text}", 10_000)
            )
        ctx.events.changed.connect(self._announce)
        if ctx.journal.path is None and not ctx.owner:
            # A team journal: without a name here, every colleague reads this laptop's
            # promises as their own.
            self.statusBar().showMessage(
                "A team journal: say who you are on this computer (Settings → This computer "
                "→ owner), so that your promises are told apart from your colleagues'.",
                30_000,
            )
        # Time moves even when nothing is edited: overdue is a matter of the clock.
        self.clock_timer = QTimer(self, interval=CLOCK_TICK_MS)
        self.clock_timer.timeout.connect(self.tick)
        self.clock_timer.start()
        self.resize(1200, 780)
        self._restore()
        self.show_view(str(qsettings.value("window/view", "today")) or "today")
        # The notice checks the week when the worker is first idle anyway; built then, its
        # module and the review and risk services behind it load after Today is painted.
        self.after_start(self._start_monday_notice)

    def _show_busy(self, _busy: bool) -> None:
        # The rules run on their own worker when the journal allows it: the window stays
        # usable meanwhile, so that is said apart from work the user is waiting for.
        if self.ctx.worker.busy:
            self.busy_label.setText("Working…")
        elif self.ctx.busy:
            self.busy_label.setText("Checking risks…")
        else:
            self.busy_label.setText("")

    # -- after the start ---------------------------------------------------------------------
    def after_start(self, fn: Callable[[], None]) -> None:
        """Run `fn` once what the window shows first is done (the workers idle together)."""
        self._after_start.add(fn)

    def _start_monday_notice(self) -> None:
        """Build the Monday notice: it checks the week as soon as the workers are idle."""
        if self._monday_notice is None:
            from custjournal.gui.monday import MondayNotice, NoticeBanner  # noqa: PLC0415

            banner = NoticeBanner()
            self._column.insertWidget(0, banner)
            self._monday_notice = MondayNotice(
                self.ctx, self.qsettings, banner, self.show_week_ahead, self
            )

    @property
    def monday_notice(self) -> MondayNotice:
        """Once an ISO week, on Monday: what the week holds (through the tray if there is one,
        else in a bar above the views). Built after the start, or when first asked for."""
        self._start_monday_notice()
        assert self._monday_notice is not None
        return self._monday_notice

    @property
    def banner(self) -> NoticeBanner:
        """The Monday notice's bar above the views (where the desktop has no tray)."""
        return self.monday_notice.banner

    def _build_view(self, spec: ViewSpec) -> View:
        view = spec.load()(self.ctx, self)
        self.stack.addWidget(view)
        return view

    # -- Navigator ---------------------------------------------------------------------------
    def show_view(self, name: str) -> None:
        view = self.views.get(name) or self.views["today"]
        self.stack.setCurrentWidget(view)
        self.nav_actions[view.name].setChecked(True)
        view.focus_primary()

    def show_week_ahead(self) -> None:
        """The week on now (from the Monday notice, the tray, or the menu)."""
        self.views["week"].show_week(None)  # type: ignore[attr-defined]
        self.show_view("week")

    def current_view(self) -> View:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def show_customer(self, customer_id: int, *, interaction_id: int | None = None) -> None:
        self.views["workspace"].show_customer(  # type: ignore[attr-defined]
            customer_id, interaction_id
        )
        self.show_view("workspace")

    def run_action(self, name: str, **kwargs: Any) -> None:
        own = getattr(self, f"do_{name}", None)
        if own is not None:
            own(**kwargs)
        else:
            self.actions_.run(name, **kwargs)

    def do_risk_open(self, risk: Any, **_: Any) -> None:
        if risk.customer_id is not None:
            self.show_customer(risk.customer_id)

    def do_show_project(self, project_id: int, **_: Any) -> None:
        self.views["projects"].select_project(project_id)  # type: ignore[attr-defined]
        self.show_view("projects")

    def do_show_briefing(self, customer_id: int, **_: Any) -> None:
        self.views["briefing"].show_for(customer_id)  # type: ignore[attr-defined]
        self.show_view("briefing")

    def current_customer_id(self) -> int | None:
        workspace = self.views.built("workspace")
        if workspace is not None and self.current_view() is workspace:
            return workspace.customer_id  # type: ignore[attr-defined, no-any-return]
        selected = self.current_view().selected()
        return getattr(selected, "id", None) if self.current_view().name == "customers" else None

    def _announce(self, change: Change) -> None:
        if ELSEWHERE in change.kinds:
            self.statusBar().showMessage("Updated with changes saved on another computer.", 5000)
        elif RELOAD in change.kinds:
            self.statusBar().showMessage("Reloaded.", 3000)
        elif change.kinds != {CLOCK}:
            self.statusBar().showMessage("Saved.", 3000)

    def reload(self) -> None:
        """Every view reads the journal again (Go → Refresh)."""
        self.ctx.events.changed.emit(Change(EVERYTHING | {RELOAD}))

    def tick(self) -> None:
        """Views that depend on the time refresh (overdue is a matter of the clock), and on a
        team journal every view does when a colleague has saved something since."""
        self.ctx.events.changed.emit(Change(frozenset({CLOCK})))
        journal, events = self.ctx.journal, self.ctx.events
        self.ctx.read(
            journal.changed_elsewhere,
            lambda changed: changed and events.changed.emit(Change(EVERYTHING | {ELSEWHERE})),
        )
        # While changes are being made, a verified backup every interval (30 min by default).
        journal, now, since = self.ctx.journal, self.ctx.now(), self.opened_at
        self.ctx.worker.submit(lambda: backup_if_due(journal, now, since), label="backup")

    def log_note(self) -> None:
        customer_id = self.current_customer_id()
        if customer_id is not None:
            self.run_action("new_note", customer_id=customer_id)
        else:
            self.quick_capture()

    def find(self) -> None:
        self.show_view("search")

    def _customer_names(self, then: Any) -> None:
        from custjournal.services.customers import list_customers  # noqa: PLC0415  (not needed to paint Today)

        journal, now = self.ctx.journal, self.ctx.now()
        self.ctx.read(lambda: [(c.id, c.name) for c in list_customers(journal, now=now)], then)

    def quick_capture(self) -> None:
        from custjournal.gui.dialogs.quick_capture import QuickCaptureDialog  # noqa: PLC0415  (dialogs load when opened)

        current = self.current_customer_id()
        self._customer_names(
            lambda names: self.actions_.open_dialog(
                QuickCaptureDialog(
                    self.ctx, names, customer_id=current, open_dialog=self.actions_.open_dialog
                )
            )
        )

    def open_palette(self) -> None:
        from custjournal.services.customers import list_customers  # noqa: PLC0415  (not needed to paint Today)
        from custjournal.services.projects import list_projects  # noqa: PLC0415

        journal, now = self.ctx.journal, self.ctx.now()

        def load() -> tuple[list[Any], list[Any]]:
            return list_customers(journal, now=now), list_projects(journal)

        self.ctx.read(load, self._show_palette)

    def _show_palette(self, data: tuple[list[Any], list[Any]]) -> None:
        from custjournal.gui.dialogs.palette import Command, PaletteDialog  # noqa: PLC0415  (dialogs load when opened)

        customers, projects = data
        commands = [
            Command("action", a.text().replace("&", ""), a.trigger, a.shortcut().toString())
            for a in [*self.nav_actions.values(), *self._menu_actions()]
        ]
        commands += [
            Command("customer", c.name, lambda i=c.id: self.show_customer(i), c.stage.value)
            for c in customers
        ]
        commands += [
            Command("project", p.name, lambda i=p.id: self.do_show_project(i), p.customer_name)
            for p in projects
        ]
        self.actions_.open_dialog(PaletteDialog(commands))

    def _menu_actions(self) -> list[QAction]:
        found = []
        for menu_action in self.menuBar().actions():
            for action in menu_action.menu().actions():
                if (
                    action.text()
                    and not action.isSeparator()
                    and action not in self.nav_actions.values()
                ):
                    found.append(action)
        return found

    def open_settings(self) -> None:
        from custjournal.gui.dialogs.settings import SettingsDialog, load_settings  # noqa: PLC0415  (dialogs load when opened)

        journal = self.ctx.journal
        self.ctx.read(
            lambda: load_settings(journal),
            lambda data: self.actions_.open_dialog(SettingsDialog(self.ctx, *data, self.qsettings)),
        )

    def open_backups(self) -> None:
        from custjournal.gui.dialogs.backups import BackupsDialog  # noqa: PLC0415  (dialogs load when opened)

        dialog = BackupsDialog(self.ctx)
        # Undoing a delete made before the restore would act on a journal that has moved on.
        dialog.restored.connect(lambda _done: self.actions_.undo_stack.clear())
        self.actions_.open_dialog(dialog)

    def open_help(self) -> None:
        from custjournal.gui.dialogs.help import HelpDialog  # noqa: PLC0415  (dialogs load when opened)

        self.actions_.open_dialog(HelpDialog())

    # -- remembered window state (QSettings; preferences live in the journal) ----------------
    def _restore(self) -> None:
        geometry = self.qsettings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.qsettings.value("window/state")
        if state is not None:
            self.restoreState(state)
        for splitter in self.findChildren(QSplitter):
            saved = self.qsettings.value(f"splitters/{splitter.objectName()}")
            if splitter.objectName() and saved is not None:
                splitter.restoreState(saved)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.qsettings.setValue("window/geometry", self.saveGeometry())
        self.qsettings.setValue("window/state", self.saveState())
        self.qsettings.setValue("window/view", self.current_view().name)
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                self.qsettings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        self.qsettings.sync()
        self.clock_timer.stop()
        super().closeEvent(event)
