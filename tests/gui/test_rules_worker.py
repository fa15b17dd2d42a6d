"""The rules run on a second, read-only worker: a full pass (a second or more on a large
journal) never holds up a search, a save or a restore the user asked for, and a restore never
replaces the file under a reading of the rules."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from custjournal.gui.after_start import AfterStart
from custjournal.gui.context import AppContext
from custjournal.gui.worker import COMMITMENTS, Change
from custjournal.services import risk_refresh, today_cache
from custjournal.services.backups import backup_now
from custjournal.services.commitments import add_promise
from custjournal.services.customers import count_customers, create_customer
from custjournal.services.journal import log_interaction
from custjournal.services.trash import delete_customer
from custjournal.store import Journal
from tests.gui import test_backups_dialog as backups
from tests.gui.conftest import idle, press

CTRL = Qt.KeyboardModifier.ControlModifier
boxes = backups.boxes  # message boxes answer Yes and record their text


class HeldPasses:
    """Once armed, the next full passes of the rules wait until the test lets them go:
    before reading the journal, or after (`late`: what they return is as it was then)."""

    def __init__(self) -> None:
        self.armed = False
        self.late = False
        self.started = threading.Event()
        self.release = threading.Event()

    def arm(self, *, late: bool = False) -> None:
        self.armed, self.late = True, late
        self.started.clear()
        self.release.clear()

    def let_go(self) -> None:
        self.armed = False
        self.release.set()


@pytest.fixture
def held(monkeypatch, window) -> Iterator[HeldPasses]:  # after the window: let go before it
    passes = HeldPasses()
    real = risk_refresh.evaluate_journal

    def evaluate(journal: Journal, **kwargs: Any) -> Any:
        if not passes.armed:
            return real(journal, **kwargs)
        found = real(journal, **kwargs) if passes.late else None
        passes.started.set()
        passes.release.wait(20)
        return found or real(journal, **kwargs)

    monkeypatch.setattr(risk_refresh, "evaluate_journal", evaluate)
    yield passes
    passes.let_go()


def _full_pass(
    qtbot: Any, window: Any, held: HeldPasses, *, key: bool = True, late: bool = False
) -> None:
    """Go → Refresh (F5, or the menu's item while a dialog has the keyboard): every view
    reads again, the rules over the whole journal."""
    idle(qtbot, window)
    held.arm(late=late)
    if key:
        press(qtbot, window, Qt.Key.Key_F5)
    else:
        [refresh] = [a for a in window._menu_actions() if a.text() == "&Refresh"]
        refresh.trigger()
    qtbot.waitUntil(held.started.is_set, timeout=5_000)


def _save_late_promise(window: Any, customer_id: int, now: datetime) -> None:
    """A promise due yesterday, saved through the window's worker (as its dialog saves)."""
    journal = window.ctx.journal
    window.ctx.write(
        lambda: add_promise(
            journal, customer_id=customer_id, title="Send the revised quote",
            due_at=now - timedelta(days=1), now=now - timedelta(days=3),
        ),
        changes=Change.of(COMMITMENTS, customer_id=customer_id),
    )  # fmt: skip


def test_search_answers_while_the_rules_run(qtbot, window, journal, clock, held) -> None:
    lake = create_customer(journal, name="Lakeside Dental", now=clock.now)
    note = log_interaction(journal, customer_id=lake.id, now=clock.now, body="Firewall moved")
    _full_pass(qtbot, window, held)
    qtbot.waitUntil(lambda: window.busy_label.text() == "Checking risks…", timeout=5_000)

    press(qtbot, window, Qt.Key.Key_F, CTRL)
    view = window.views["search"]
    qtbot.keyClicks(view.query, "firew")
    # Long before the held pass would give up (20 s): the search did not queue behind it.
    qtbot.waitUntil(lambda: view.shown_query == "firew", timeout=5_000)
    assert [view.model.row_at(r).interaction.id for r in range(view.model.rowCount())] == [note.id]
    assert window.ctx.rules is not None and window.ctx.rules.busy  # still under way

    held.let_go()
    idle(qtbot, window)
    assert window.busy_label.text() == ""


def test_a_promise_saved_while_the_rules_run_is_not_lost_to_their_older_reading(
    qtbot, window, journal, clock, held
) -> None:
    customer = create_customer(journal, name="Harbour Bakery", now=clock.now - timedelta(days=3))
    _full_pass(qtbot, window, held, late=True)  # the rules have read the journal already
    _save_late_promise(window, customer.id, clock.now)
    qtbot.waitUntil(lambda: not window.ctx.worker.busy)  # saved, while the rules still run
    held.let_go()
    idle(qtbot, window)
    # The pass that began before the save is not taken as the journal after it.
    today = window.views["today"]
    assert any("Send the revised quote" in r.reason for r in today.risk_model.risks())


def test_a_restore_waits_for_the_rules_reading_under_way(
    qtbot,
    window,
    journal,
    clock,
    boxes,
    held,
) -> None:
    customer = create_customer(journal, name="Sol Nascente Energia", now=clock.now)
    backup_now(journal, now=clock.now)
    clock.advance(hours=1)
    delete_customer(journal, customer_id=customer.id, now=clock.now)
    dialog = backups.open_backups(qtbot, window)
    dialog.table.selectRow(0)
    _full_pass(qtbot, window, held, key=False)

    qtbot.mouseClick(dialog.restore_button, backups.LEFT)
    qtbot.wait(300)  # time enough for the restore to start, were it not kept waiting
    assert count_customers(journal) == 0  # not restored under the rules' reading
    with qtbot.waitSignal(dialog.restored, timeout=20_000):
        held.let_go()
    assert count_customers(journal) == 1
    idle(qtbot, window)
    assert not boxes["warning"]


def test_an_in_memory_journal_keeps_one_worker(qtbot) -> None:
    journal = Journal.open("sqlite://", backup=False)
    ctx = AppContext.create(journal, clock=lambda: None)  # type: ignore[arg-type, return-value]
    try:
        assert not journal.concurrent_reads
        assert ctx.rules is None and ctx.workers == (ctx.worker,)
        got: list[Any] = []
        ctx.read_rules(lambda: threading.current_thread().name, got.append)
        ctx.read(lambda: threading.current_thread().name, got.append)
        qtbot.waitUntil(lambda: len(got) == 2)
        assert got[0] == got[1]  # the one connection stays on one thread
    finally:
        ctx.close()
        journal.close()


def test_after_start_waits_for_both_workers(qtbot, window) -> None:
    idle(qtbot, window)
    ran: list[str] = []
    gate = threading.Event()
    window.ctx.read_rules(lambda: gate.wait(10), lambda _r: ran.append("rules"))
    after = AfterStart(window.ctx.workers, window)
    after.add(lambda: ran.append("after"))
    window.ctx.read(lambda: None, lambda _r: ran.append("read"))
    qtbot.waitUntil(lambda: "read" in ran)
    qtbot.wait(100)
    assert "after" not in ran  # the main worker is idle, the rules are not
    gate.set()
    qtbot.waitUntil(lambda: "after" in ran)
    assert ran == ["read", "rules", "after"]


def test_today_kept_for_the_next_start_is_never_newer_than_its_risks(
    qtbot, window, journal, clock
) -> None:
    idle(qtbot, window)
    customer = create_customer(journal, name="Harbour Bakery", now=clock.now - timedelta(days=3))
    # Saved behind the window's back (as a save is between its commit and its delivery):
    # the evaluation Today takes now is of the journal before it.
    window.views["today"].refresh()
    idle(qtbot, window)
    assert today_cache.load(journal) is None  # not the old risks under the new mark

    _save_late_promise(window, customer.id, clock.now)
    idle(qtbot, window)
    # Refreshed for that customer only: its parts were read at different moments.
    assert today_cache.load(journal) is None
    clock.advance(minutes=1)
    window.tick()  # the minute's full pass: one state of the journal
    idle(qtbot, window)
    kept = today_cache.load(journal)
    assert kept is not None
    assert any("Send the revised quote" in r.reason for r in kept.shown)


def test_closing_drops_queued_evaluations_but_makes_every_save(
    qtbot, window, journal, clock, held
) -> None:
    _full_pass(qtbot, window, held)
    ran: list[str] = []
    window.ctx.read_rules(lambda: ran.append("queued evaluation"), lambda _r: None)
    window.ctx.write(
        lambda: create_customer(journal, name="Saved at closing", now=clock.now),
        changes=Change.of(COMMITMENTS),
    )
    threading.Timer(0.2, held.let_go).start()  # the pass under way ends on its own
    window.ctx.close()
    assert ran == []  # nobody would have seen it: the window is closing
    assert count_customers(journal) == 1
