"""Python's cyclic garbage is collected on the GUI thread only, while a window has workers.

The collector runs in whichever thread happens to allocate. When that is the database worker
and the garbage holds Qt objects (a closed dialog caught in a cycle with its slots), Qt
deletes widgets off the GUI thread and the process crashes. So while any window is open,
automatic collection is off and a timer on the GUI thread collects each generation when its
threshold is passed, as automatic collection would (Anki does the same for the same reason).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QTimer

INTERVAL_MS = 500

_holders = 0
_timer: QTimer | None = None


def _collect() -> None:
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return


def hold() -> None:
    """A window opened: from now on only the GUI thread collects."""
    global _holders, _timer
    _holders += 1
    if _holders > 1:
        return
    gc.disable()
    # What exists now is not the window's garbage: set it aside so that the collections below
    # (and the one when the window closes) scan only what the window made.
    gc.freeze()
    _timer = QTimer(QCoreApplication.instance(), interval=INTERVAL_MS)
    _timer.timeout.connect(_collect)
    _timer.start()


def release() -> None:
    """A window closed (its worker stopped): the last one gives collection back."""
    global _holders, _timer
    _holders = max(0, _holders - 1)
    if _holders:
        return
    if _timer is not None:
        _timer.stop()
        _timer.deleteLater()
        _timer = None
    gc.collect()  # here, on the GUI thread, before any thread may collect again
    gc.unfreeze()
    gc.enable()
