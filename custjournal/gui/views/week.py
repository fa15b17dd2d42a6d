"""Week ahead: the Monday page (services.review) for any ISO week, with export and print."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeView,
    QWidget,
)

from custjournal.domain.times import to_zone
from custjournal.gui.browser import esc
from custjournal.gui.models.week import (
    Section,
    WeekTreeModel,
    shown_risks,
    tone_color,
    week_sections,
)
from custjournal.gui.views.base import View, heading
from custjournal.gui.views.week_parts import (
    CARD_STYLE,
    CARDS,
    EXPORTS,
    Card,
    relation,
    write_review,
)
from custjournal.gui.widgets import EmptyState
from custjournal.gui.worker import (
    COMMITMENTS,
    CUSTOMERS,
    INTERACTIONS,
    PROJECTS,
    RISKS,
    SETTINGS,
)
from custjournal.rules.risk import Severity, write_words
from custjournal.services.review import WeeklyReview, build_review, iso_week, shift_week
from custjournal.store import Journal


def load_week(
    journal: Journal,
    now: datetime,
    week: str | None,
    risks: Callable[[datetime], Sequence[Any]] | None = None,
    me: str = "",
) -> tuple[WeeklyReview, list[Section]]:
    """The review for `week` (None: the week `now` falls in) and the page's sections; worker
    thread: a large journal's week has thousands of rows, whose texts the window's thread
    would otherwise write while the user waits (0.15 s on stress)."""
    review = build_review(journal, now=now, week=week, risks=risks)
    # Every risk the page shows gets a row: its words written here, not while painting.
    write_words(r for _every, shown in shown_risks(review).values() for r in shown)
    write_words(review.follow_ups_to_schedule)
    return review, week_sections(review, now, me)


class WeekView(View):
    name = "week"
    title = "Week ahead"
    icon_name = "week"
    kinds = frozenset({COMMITMENTS, CUSTOMERS, INTERACTIONS, PROJECTS, RISKS, SETTINGS, "clock"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.week: str | None = None  # None follows the clock: "this week" moves on Monday
        self.review: WeeklyReview | None = None
        self.sections: list[Section] = []
        self._asked = 0  # a newer request makes an older answer stale

        top = QHBoxLayout()
        titles = QWidget()
        column = QGridLayout(titles)
        column.setContentsMargins(0, 0, 0, 0)
        column.setVerticalSpacing(0)
        self.header = heading("Week ahead")
        self.header.setObjectName("week_header")
        self.subheader = heading("", "muted")
        self.subheader.setObjectName("week_subheader")
        column.addWidget(self.header, 0, 0)
        column.addWidget(self.subheader, 1, 0)
        top.addWidget(titles, 1)
        self.prev_button = QPushButton("◀ &Previous")
        self.prev_button.setToolTip("The week before (Alt+Left)")
        self.this_button = QPushButton("&This week")
        self.this_button.setToolTip("Back to the week you are in (Alt+Home)")
        self.next_button = QPushButton("&Next ▶")
        self.next_button.setToolTip("The week after (Alt+Right)")
        self.export_button = QPushButton("E&xport")
        self.export_button.setToolTip("Save this week as Markdown, HTML or PDF")
        menu = QMenu(self.export_button)
        self.export_actions: dict[str, QAction] = {}
        for kind, text, _pattern in EXPORTS:
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, k=kind: self.export(k))
            self.export_actions[kind] = action
        self.export_button.setMenu(menu)
        self.print_button = QPushButton("P&rint…")
        for button in (self.prev_button, self.this_button, self.next_button):
            top.addWidget(button)
        top.addSpacing(16)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)
        self.layout_.addLayout(top)
        self.prev_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.this_button.clicked.connect(self.this_week)
        self.print_button.clicked.connect(self.print_)
        for keys, slot in (
            ("Alt+Left", lambda: self.go(-1)),
            ("Alt+Right", lambda: self.go(1)),
            ("Alt+Home", self.this_week),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        cards = QHBoxLayout()
        cards.setSpacing(8)
        self.cards: dict[str, Card] = {}
        for key, caption, target in CARDS:
            card = Card(key, caption)
            card.setStyleSheet(CARD_STYLE)
            card.clicked.connect(lambda _=False, t=target: self.jump_to(t))
            cards.addWidget(card)
            self.cards[key] = card
        self.layout_.addSpacing(4)
        self.layout_.addLayout(cards)
        self.layout_.addSpacing(6)

        self.model = WeekTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("week_tree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setIndentation(14)
        header = self.tree.header()
        # The When column is sized from the rows near those on screen, not from all of a
        # busy week's thousands.
        header.setResizeContentsPrecision(100)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(WeekTreeModel.WHAT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WeekTreeModel.STATUS, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(WeekTreeModel.CUSTOMER, 180)
        self.tree.setColumnWidth(WeekTreeModel.WHEN, 300)
        self.tree.setColumnWidth(WeekTreeModel.STATUS, 230)
        self.tree.activated.connect(self._open)  # Enter, or a double-click
        self.box = EmptyState(self.tree, "")
        self.layout_.addWidget(self.box, 1)
        # The whole of the chosen line: reasons and next steps are longer than a column.
        self.detail = QLabel()
        self.detail.setObjectName("week_detail")
        self.detail.setWordWrap(True)
        self.detail.setProperty("role", "card")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(self.detail)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._update_detail())
        self._update_detail()

    # -- which week --------------------------------------------------------------------------
    def current_week(self) -> str:
        """The ISO week on show (or that will be: the week of the clock when following it)."""
        if self.week is not None:
            return self.week
        return iso_week(to_zone(self.ctx.now(), self.ctx.user_tz).date())

    def go(self, weeks: int) -> None:
        self.show_week(shift_week(self.current_week(), weeks))

    def this_week(self) -> None:
        self.show_week(None)

    def show_week(self, week: str | None) -> None:
        this = iso_week(to_zone(self.ctx.now(), self.ctx.user_tz).date())
        self.week = None if week == this else week
        self.invalidate()

    def refresh(self) -> None:
        journal, now, week = self.ctx.journal, self.ctx.now(), self.week
        self._asked += 1
        asked = self._asked
        if self.review is None or self.review.week != self.current_week():
            # Another week: say so at once; the same week (the minute tick) stays as it is.
            self.header.setText(f"Week {int(self.current_week().split('W')[1])} — loading…")
        self.ctx.read_rules(
            lambda: load_week(journal, now, week, self.ctx.risks, self.ctx.owner),
            lambda loaded: self._show(*loaded, asked, now),
            on_failure=lambda exc: self._failed(exc, asked),
        )

    # -- showing it --------------------------------------------------------------------------
    def _show(
        self, review: WeeklyReview, sections: list[Section], asked: int, now: datetime
    ) -> None:
        """`now`: the moment the review and its sections were made for (the header says it)."""
        if asked != self._asked:
            return  # the user already moved on to another week
        same_week = self.review is not None and self.review.week == review.week
        self.review = review
        self.sections = sections
        first = to_zone(review.starts_at, review.timezone).date()
        last = first + timedelta(days=6)
        number = int(review.week.split("W")[1])
        this = iso_week(to_zone(now, review.timezone).date())
        said = relation(review.week, this)
        self.header.setText(
            f"Week {number}{f' · {said}' if said else ''} — {first:%a %d %b} to {last:%a %d %b %Y}"
        )
        self.subheader.setText(
            f"ISO week {review.week} · times in {review.timezone} (yours), the customer's beside "
            f"them · risks as of {to_zone(now, review.timezone):%a %d %b %H:%M}"
        )
        self.this_button.setEnabled(said != "this week")
        expanded, place = self._expanded(), self.model.place_of(self.tree.currentIndex())
        scrolled = self.tree.verticalScrollBar().value()
        self.model.set_sections(self.sections)
        self._fill_cards()
        # Expanded first, while the reset's layout is still pending: each section is then
        # only marked. Spanning a row lays the tree out, once for all the sections; done
        # the other way round, each expansion laid out its thousands of rows anew.
        for n, section in enumerate(self.sections):
            # Info risks fold away unless the user opened them; everything else is open.
            keep = expanded.get(section.key, section.key != "risks_info" or not section.rows)
            self.tree.setExpanded(self.model.index(n, 0), keep)
        for n, section in enumerate(self.sections):
            self.tree.setFirstColumnSpanned(n, QModelIndex(), True)
            if not section.rows:
                self.tree.setFirstColumnSpanned(0, self.model.index(n, 0), True)
        nothing = all(not s.rows for s in self.sections if s.key != "last_week")
        nothing = nothing and not review.last_week.kept + review.last_week.not_kept
        self.box.message.setText(
            f"Nothing booked, due, slipped or at risk in week {number}. Add a promise or an "
            "appointment with Ctrl+Shift+N, or look at the week after with Alt+Right."
        )
        self.box.set_empty(nothing)
        # Room for the longest time and zone of the week, within reason.
        fits = self.tree.sizeHintForColumn(WeekTreeModel.WHEN)
        self.tree.setColumnWidth(WeekTreeModel.WHEN, min(max(fits + 12, 220), 400))
        if same_week:  # a refresh (the clock, an edit) keeps the reader's place
            target = self.model.find_place(place)
            if target.isValid():
                self.tree.setCurrentIndex(target)
            self.tree.verticalScrollBar().setValue(scrolled)
        self._update_detail()
        self.loaded()

    def _expanded(self) -> dict[str, bool]:
        return {
            s.key: self.tree.isExpanded(self.model.index(n, 0))
            for n, s in enumerate(self.model.sections())
        }

    def _fill_cards(self) -> None:
        by_key = {s.key: s for s in self.sections}
        review = self.review
        assert review is not None
        slipped = len(by_key["slipped"].rows)
        # All of them, not only those the section shows.
        critical = sum(1 for risk in review.risks if risk.severity is Severity.CRITICAL)
        calls = len(by_key["calls"].rows)
        lw = review.last_week
        total = lw.kept + lw.not_kept
        self.cards["slipped"].set_value(f"{slipped:,}", "critical" if slipped else "good")
        self.cards["appointments"].set_value(f"{len(review.appointments):,}")
        self.cards["mine"].set_value(f"{len(review.mine_due):,}")
        self.cards["theirs"].set_value(f"{len(review.theirs_due):,}")
        self.cards["risks"].set_value(f"{critical:,}", "critical" if critical else "good")
        self.cards["calls"].set_value(f"{calls:,}", "warning" if calls else "")
        kept = f"{lw.kept:,} of {total:,}" if total else "–"
        tone = "" if not total else ("good" if not lw.not_kept else "warning")
        self.cards["last_week"].set_value(kept, tone)

    def _failed(self, exc: BaseException, asked: int) -> None:
        if asked == self._asked:
            self.header.setText(f"Week ahead — could not be prepared: {exc}")
            self.loaded()

    def _update_detail(self) -> None:
        row = self.selected()
        if row is None:
            self.detail.setText(
                "Choose a line to read it in full; Enter or a double-click opens the customer."
            )
            return
        when = f" · {esc(row.when)}" if row.when else ""
        color = tone_color(row.tone)
        status = esc(row.status)
        if color is not None:
            status = f'<span style="color:{color.name()}">{status}</span>'
        self.detail.setText(
            f"<b>{esc(row.customer)}</b>{when}<br>{esc(row.what)}<br>"
            f"{'<b>Suggested:</b> ' if row.tooltip.count('Suggested:') else ''}{status}"
        )

    def jump_to(self, key: str) -> None:
        index = self.model.section_index(key)
        if index.isValid():
            self.tree.setExpanded(index, True)
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index, QTreeView.ScrollHint.PositionAtTop)
            self.tree.setFocus()

    def _open(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None and row.customer_id is not None:
            self.nav.show_customer(row.customer_id)

    def selected(self) -> Any:
        return self.model.row_at(self.tree.currentIndex())

    def focus_primary(self) -> None:
        self.tree.setFocus()

    # -- export and print --------------------------------------------------------------------
    def export(self, kind: str, path: str | None = None) -> None:
        """Save the week on show as Markdown, HTML or PDF (asks where unless `path` is given)."""
        review = self.review
        if review is None:
            return
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            pattern = next(p for k, _, p in EXPORTS if k == kind)
            path, _ = QFileDialog.getSaveFileName(
                self, "Export the week", f"week-{review.week}.{kind}", pattern
            )
        if not path:
            return
        target = path
        self.ctx.read(
            lambda: write_review(review, kind, target),
            lambda written: self.window().statusBar().showMessage(f"Saved {written}", 8000),
            on_failure=lambda exc: (
                self.window().statusBar().showMessage(f"Not saved: {exc}", 10_000)
            ),
        )

    def document(self) -> QTextDocument:
        """The week as a printable document (the same HTML as the export)."""
        from custjournal.services.review_render import render_review_html

        document = QTextDocument()
        if self.review is not None:
            document.setHtml(render_review_html(self.review))
        return document

    def print_(self) -> None:
        if self.review is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: Any) -> None:
        self.document().print_(printer)
