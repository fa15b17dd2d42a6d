"""Work that waits until what the window shows first is done: the workers' first idle."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer

from custjournal.gui.worker import DbWorker


class AfterStart(QObject):
    """Runs what was added once the database workers are first idle together, in the order
    added.

    A cold start paints Today from work queued on the workers (the agenda, then the rules).
    What the first paint does not need (the Monday notice, the tray and their modules) waits
    until that work is delivered, so it neither slows the paint nor queues ahead of it.
    """

    def __init__(self, workers: Sequence[DbWorker], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workers = tuple(workers)
        self._waiting: list[Callable[[], None]] | None = []
        # A turn of the event loop later: by then the views shown have queued their work.
        QTimer.singleShot(0, self._check)

    @property
    def done(self) -> bool:
        return self._waiting is None

    def add(self, fn: Callable[[], None]) -> None:
        """Run `fn` after the start (at once if the start is over)."""
        if self._waiting is None:
            fn()
        else:
            self._waiting.append(fn)

    def _check(self) -> None:
        if not any(worker.busy for worker in self.workers):
            self._run()
            return
        for worker in self.workers:
            worker.busy_changed.connect(self._idle)

    def _idle(self, busy: bool) -> None:
        # One worker's idle is not the start's end: the rules may still be running.
        if busy or any(worker.busy for worker in self.workers) or self._waiting is None:
            return
        for worker in self.workers:
            worker.busy_changed.disconnect(self._idle)
        self._run()

    def _run(self) -> None:
        waiting, self._waiting = self._waiting or [], None
        for fn in waiting:
            fn()
