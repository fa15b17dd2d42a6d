"""What every view and dialog is given: the journal, the clock, the worker and the events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from custjournal.gui import collector
from custjournal.gui.worker import SETTINGS, Change, DbWorker, JournalEvents, Task
from custjournal.services import today_cache
from custjournal.services.settings import user_timezone
from custjournal.store import Journal

# Clock readings this close share one evaluation of the risks.
SHARED_SECONDS = 60


class Navigator(Protocol):
    """What views may ask of the window, so they never reach for it directly."""

    def show_view(self, name: str) -> None: ...
    def show_customer(self, customer_id: int, *, interaction_id: int | None = None) -> None: ...
    def run_action(self, name: str, **kwargs: Any) -> None: ...


@dataclass
class AppContext:
    """Injected into views: no module-level journal, window or clock anywhere."""

    journal: Journal
    clock: Callable[[], datetime]
    events: JournalEvents
    worker: DbWorker
    user_tz: str = "UTC"
    generation: int = 0
    _risk_cache: tuple[tuple[datetime, int], list[Any]] | None = None
    # What the last start showed, if nothing has changed since: Today takes it once.
    cold_start: today_cache.ColdStart | None = None

    @classmethod
    def create(cls, journal: Journal, clock: Callable[[], datetime]) -> AppContext:
        events = JournalEvents()
        collector.hold()  # before the worker starts: it must never collect Qt objects
        ctx = cls(journal, clock, events, DbWorker(events))
        ctx.cold_start = today_cache.load_start(journal)
        if ctx.cold_start is not None and ctx.cold_start.user_tz is not None:
            # Nothing has changed since it was kept, the zone setting included. Reading it
            # through the ORM would configure every mapper before the first paint (~50 ms).
            ctx.user_tz = ctx.cold_start.user_tz
        else:
            ctx.reload_user_tz()
        events.changed.connect(ctx._on_changed)
        return ctx

    def take_cold_start(self) -> today_cache.ColdStart | None:
        """What the last start showed (once: after that, Today reads afresh)."""
        start, self.cold_start = self.cold_start, None
        return start

    def now(self) -> datetime:
        return self.clock()

    def reload_user_tz(self) -> None:
        with self.journal.reading() as session:
            self.user_tz = user_timezone(session)

    def _on_changed(self, change: Change) -> None:
        # Any change (a refresh or the minute tick included) makes cached risks stale; what the
        # cache saves is one evaluation per view when several refresh after the same change.
        self.generation += 1
        if SETTINGS in change.kinds:
            self.reload_user_tz()

    def risks(self, now: datetime, customer_id: int | None = None) -> list[Any]:
        """The risks at `now`, evaluated once per change of the journal (worker thread only).

        Today, Customers, Risks and the workspace all show risks; one evaluation serves them.
        """
        found = self.cached_risks(now)
        if found is None:
            # The rules load here, on the worker, while the window paints: not before it.
            from custjournal.services.risks import evaluate_risks  # noqa: PLC0415

            found = evaluate_risks(self.journal, now=now)
            self._risk_cache = ((now, self.generation), found)
        return [r for r in found if customer_id is None or r.customer_id == customer_id]

    def cached_risks(self, now: datetime) -> list[Any] | None:
        """The risks at `now` (give or take SHARED_SECONDS) if this change of the journal has
        been evaluated already (any thread; never runs the rules)."""
        cache = self._risk_cache
        if cache is None or cache[0][1] != self.generation:
            return None
        # Views and the tray each ask with their own clock reading, seconds apart; one
        # evaluation serves them (the minute tick moves the generation). On a large journal
        # each evaluation takes a second or more.
        if abs((now - cache[0][0]).total_seconds()) >= SHARED_SECONDS:
            return None
        return cache[1]

    def read(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Task:
        """A query off the GUI thread; the result arrives on the GUI thread."""
        return self.worker.submit(fn, on_success=on_success, on_failure=on_failure, label="read")

    def write(
        self,
        fn: Callable[[], Any],
        *,
        changes: Change,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        label: str = "",
    ) -> Task:
        """A user action off the GUI thread; success announces `changes` to every view."""
        return self.worker.submit(
            fn, on_success=on_success, on_failure=on_failure, changes=changes, label=label
        )

    def close(self) -> None:
        if self.worker.stopped:
            return
        self.worker.stop()
        collector.release()
