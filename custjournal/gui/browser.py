"""A rich-text browser for notes: loads no external resource, opens links only after asking."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget

from custjournal.gui import theme

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
INTERNAL_SCHEME = "cj"


def note_html(markdown: str) -> str:
    """A note's Markdown as HTML, raw HTML escaped (the shared renderer when present)."""
    try:
        from custjournal.services.render.safe import markdown_html
    except ImportError:  # the renderer is another engineer's; fall back to Qt's Markdown reader
        document = QTextDocument()
        document.setMarkdown(markdown, QTextDocument.MarkdownFeature.MarkdownNoHTML)
        return document.toHtml()
    return markdown_html(markdown)


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


class SafeBrowser(QTextBrowser):
    """Links: cj://… are the app's own (emitted as `internal`); http/https/mailto after a
    confirmation; anything else is ignored. Images and other resources never load."""

    internal = Signal(str, str)  # action, argument (from cj://action/argument)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._clicked)
        self.confirm = self._ask  # replaced in tests
        # Links readable on a dark palette too (a palette's own Link colour is often too dark).
        link = "#8ab4f8" if theme.is_dark() else "#1a56c4"
        self.document().setDefaultStyleSheet(f"a {{ color: {link}; }}")

    def loadResource(self, type: int, name: QUrl) -> Any:  # noqa: A002
        # A note must not fetch anything: no tracking pixel, no local file disclosure.
        return None

    def _ask(self, url: QUrl) -> bool:
        answer = QMessageBox.question(
            self,
            "Open link?",
            f"Open this link outside custjournal?\n\n{url.toDisplayString()}",
        )
        return answer == QMessageBox.StandardButton.Yes

    def _clicked(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme == INTERNAL_SCHEME:
            self.internal.emit(url.host(), url.path().lstrip("/"))
        elif scheme in SAFE_SCHEMES and self.confirm(url):
            QDesktopServices.openUrl(url)
