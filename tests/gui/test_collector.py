"""Cyclic garbage is collected on the GUI thread only while a window (and its worker) lives."""

from __future__ import annotations

import gc
import threading

from custjournal.gui import collector


def test_no_automatic_collection_while_a_window_is_open(window, qtbot) -> None:
    assert not gc.isenabled()  # the worker thread can never start a collection
    # The GUI thread still collects: garbage made now is gone after a few timer ticks.
    gone = threading.Event()

    class Cycle:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            gone.set()

    for _ in range(gc.get_threshold()[0] + 10):
        Cycle()
    qtbot.waitUntil(gone.is_set, timeout=5_000)


def test_closing_the_last_window_gives_collection_back(window) -> None:
    window.close()
    window.ctx.close()
    window.ctx.close()  # twice is harmless
    assert gc.isenabled()
    collector.hold()  # another window opening later takes it again
    assert not gc.isenabled()
    collector.release()
    assert gc.isenabled()
