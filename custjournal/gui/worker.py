"""The database workers, their operations, and the "journal changed" signal.

Every write, and every read a user waits for, runs on the one serialized worker, so only
one thread ever writes. The rules' evaluations run on a second, read-only worker where the
journal lets a reader work beside a writer (a file in WAL mode, a server): over a large
journal a full pass takes a second, and a click or a search typed meanwhile must not wait.
"""

from __future__ import annotations

import logging
import queue
import threading
import traceback
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from custjournal.domain.errors import ConflictError, NotFoundError, ValidationError

log = logging.getLogger(__name__)

# What a change can touch; views refresh when a kind they show is in the change.
CUSTOMERS = "customers"
INTERACTIONS = "interactions"
COMMITMENTS = "commitments"
PROJECTS = "projects"
RISKS = "risks"
SETTINGS = "settings"
ETIQUETTE = "etiquette"
CLOCK = "clock"
EVERYTHING = frozenset(
    {CUSTOMERS, INTERACTIONS, COMMITMENTS, PROJECTS, RISKS, SETTINGS, ETIQUETTE, CLOCK}
)
# Why everything is read again without an edit here: the user asked (Refresh), or a
# colleague saved changes to the team journal.
RELOAD = "reload"
ELSEWHERE = "elsewhere"


@dataclass(frozen=True)
class Change:
    """What an operation changed, and for whom; carried by JournalEvents.changed."""

    kinds: frozenset[str]
    customer_id: int | None = None
    source: object | None = None

    @classmethod
    def of(cls, *kinds: str, customer_id: int | None = None, source: object = None) -> Change:
        # Anything that changes data may change the risks derived from it.
        return cls(frozenset(kinds) | {RISKS}, customer_id, source)

    def touches(self, kinds: Iterable[str]) -> bool:
        return bool(self.kinds & set(kinds))


class JournalEvents(QObject):
    """The one place views learn that the journal changed (Anki's operation_did_execute)."""

    changed = Signal(object)  # Change


class Cancelled(Exception):
    """Raised inside long work when the user pressed Cancel."""


@dataclass(eq=False)
class Task:
    """A submitted operation: long work checks `cancelled` and reports `progress`."""

    fn: Callable[..., Any]
    takes_task: bool
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[BaseException], None] | None
    changes: Change | None
    label: str
    result: Any = None
    error: BaseException | None = None
    _cancel: threading.Event = field(default_factory=threading.Event)
    _progress_hook: Callable[[int, int, str], None] | None = None

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Call between steps of long work: stops it when the user cancelled."""
        if self._cancel.is_set():
            raise Cancelled(self.label)

    def progress(self, done: int, total: int, text: str = "") -> None:
        self.check()
        if self._progress_hook is not None:
            self._progress_hook(done, total, text)


class _Thread(QThread):
    """Runs queued tasks one after another, each holding `gate` if given."""

    def __init__(
        self, jobs: queue.Queue[Task | None], done: Signal, gate: threading.Lock | None
    ) -> None:
        super().__init__()
        self._jobs = jobs
        self._done = done
        self._gate = gate

    def run(self) -> None:
        while True:
            task = self._jobs.get()
            if task is None:
                return
            with self._gate if self._gate is not None else nullcontext():
                try:
                    task.check()  # cancelled while still queued: do not start it
                    task.result = task.fn(task) if task.takes_task else task.fn()
                except Exception as exc:  # delivered to the GUI thread, never swallowed
                    task.error = exc
            self._done.emit(task)


class DbWorker(QObject):
    """Submit service calls off the GUI thread; callbacks run back on the GUI thread."""

    _done = Signal(object)
    _progressed = Signal(object, int, int, str)
    progress = Signal(object, int, int, str)  # task, done, total, text
    failed = Signal(str)  # a failure nobody handled: shown in the status bar
    # A change the journal refused (a colleague's cancelled promise marked done, a record
    # deleted meanwhile): not a fault, so no traceback in the log; shown in the status bar.
    refused = Signal(str)
    busy_changed = Signal(bool)

    def __init__(
        self,
        events: JournalEvents,
        parent: QObject | None = None,
        *,
        gate: threading.Lock | None = None,
    ) -> None:
        """`gate`: held while each task runs (a reader's), so that work replacing the
        journal's file can wait for the task under way and keep later ones out."""
        super().__init__(parent)
        self.events = events
        self._jobs: queue.Queue[Task | None] = queue.Queue()
        self._pending = 0
        self._undelivered: list[Task] = []
        self._closed = False
        # Queued explicitly: emitted on the worker thread, handled on this object's (GUI) thread.
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self.progress, Qt.ConnectionType.QueuedConnection)
        self._thread = _Thread(self._jobs, self._done, gate)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(
        self,
        fn: Callable[..., Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        changes: Change | None = None,
        takes_task: bool = False,
        label: str = "",
    ) -> Task:
        """Queue `fn`; when it returns, `changes` (if any) is announced and on_success called."""
        task = Task(fn, takes_task, on_success, on_failure, changes, label)
        task._progress_hook = lambda d, t, s: self._progressed.emit(task, d, t, s)
        self._pending += 1
        self._undelivered.append(task)
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._jobs.put(task)
        return task

    @Slot(object)
    def _deliver(self, task: Task) -> None:
        self._pending -= 1
        self._undelivered.remove(task)
        if self._closed:
            return  # the window is gone; nobody is left to show the result to
        try:
            if task.error is None:
                if task.changes is not None:
                    self.events.changed.emit(task.changes)
                if task.on_success is not None:
                    task.on_success(task.result)
            elif isinstance(task.error, Cancelled):
                pass
            elif task.on_failure is not None:
                task.on_failure(task.error)
            elif isinstance(task.error, ValidationError | NotFoundError | ConflictError):
                # Most often someone else changed the record first: the views read it again,
                # so that they show what is there now.
                if task.changes is not None:
                    self.events.changed.emit(task.changes)
                self.refused.emit(str(task.error))
            else:
                log.error(
                    "operation %s failed:\n%s",
                    task.label or task.fn,
                    "".join(traceback.format_exception(task.error)),
                )
                self.failed.emit(str(task.error))
        finally:
            if self._pending == 0:
                self.busy_changed.emit(False)

    @property
    def stopped(self) -> bool:
        return self._closed

    def stop(self, *, drop_queued: bool = False) -> None:
        """Finish the queued work (or, `drop_queued`, only the task under way: for reads
        whose results nobody will see), then end the thread (when the window closes)."""
        if drop_queued:
            for task in self._undelivered:
                task.cancel()
        if self._thread.isRunning():
            self._jobs.put(None)
            self._thread.wait()
        self._closed = True
