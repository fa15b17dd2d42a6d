"""Pieces of the Week ahead view: the count cards, the week's name, and writing it to files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

from custjournal.gui.models.week import tone_color
from custjournal.services.review import WeeklyReview, shift_week

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

    # A button sizes itself by its own text; a card's is in its labels, so that a wide
    # figure ("550 of 919") widens its card instead of being cut off.
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.layout().totalSizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.layout().totalMinimumSize()

    def set_value(self, text: str, tone: str = "") -> None:
        self.number.setText(text)
        color = tone_color(tone)
        self.number.setStyleSheet(f"color: {color.name()};" if color is not None else "")
        self.setAccessibleName(f"{self.caption.text()}: {text}")


def write_review(review: WeeklyReview, kind: str, path: str) -> Path:
    """Write the review as `kind` (md, html or pdf) to `path` (worker thread)."""
    from custjournal.services.review_render import render_review_html, render_review_markdown
    from custjournal.store.files import write_private

    if kind == "pdf":
        from custjournal.gui.pdf import write_pdf

        return write_pdf(render_review_html(review), path, title=f"Weekly review {review.week}")
    text = render_review_markdown(review) if kind == "md" else render_review_html(review)
    return write_private(Path(path), text)
