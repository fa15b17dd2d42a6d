"""What every view and dialog is given: the journal, the clock, the worker and the events."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from custjournal.gui import collector
from custjournal.gui.worker import (
    CLOCK,
    COMMITMENTS,
    CUSTOMERS,
    INTERACTIONS,
    PROJECTS,
    RISKS,
    SETTINGS,
    Change,
    DbWorker,
    JournalEvents,
    Task,
)
from custjournal.services import profile, today_cache
from custjournal.services.settings import user_timezone
from custjournal.store import Journal

if TYPE_CHECKING:
    from custjournal.services.risk_refresh import Evaluation

# Clock readings this close share one evaluation of the risks.
SHARED_SECONDS = 60
# How long a full pass's reading serves the minute ticks after it while nothing changes; an
# hour costs the pass a few more rows (what falls due or is dated within it).
KEEP_READING = timedelta(hours=1)
# What a change of one customer's records can be: after those, only that customer's risks
# (and double bookings and full days) are evaluated again. Etiquette is not among them: a
# reminder for a culture or for everyone reaches other customers too.
ONE_CUSTOMER_KINDS = frozenset({CUSTOMERS, INTERACTIONS, COMMITMENTS, PROJECTS, RISKS})


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
    # Where the rules run: a second, read-only worker when the journal allows it, so that a
    # full pass (a second or more on a large journal) never holds up what the user asked for.
    rules: DbWorker | None = None
    user_tz: str = "UTC"
    # Who is at this computer (services.profile's local.owner): colleagues' promises are
    # shown as theirs. Read at start and after Settings are saved, not per painted cell.
    owner: str = ""
    generation: int = 0
    # The last evaluation and the generation it is of; since then, the customers whose
    # records changed (None: something else changed, evaluate everything again).
    _risk_cache: tuple[int, Evaluation] | None = None
    _changed_customers: set[int] | None = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _evaluating: threading.Lock = field(default_factory=threading.Lock)
    # Held by the rules worker while it reads; taken by work that replaces the journal's file.
    _readers: threading.Lock = field(default_factory=threading.Lock)
    # What the last start showed, if nothing has changed since: Today takes it once.
    cold_start: today_cache.ColdStart | None = None

    @classmethod
    def create(cls, journal: Journal, clock: Callable[[], datetime]) -> AppContext:
        events = JournalEvents()
        collector.hold()  # before the workers start: they must never collect Qt objects
        ctx = cls(journal, clock, events, DbWorker(events))
        if journal.concurrent_reads:
            ctx.rules = DbWorker(events, gate=ctx._readers)
        ctx.cold_start = today_cache.load_start(journal)
        if ctx.cold_start is not None and ctx.cold_start.user_tz is not None:
            # Nothing has changed since it was kept, the zone setting included. Reading it
            # through the ORM would configure every mapper before the first paint (~50 ms).
            ctx.user_tz = ctx.cold_start.user_tz
        else:
            ctx.reload_user_tz()
        ctx.owner = profile.owner()
        events.changed.connect(ctx._on_changed)
        return ctx

    def take_cold_start(self) -> today_cache.ColdStart | None:
        """What the last start showed (once: after that, Today reads afresh)."""
        start, self.cold_start = self.cold_start, None
        return start

    def now(self) -> datetime:
        return self.clock()

    @property
    def workers(self) -> tuple[DbWorker, ...]:
        return (self.worker,) if self.rules is None else (self.worker, self.rules)

    @property
    def busy(self) -> bool:
        """Whether any worker has work queued or under way."""
        return any(worker.busy for worker in self.workers)

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """For work that replaces the journal's file (a restore): waits for the rules'
        read under way, and keeps the next one waiting until the block ends. The last pass's
        reading is then of another file: the next evaluation reads the journal again (a
        backup's change mark can equal the one that reading was kept under)."""
        with self._readers:
            try:
                yield
            finally:
                with self._lock:
                    self._risk_cache = None
                    self._changed_customers = None

    def reload_user_tz(self) -> None:
        with self.journal.reading() as session:
            self.user_tz = user_timezone(session)

    def _on_changed(self, change: Change) -> None:
        # Any change (a refresh or the minute tick included) makes cached risks stale; what the
        # cache saves is one evaluation per view when several refresh after the same change.
        with self._lock:
            self.generation += 1
            if change.kinds == {CLOCK}:
                pass  # only time moved: no record changed (see _evaluate)
            elif change.customer_id is not None and change.kinds <= ONE_CUSTOMER_KINDS:
                if self._changed_customers is not None:
                    self._changed_customers.add(change.customer_id)
            else:
                self._changed_customers = None
        if SETTINGS in change.kinds:
            self.reload_user_tz()
            self.owner = profile.owner()

    def risks(self, now: datetime, customer_id: int | None = None) -> list[Any]:
        """The risks at `now` (of one customer, given `customer_id`); see `evaluation`."""
        found = self.evaluation(now).risks
        return [r for r in found if customer_id is None or r.customer_id == customer_id]

    def evaluation(self, now: datetime) -> Evaluation:
        """The risks at `now`, evaluated once per change of the journal (on the rules worker:
        callers go through `read_rules`).

        Today, Customers, Risks and the workspace all show risks; one evaluation serves them.
        After edits of a few customers only theirs are evaluated again (on a large journal a
        tenth of a second instead of a second or more), at `now`; everybody else's stay as
        the last full evaluation found them, under SHARED_SECONDS ago: a promise of another
        customer falling due since shows at the next minute's tick, as it does when nothing
        is edited (every tick evaluates everything).
        """
        # One evaluation at a time: each takes the customers changed since the one before
        # and builds on its result, so two at once would each lose the other's changes.
        with self._evaluating:
            with self._lock:
                cache, generation = self._risk_cache, self.generation
                changed, self._changed_customers = self._changed_customers, set()
            if cache is not None and cache[0] == generation and _close(now, cache[1].at):
                return cache[1]
            try:
                evaluation = self._evaluate(now, cache[1] if cache else None, changed)
            except BaseException:
                with self._lock:
                    self._changed_customers = None  # what changed is not known any more
                raise
            self._risk_cache = (generation, evaluation)
            return evaluation

    def _evaluate(
        self, now: datetime, kept: Evaluation | None, changed: set[int] | None
    ) -> Evaluation:
        # The rules load here, on the worker, while the window paints: not before it.
        from custjournal.services.risk_refresh import (  # noqa: PLC0415
            evaluate_again,
            evaluate_journal,
            refresh_customer,
        )

        # Edits of a few customers since a pass under a minute old: theirs again. Nothing
        # changed but the moment (a tick, which may come a little under a minute after the
        # last evaluation): below.
        if kept is not None and changed and _close(now, kept.at):
            for one in sorted(changed):
                kept = refresh_customer(self.journal, kept, customer_id=one, now=now)
            return kept
        if kept is not None and changed == set():
            # Only time has moved since (the minute tick): the rules run again over the last
            # full pass's reading, if nothing was committed since (a fifth of a full pass on
            # a large journal, and no reading at all).
            again = evaluate_again(self.journal, kept, now=now)
            if again is not None:
                return again
        return evaluate_journal(self.journal, now=now, keep_for=KEEP_READING)

    def cached_risks(self, now: datetime) -> list[Any] | None:
        """The risks at `now` (give or take SHARED_SECONDS) if this change of the journal has
        been evaluated already (any thread; never runs the rules)."""
        cache = self._risk_cache
        if cache is None or cache[0] != self.generation:
            return None
        # Views and the tray each ask with their own clock reading, seconds apart; one
        # evaluation serves them (the minute tick moves the generation). On a large journal
        # each evaluation takes a second or more.
        if not _close(now, cache[1].at):
            return None
        return list(cache[1].risks)

    def read(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Task:
        """A query off the GUI thread; the result arrives on the GUI thread."""
        return self.worker.submit(fn, on_success=on_success, on_failure=on_failure, label="read")

    def read_rules(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Task:
        """A read that evaluates the rules (it calls `risks`): on the rules worker where
        there is one, else queued with every other read."""
        worker = self.rules if self.rules is not None else self.worker
        return worker.submit(fn, on_success=on_success, on_failure=on_failure, label="rules")

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
        self.worker.stop()  # every save queued is made
        if self.rules is not None:
            self.rules.stop(drop_queued=True)  # evaluations nobody will see
        collector.release()


def _close(now: datetime, then: datetime) -> bool:
    return abs((now - then).total_seconds()) < SHARED_SECONDS
