"""What every main view shares: refreshing itself when the journal changes, lazily."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from custjournal.gui.context import AppContext, Navigator
from custjournal.gui.worker import Change


def heading(text: str, role: str = "heading") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    label.setWordWrap(True)
    return label


class View(QWidget):
    """A main view: refreshes when a change it shows happens (at once if visible, else on show)."""

    name = ""
    title = ""
    icon_name = ""
    kinds: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext, nav: Navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.nav = nav
        self._stale = True
        self.loads = 0  # finished refreshes; tests wait on it
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 12, 16, 12)
        ctx.events.changed.connect(self._on_changed)

    def _on_changed(self, change: Change) -> None:
        if change.touches(self.kinds):
            self.invalidate()

    def invalidate(self) -> None:
        self._stale = True
        if self.isVisible():
            self._refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._refresh()

    def _refresh(self) -> None:
        self._stale = False
        self.refresh()

    def refresh(self) -> None:
        """Reload what the view shows (queries go through ctx.read, off the GUI thread)."""

    def loaded(self) -> None:
        self.loads += 1

    def focus_primary(self) -> None:
        """Put the keyboard where the user most likely wants it on arrival."""
        self.setFocus()

    def selected(self) -> Any:
        return None
