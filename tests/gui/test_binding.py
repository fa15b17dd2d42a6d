"""The Qt binding the app runs on must not break the interpreter it runs in."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_that_return_nothing_leave_none_alone(qtbot) -> None:
    # PySide6 6.12.0 released a reference to None at each such call; Python 3.11 counts
    # None's references, and aborted ("deallocating None") after a few thousand setText
    # calls: a window left open for a working day. (From 3.12 None is never counted.)
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(200):
        label.setText("Acme Oy")
        label.setToolTip("Acme Oy")
    assert sys.getrefcount(None) > before - 100
