"""Today: what needs doing now (risks, overdue promises) and the agenda of the coming days."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QHeaderView, QSplitter, QTableView, QTreeView

from custjournal.gui import fmt
from custjournal.gui.models.agenda import AgendaTableModel, risks_by_commitment
from custjournal.gui.models.base import ROW_ROLE
from custjournal.gui.models.risks import RiskTreeModel
from custjournal.gui.views.base import View, heading
from custjournal.gui.widgets import EmptyState, configure_table
from custjournal.gui.worker import COMMITMENTS, INTERACTIONS, PROJECTS, RISKS, SETTINGS
from custjournal.services import today_cache
from custjournal.services.today_cache import ColdStart, TodayAgenda, TodayRisks
from custjournal.store import Journal

if TYPE_CHECKING:
    from custjournal.services.risk_refresh import Evaluation

DAYS_AHEAD = 7
# How long the fresh evaluation waits for Today's first filled paint (a hidden or minimised
# window is never painted; the evaluation then starts anyway).
PAINT_WAIT_S = 1.0


def agenda_window(now: datetime) -> tuple[datetime, datetime]:
    """What Today's agenda spans at `now`: from half a day ago to a week ahead."""
    return now - timedelta(hours=12), now + timedelta(days=DAYS_AHEAD)


def load_agenda(journal: Journal, now: datetime) -> list[Any]:
    """The agenda from now for a week (worker thread)."""
    # Loaded here, on the worker: a start from the last start's rows paints without it.
    from custjournal.services.commitments import agenda  # noqa: PLC0415

    start, end = agenda_window(now)
    return agenda(journal, start=start, end=end)


def load_risks(
    journal: Journal,
    now: datetime,
    evaluation: Callable[[datetime], Evaluation],
    agenda: TodayAgenda | None = None,
    agenda_mark: int | None = None,
) -> tuple[TodayRisks, list[Any], dict[int, int]]:
    """The most pressing risks now (kept for the next start with the agenda read at
    `agenda_mark`), all of them, and which notice is about which appointment, to mark the
    agenda (worker thread)."""
    from custjournal.services.commitments import list_notices  # noqa: PLC0415

    evaluated = evaluation(now)
    found = list(evaluated.risks)
    today = today_cache.pressing(found, now)
    if evaluated.mark is not None:
        # Kept only as of the one state of the journal they were read from: the rules run
        # beside the writer, and a save may have landed since (the next full pass keeps it).
        today_cache.save(journal, today, agenda, agenda_mark=agenda_mark, mark=evaluated.mark)
    notices = {n.id: n.commitment_id for n in list_notices(journal) if n.commitment_id}
    return today, found, notices


# The agenda as read: its rows, the journal's change mark before they were read, and the last
# start's risks to show with them (on a cold start whose agenda was not kept).
AgendaReading = tuple[list[Any], int | None, TodayRisks | None]


class TodayView(View):
    name = "today"
    title = "Today"
    icon_name = "today"
    kinds = frozenset({COMMITMENTS, INTERACTIONS, PROJECTS, RISKS, SETTINGS, "clock"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header = heading("Today")
        self.summary = heading("", "muted")
        self.layout_.addWidget(self.header)
        self.layout_.addWidget(self.summary)

        self.risk_model = RiskTreeModel(self)
        self.risk_tree = QTreeView()
        self.risk_tree.setObjectName("today_risks")
        self.risk_tree.setModel(self.risk_model)
        self.risk_tree.setUniformRowHeights(True)
        self.risk_tree.setAlternatingRowColors(True)
        self.risk_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.risk_tree.header().setStretchLastSection(False)
        self.risk_tree.setColumnWidth(RiskTreeModel.CUSTOMER, 170)
        self.risk_tree.setColumnWidth(RiskTreeModel.ACTION, 360)
        self.risk_tree.hideColumn(RiskTreeModel.RULE)
        self.risk_tree.activated.connect(self._open_risk)

        self.agenda_model = AgendaTableModel(
            clock=self.ctx.now, user_tz=lambda: self.ctx.user_tz, me=lambda: self.ctx.owner
        )
        self.agenda_table = QTableView()
        self.agenda_table.setObjectName("today_agenda")
        self.agenda_table.setModel(self.agenda_model)
        configure_table(
            self.agenda_table,
            stretch=AgendaTableModel.TITLE,
            widths={1: 170, 2: 120, 4: 60, 5: 110},
        )
        self.agenda_table.activated.connect(self._open_item)

        self.risk_box = EmptyState(
            self.risk_tree, "Nothing at risk right now. Well kept!", title="Needs doing now"
        )
        self.agenda_box = EmptyState(
            self.agenda_table,
            f"Nothing booked or due in the next {DAYS_AHEAD} days. "
            "Add a promise or an appointment with Ctrl+Shift+N.",
            title=f"Coming {DAYS_AHEAD} days",
        )
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("today_split")
        split.addWidget(self.risk_box)
        split.addWidget(self.agenda_box)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)  # what needs doing now matters most
        split.setStretchFactor(1, 2)
        self.layout_.addWidget(split, 1)
        self._items: list[Any] = []
        self._kept_total: int | None = None  # the last start's count, until a fresh reading
        self._notices: dict[int, int] = {}
        self._risks: tuple[TodayRisks, list[Any]] | None = None
        self._fresh = 0  # fresh evaluations shown
        self.painted = 0  # paints with risks, the last start's included (benchmark)
        self._painted_event: threading.Event | None = None

    def refresh(self) -> None:
        now, user_tz = self.ctx.now(), self.ctx.user_tz
        self.header.setText(f"Today — {fmt.day(now, user_tz)}")
        journal = self.ctx.journal
        # The agenda is quick; the rules over a large journal are not. The agenda comes
        # first, and on a cold start with the last risks (if nothing changed since), so the
        # window is filled at once; the fresh evaluation then replaces them.
        cold = self._risks is None and not self._fresh
        start = self.ctx.take_cold_start() if cold else None
        kept = self._kept_agenda(start, now)
        if kept is not None:
            # The last start's rows too: Today is filled before the journal is read at all
            # (reading it through the ORM first configures every mapper), then read afresh.
            self._show_kept(start, kept, now)  # type: ignore[arg-type]
        first_paint = self._after_paint() if kept is not None else None
        kept_risks = start.risks if start is not None and kept is None else None

        def quick() -> AgendaReading:
            if first_paint is not None:
                # In the one Python process this reading would slow down that paint.
                first_paint.wait(PAINT_WAIT_S)
            mark = journal.change_mark()
            return load_agenda(journal, now), mark, kept_risks

        def then(result: AgendaReading) -> None:
            self._show_agenda(result)
            painted = self._after_paint() if cold and kept is None else None
            reading = TodayAgenda(now, user_tz, DAYS_AHEAD, tuple(result[0]))

            def risks() -> tuple[TodayRisks, list[Any], dict[int, int]]:
                if painted is not None:
                    painted.wait(PAINT_WAIT_S)
                return load_risks(journal, now, self.ctx.evaluation, reading, result[1])

            # Queued at once, so it keeps its place ahead of later rules work (the Monday
            # notice waits for idle workers), but on a cold start it waits for the filled
            # Today to be painted: in the one Python process the rules would slow that paint.
            self.ctx.read_rules(risks, self._show_risks)

        self.ctx.read(quick, then)

    @staticmethod
    def _kept_agenda(start: ColdStart | None, now: datetime) -> TodayAgenda | None:
        if start is None or start.agenda is None or not start.agenda.valid_at(now, DAYS_AHEAD):
            return None
        return start.agenda

    def _show_kept(self, start: ColdStart, kept: TodayAgenda, now: datetime) -> None:
        # Earlier today's rows: those that have left the span since are left out (the fresh
        # reading adds those that have entered it).
        begin, end = agenda_window(now)
        self._items = [item for item in kept.items if begin <= item.starts_at <= end]
        # Only the soonest rows may have been kept: the count is of them all.
        self._kept_total = kept.total - (len(kept.items) - len(self._items))
        self._risks = (start.risks, list(start.risks.shown))
        self._paint()

    def _after_paint(self) -> threading.Event:
        """An event set once this view has been painted (or after PAINT_WAIT_S regardless)."""
        self._painted_event = threading.Event()
        self.update()
        return self._painted_event

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._painted_event is not None:
            # Set on the next turn of the event loop: the tables below paint after this.
            QTimer.singleShot(0, self._painted_event.set)
            self._painted_event = None

    def _show_agenda(self, result: AgendaReading) -> None:
        self._items, _mark, cached = result
        self._kept_total = None
        if cached is not None and not self._fresh:
            self._risks = (cached, list(cached.shown))
        self._paint()

    def _show_risks(self, result: tuple[TodayRisks, list[Any], dict[int, int]]) -> None:
        today, every, self._notices = result
        self._risks = (today, every)
        self._fresh += 1
        self._paint()

    def _paint(self) -> None:
        items = self._items
        count = len(items) if self._kept_total is None else self._kept_total
        if self._risks is None:
            self.agenda_model.set_items(items, {})
            self._fit_agenda()
            self.summary.setText(
                f"Checking what is at risk… · {fmt.count(count, 'item')} in the next "
                f"{DAYS_AHEAD} days"
            )
            self.agenda_box.set_empty(not items)
            return
        today, every = self._risks
        self.risk_model.set_risks(
            today.shown, {"critical": today.critical, "warning": today.warnings}
        )
        self.risk_tree.expandAll()
        self.agenda_model.set_items(items, risks_by_commitment(every, self._notices))
        self._fit_agenda()
        total = today.critical + today.warnings
        parts = [
            f"{today.critical:,} critical · {fmt.count(today.warnings, 'warning')}",
            f"{fmt.count(count, 'item')} in the next {DAYS_AHEAD} days",
        ]
        if total > len(today.shown):
            parts.insert(1, f"the {len(today.shown)} most pressing here, all in Risks")
        if not self._fresh:
            parts.append(f"as of {fmt.when(today.evaluated_at, self.ctx.user_tz)}, checking…")
        self.summary.setText(" · ".join(parts))
        self.risk_box.set_empty(not today.shown)
        self.agenda_box.set_empty(not items)
        self.painted += 1
        if self._fresh:
            self.loaded()  # tests and the benchmark's "fresh" figure wait for this

    def _fit_agenda(self) -> None:
        # Sized from the rows on screen, not from every row of a busy week.
        self.agenda_table.horizontalHeader().setResizeContentsPrecision(50)
        self.agenda_table.resizeColumnToContents(AgendaTableModel.WHEN)

    def _open_risk(self, index: QModelIndex) -> None:
        risk = index.data(ROW_ROLE)
        if risk is not None and risk.customer_id is not None:
            self.nav.show_customer(risk.customer_id)

    def _open_item(self, index: QModelIndex) -> None:
        item = self.agenda_model.row_at(index.row())
        self.nav.show_customer(item.commitment.customer_id)

    def focus_primary(self) -> None:
        self.risk_tree.setFocus()
