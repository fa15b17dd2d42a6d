"""The workspace's timeline: a customer's notes newest first, a page at a time.

Pages are read and rendered to HTML on the worker; the GUI thread only appends a page's HTML
at the end of the document (the notes above are neither rebuilt nor laid out again). A page
or a few are read ahead, so a reader scrolling on finds notes there instead of waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from custjournal.gui.browser import SafeBrowser
from custjournal.gui.views.workspace_data import TimelinePage, timeline_pages
from custjournal.services.views import InteractionView

# Older notes are shown when the timeline is scrolled this close to its end (pixels).
NEAR_END = 400


class TimelinePane(QWidget):
    """The notes shown (`notes`), the pages read ahead, and the button for older ones."""

    def __init__(self, ctx: Any, on_link: Callable[[str, str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self.browser = SafeBrowser()
        self.browser.setObjectName("ws_timeline")
        self.browser.internal.connect(on_link)
        self.browser.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.more_button = QPushButton("Show older notes")
        self.more_button.setObjectName("ws_more")
        self.more_button.setFlat(True)
        self.more_button.clicked.connect(self.more)
        self.more_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.more_button)
        self.setFocusProxy(self.browser)

        self.notes: list[InteractionView] = []
        self.total = 0
        self.pending_anchor: int | None = None  # a note to scroll to once its page is shown
        self._customer_id: int | None = None
        self._their_tz = ""
        self._ahead: list[TimelinePage] = []  # pages read but not yet shown
        self._fetching = False
        self._generation = 0  # a reset makes pages asked for before it stale

    def reset(
        self,
        customer_id: int,
        their_tz: str,
        notes: list[InteractionView],
        total: int,
        html: str,
    ) -> None:
        """Start again from the newest page (read and rendered with the workspace)."""
        self._generation += 1
        self._fetching = False
        self._ahead.clear()
        self._customer_id, self._their_tz = customer_id, their_tz
        self.notes, self.total = list(notes), total
        if notes:
            self.browser.setHtml(html)
        else:
            self.browser.setHtml("<p><i>No notes yet. Log one with Ctrl+L.</i></p>")
        self._after_page()

    def read_ahead(self, pages: int) -> None:
        """Have `pages` pages ready (not shown) for the reader to scroll into."""
        if len(self._ahead) < pages:
            self._fetch(pages - len(self._ahead), show=False)

    def more(self) -> None:
        """Show the next page: one read ahead if there is one (and read the next ahead)."""
        if not self._ahead:
            self._fetch(1, show=True)
            return
        self._append(self._ahead.pop(0))
        if not self._ahead:
            self._fetch(1, show=False)

    def _scrolled(self, _value: int) -> None:
        if self.browser.verticalScrollBar().maximum() > 0 and self._near_end():
            self.more()

    def _near_end(self) -> bool:
        bar = self.browser.verticalScrollBar()
        return bar.value() >= bar.maximum() - NEAR_END

    def _fetch(self, pages: int, *, show: bool) -> None:
        """Read (and render) `pages` pages of older notes on the worker, kept ready; the first
        is shown at once if asked for (or if the reader already reached the end)."""
        customer_id = self._customer_id
        offset = len(self.notes) + sum(len(p.notes) for p in self._ahead)
        if customer_id is None or self._fetching or offset >= self.total:
            return
        generation, journal = self._generation, self.ctx.journal
        user_tz, their_tz = self.ctx.user_tz, self._their_tz
        self._fetching = True

        def got(found: list[TimelinePage]) -> None:
            if generation != self._generation:
                return  # reset (or another customer) meanwhile: these pages are stale
            self._fetching = False
            if not found:
                self.total = len(self.notes)  # fewer than counted: stop asking
                self.more_button.hide()
                return
            self._ahead.extend(found)
            if show or self._near_end():
                self.more()

        def failed(_exc: BaseException) -> None:
            if generation == self._generation:
                self._fetching = False  # let the reader try again

        self.ctx.read(
            lambda: timeline_pages(journal, customer_id, offset, user_tz, their_tz, pages),
            got,
            on_failure=failed,
        )

    def _append(self, page: TimelinePage) -> None:
        self.notes.extend(page.notes)
        bar = self.browser.verticalScrollBar()
        keep = bar.value()
        cursor = QTextCursor(self.browser.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml(page.html)
        bar.setValue(keep)
        self._after_page()

    def _after_page(self) -> None:
        """Say how many older notes remain; go on to a note asked for that is older still."""
        left = self.total - len(self.notes)
        self.more_button.setVisible(left > 0)
        self.more_button.setText(f"Show older notes ({left:,} more)")
        if self.pending_anchor is not None:
            if any(n.id == self.pending_anchor for n in self.notes):
                self.browser.scrollToAnchor(f"i{self.pending_anchor}")
                self.pending_anchor = None
            elif left > 0:
                self.more()  # the note is older than the pages shown: page on to it
