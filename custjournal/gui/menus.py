"""The main window's menu bar and application-wide shortcuts (the work lives elsewhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from custjournal.gui import theme

if TYPE_CHECKING:
    from custjournal.gui.mainwindow import MainWindow


def _action(
    window: MainWindow, menu: QMenu, text: str, slot: Any, shortcut: Any = None, icon: str = ""
) -> QAction:
    action = QAction(theme.icon(icon) if icon else theme.icon("none"), text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    """File, Edit, Go and Help; sets the window's undo/redo actions and capture shortcut."""
    w = window
    bar = w.menuBar()
    file = bar.addMenu("&File")
    _action(
        w,
        file,
        "&New customer…",
        lambda: w.run_action("new_customer"),
        QKeySequence.StandardKey.New,
        "customers",
    )
    _action(w, file, "&Log note…", w.log_note, "Ctrl+L", "note")
    _action(w, file, "Settings…", w.open_settings, "Ctrl+,")
    file.addSeparator()
    w.long_ops.install(file)
    _action(w, file, "Bac&kups…", w.open_backups)
    file.addSeparator()
    _action(w, file, "&Quit", w.close, QKeySequence.StandardKey.Quit)
    edit = bar.addMenu("&Edit")
    undo = w.actions_.undo_stack.createUndoAction(w, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = w.actions_.undo_stack.createRedoAction(w, "&Redo")
    redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
    edit.addActions([undo, redo])
    w.undo_action, w.redo_action = undo, redo
    go = bar.addMenu("&Go")
    go.addActions(list(w.nav_actions.values()))
    go.addSeparator()
    _action(w, go, "Go to &anything…", w.open_palette, "Ctrl+K")
    _action(w, go, "&Find in notes", w.find, QKeySequence.StandardKey.Find, "search")
    _action(w, go, "&Refresh", w.reload, QKeySequence.StandardKey.Refresh)
    help_menu = bar.addMenu("&Help")
    _action(w, help_menu, "custjournal &help", w.open_help, QKeySequence.StandardKey.HelpContents)
    # Quick capture works from anywhere in the application, dialogs included.
    w.capture_shortcut = QShortcut(QKeySequence("Ctrl+Shift+N"), w)
    w.capture_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
    w.capture_shortcut.activated.connect(w.quick_capture)
