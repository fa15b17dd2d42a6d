"""Week ahead: the Monday page (services.review) for any ISO week, with export and print."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
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
    QSizePolicy,
    QTreeView,
    QWidget,
)

from custjournal.domain.times import to_zone
from custjournal.gui.browser import esc
from custjournal.gui.models.week import Section, WeekTreeModel, tone_color, week_sections
from custjournal.gui.views.base import View, heading
from custjournal.gui.widgets import EmptyState
from custjournal.gui.worker import (
    COMMITMENTS,
    CUSTOMERS,
    INTERACTIONS,
    PROJECTS,
    RISKS,
    SETTINGS,
)
from custjournal.services.review import WeeklyReview, build_review, iso_week, shift_week
from custjournal.store import Journal

EXPORTS = (("md", "&Markdown…", "Markdown (*.md)"), ("html", "&HTML…", "HTML (*.html)"),
           ("pdf", "&PDF…", "PDF (*.pdf)"))  # fmt: skip
# The summary cards: (key, caption, section they jump to).
CARDS = (
    ("slipped", "Slipped, still open", "slipped"),
    ("appointments", "Appointments", "appointments"),
    ("mine", "My promises due", "mine"),
    ("theirs", "Their promises due", "theirs"),
    ("risks", "Critical risks", "risks_critical"),
    ("calls", "Calls due", "calls"),
    ("last_week", "Kept last week", "last_week"),
)
CARD_STYLE = """
QPushButton[role="week-card"] { border: 1px solid palette(mid); border-radius: 8px;
    background: palette(base); padding: 6px 10px; text-align: left; }
QPushButton[role="week-card"]:focus { border: 2px solid palette(highlight); }
QPushButton[role="week-card"]:hover { background: palette(alternate-base); }
"""


def load_week(journal: Journal, now: datetime, week: str | None) -> WeeklyReview:
    """The review for `week` (None: the week `now` falls in); worker thread."""
    return build_review(journal, now=now, week=week)


def relation(week: str, this_week: str) -> str:
    """ "this week", "next week", "in 3 weeks", "2 weeks ago" (said beside the dates)."""
    for shift, text in ((0, "this week"), (1, "next week"), (-1, "last week")):
        if shift_week(this_week, shift) == week:
            return text
    for n in range(2, 105):
        if shift_week(this_week, n) == week:
            return f"in {n} weeks"
        if shift_week(this_week, -n) == week:
            return f"{n} weeks ago"
    return ""


class Card(QPushButton):
    """A number and what it counts; clicking it (or Enter) jumps to its section."""

    def __init__(self, key: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"week_card_{key}")
        self.setProperty("role", "week-card")
        self.setMinimumHeight(64)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.number = QLabel("–")
        self.caption = QLabel(caption)
        self.caption.setProperty("role", "muted")
        for label in (self.number, self.caption):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.number.setFont(font)
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 6, 12, 6)
        grid.setSpacing(0)
        grid.addWidget(self.number, 0, 0)
        grid.addWidget(self.caption, 1, 0)

    def set_value(self, text: str, tone: str = "") -> None:
        self.number.setText(text)
        color = tone_color(tone)
        self.number.setStyleSheet(f"color: {color.name()};" if color is not None else "")
        self.setAccessibleName(f"{self.caption.text()}: {text}")


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
        self.header.setText(f"Week {self.current_week().split('W')[1].lstrip('0')} — loading…")
        self.ctx.read(
            lambda: load_week(journal, now, week),
            lambda review: self._show(review, asked),
            on_failure=lambda exc: self._failed(exc, asked),
        )

    # -- showing it --------------------------------------------------------------------------
    def _show(self, review: WeeklyReview, asked: int) -> None:
        if asked != self._asked:
            return  # the user already moved on to another week
        now = self.ctx.now()
        self.review = review
        self.sections = week_sections(review, now)
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
        expanded = self._expanded()
        self.model.set_sections(self.sections)
        self._fill_cards()
        for n, section in enumerate(self.sections):
            parent = self.model.index(n, 0)
            self.tree.setFirstColumnSpanned(n, QModelIndex(), True)
            if not section.rows:
                self.tree.setFirstColumnSpanned(0, parent, True)
            # Info risks fold away unless the user opened them; everything else is open.
            keep = expanded.get(section.key, section.key != "risks_info" or not section.rows)
            self.tree.setExpanded(parent, keep)
        nothing = all(not s.rows for s in self.sections if s.key != "last_week")
        nothing = nothing and not review.last_week.kept + review.last_week.not_kept
        self.box.message.setText(
            f"Nothing booked, due, slipped or at risk in week {number}. Add a promise or an "
            "appointment with Ctrl+Shift+N, or look at the week after with Alt+Right."
        )
        self.box.set_empty(nothing)
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
        critical = len(by_key["risks_critical"].rows)
        calls = len(by_key["calls"].rows)
        lw = review.last_week
        total = lw.kept + lw.not_kept
        self.cards["slipped"].set_value(str(slipped), "critical" if slipped else "good")
        self.cards["appointments"].set_value(str(len(review.appointments)))
        self.cards["mine"].set_value(str(len(review.mine_due)))
        self.cards["theirs"].set_value(str(len(review.theirs_due)))
        self.cards["risks"].set_value(str(critical), "critical" if critical else "good")
        self.cards["calls"].set_value(str(calls), "warning" if calls else "")
        kept = f"{lw.kept} of {total}" if total else "–"
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

        document = QTextDocument(self)
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


def write_review(review: WeeklyReview, kind: str, path: str) -> Path:
    """Write the review as `kind` (md, html or pdf) to `path` (worker thread)."""
    from custjournal.services.review_render import render_review_html, render_review_markdown
    from custjournal.store.files import write_private

    if kind == "pdf":
        from custjournal.gui.pdf import write_pdf

        return write_pdf(render_review_html(review), path, title=f"Weekly review {review.week}")
    text = render_review_markdown(review) if kind == "md" else render_review_html(review)
    return write_private(Path(path), text)
