"""Briefing: the one page to read before meeting a customer (from services.briefing)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QPushButton

from custjournal.gui import fmt
from custjournal.gui.browser import SafeBrowser
from custjournal.gui.views.base import View, heading
from custjournal.gui.worker import COMMITMENTS, CUSTOMERS, INTERACTIONS, PROJECTS, RISKS
from custjournal.services.briefing import build_briefing
from custjournal.services.commitments import agenda
from custjournal.services.render.briefing_html import render_briefing_html
from custjournal.services.render.briefing_md import render_briefing_markdown
from custjournal.store import Journal

LOOK_AHEAD = timedelta(days=14)


def load_briefing(journal: Journal, customer_id: int, appointment_id: int | None, now: Any) -> Any:
    data = build_briefing(journal, customer_id=customer_id, appointment_id=appointment_id, now=now)
    return render_briefing_html(data), render_briefing_markdown(data)


def _qt_html(html: str) -> str:
    # QTextBrowser ignores most CSS; drop the head so its style text is never shown as text.
    return re.sub(r"(?is)<head>.*?</head>", "", html)


def _meeting_choices(
    journal: Journal, now: datetime, user_tz: str
) -> list[tuple[str, tuple[int, int]]]:
    """The coming appointments as the chooser's lines, formatted on the worker thread (a busy
    fortnight has a thousand of them)."""
    choices = []
    for item in agenda(journal, start=now, end=now + LOOK_AHEAD):
        c = item.commitment
        if c.kind.value == "appointment":
            when = fmt.when(item.starts_at, user_tz, c.timezone)
            choices.append((f"{when} — {c.customer_name}: {c.title}", (c.customer_id, c.id)))
    return choices


class BriefingView(View):
    name = "briefing"
    title = "Briefing"
    icon_name = "briefing"
    kinds = frozenset({CUSTOMERS, INTERACTIONS, COMMITMENTS, PROJECTS, RISKS, "clock"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.layout_.addWidget(heading("Briefing"))
        bar = QHBoxLayout()
        self.meetings = QComboBox()
        self.meetings.setObjectName("briefing_meeting")
        self.meetings.setMinimumWidth(420)
        bar.addWidget(self.meetings, 1)
        self.save = QPushButton("Save as &HTML…")
        self.save.clicked.connect(lambda: self._save("html"))
        self.save_md = QPushButton("Save as &Markdown…")
        self.save_md.clicked.connect(lambda: self._save("md"))
        self.pdf = QPushButton("Export &PDF…")
        self.pdf.clicked.connect(self._pdf)
        self.print_button = QPushButton("P&rint…")
        self.print_button.clicked.connect(self._print)
        bar.addWidget(self.save)
        bar.addWidget(self.save_md)
        bar.addWidget(self.pdf)
        bar.addWidget(self.print_button)
        self.layout_.addLayout(bar)
        self.browser = SafeBrowser()
        self.browser.setObjectName("briefing_text")
        self.layout_.addWidget(self.browser, 1)
        self.customer_id: int | None = None
        self.html = self.markdown = ""
        self.meetings.activated.connect(self._chosen)

    def show_for(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.invalidate()

    def refresh(self) -> None:
        journal, now, user_tz = self.ctx.journal, self.ctx.now(), self.ctx.user_tz
        self.ctx.read(lambda: _meeting_choices(journal, now, user_tz), self._meetings)

    def _meetings(self, choices: list[tuple[str, tuple[int, int]]]) -> None:
        self.meetings.clear()
        for text, data in choices:
            self.meetings.addItem(text, data)
        if self.customer_id is not None:
            found = next(
                (n for n, (_, data) in enumerate(choices) if data[0] == self.customer_id), -1
            )
            if found < 0:
                self.meetings.insertItem(
                    0,
                    "The open customer — their next meeting, or none booked",
                    (self.customer_id, None),
                )
                found = 0
            self.meetings.setCurrentIndex(found)
        if self.meetings.count() == 0:
            self.browser.setHtml(
                "<p><i>No appointments in the next two weeks. Open a customer and press "
                "Briefing to read up on them anyway.</i></p>"
            )
            self.loaded()
            return
        self._chosen()

    def _chosen(self, *_: Any) -> None:
        data = self.meetings.currentData()
        if data is None:
            return
        customer_id, appointment_id = data
        journal, now = self.ctx.journal, self.ctx.now()
        self.ctx.read(
            lambda: load_briefing(journal, customer_id, appointment_id, now),
            self._show,
            on_failure=lambda exc: (self.browser.setPlainText(str(exc)), self.loaded()),
        )

    def _show(self, result: tuple[str, str]) -> None:
        self.html, self.markdown = result
        self.browser.setHtml(_qt_html(self.html))
        self.loaded()

    def _save(self, kind: str) -> None:
        if not self.html:
            return
        pattern = "HTML (*.html)" if kind == "html" else "Markdown (*.md)"
        path, _ = QFileDialog.getSaveFileName(self, "Save briefing", f"briefing.{kind}", pattern)
        if path:
            text = self.html if kind == "html" else self.markdown
            Path(path).write_text(text, encoding="utf-8")

    def _pdf(self, path: str | None = None) -> None:
        if not self.html:
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export PDF", "briefing.pdf", "PDF (*.pdf)")
        if not path:
            return
        from custjournal.gui.pdf import write_pdf

        html, target = self.html, path
        self.ctx.read(
            lambda: write_pdf(html, target, title="Briefing"),
            lambda written: self.window().statusBar().showMessage(f"Saved {written}", 8000),
        )

    def _print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.browser.document().print_(printer)
