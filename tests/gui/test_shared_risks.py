"""Views and the tray asking for risks seconds apart share one evaluation of the rules
(on a large journal each evaluation takes over a second); after one customer's change, only
that customer is evaluated again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from custjournal.gui.worker import COMMITMENTS, ETIQUETTE, EVERYTHING, Change
from custjournal.services import risk_refresh
from custjournal.services.commitments import add_promise
from custjournal.services.customers import create_customer
from custjournal.services.demo import build_demo
from tests.gui.conftest import idle


@pytest.fixture
def evaluations(monkeypatch) -> list[object]:
    """Each evaluation the window runs: None for the whole journal, else the customer's id."""
    calls: list[object] = []
    real = risk_refresh.evaluated

    def counted(journal, **kwargs):  # noqa: ANN001, ANN003, ANN202
        calls.append(kwargs.get("customer_id"))
        return real(journal, **kwargs)

    monkeypatch.setattr(risk_refresh, "evaluated", counted)
    return calls


def shown(risks: list) -> list[tuple[str, str]]:
    return [(r.key, r.reason) for r in risks]


def _promise_falling_due(journal, now, *, seconds: int) -> None:  # noqa: ANN001
    """Due Soon AB's promise, due `seconds` after `now`: overdue by the next tick."""
    due = create_customer(journal, name="Due Soon AB", now=now - timedelta(days=9))
    add_promise(
        journal, customer_id=due.id, title="Send the offer",
        due_at=now + timedelta(seconds=seconds), now=now - timedelta(days=9),
    )  # fmt: skip


def test_readings_seconds_apart_share_one_evaluation(qtbot, window, clock, evaluations) -> None:
    build_demo(window.ctx.journal, now=clock.now)
    evaluations.clear()
    window.ctx.events.changed.emit(Change(EVERYTHING))  # written behind the window's back
    idle(qtbot, window)
    assert len(evaluations) == 1  # Today (and any other view) refreshed on one evaluation
    ctx, start = window.ctx, clock.now
    first = ctx.risks(start + timedelta(seconds=25))  # the tray, seconds later
    assert len(evaluations) == 1
    assert first  # the demo has risks
    later = start + timedelta(seconds=75)
    assert ctx.evaluation(later).at == later  # over a minute later: evaluated afresh,
    assert len(evaluations) == 1  # from the last pass's reading (nothing has changed)


def test_a_change_to_the_journal_is_never_served_old_risks(
    qtbot, window, clock, evaluations
) -> None:
    ctx = window.ctx
    idle(qtbot, window)
    before = ctx.risks(clock.now)
    customer = create_customer(ctx.journal, name="New Oy", now=clock.now - timedelta(days=9))
    add_promise(
        ctx.journal, customer_id=customer.id, title="Send the offer",
        due_at=clock.now - timedelta(days=2), now=clock.now - timedelta(days=9),
    )  # fmt: skip
    evaluations.clear()
    ctx.events.changed.emit(Change(EVERYTHING))
    idle(qtbot, window)
    after = ctx.risks(clock.now + timedelta(seconds=5))
    assert len(evaluations) == 1
    assert any(r.customer_name == "New Oy" for r in after)  # the promise is overdue
    assert not any(r.customer_name == "New Oy" for r in before)


def test_one_customers_change_evaluates_that_customer_alone(
    qtbot, window, clock, evaluations
) -> None:
    ctx = window.ctx
    build_demo(ctx.journal, now=clock.now)
    ctx.events.changed.emit(Change(EVERYTHING))
    idle(qtbot, window)
    customer = create_customer(ctx.journal, name="Late Oy", now=clock.now - timedelta(days=9))
    add_promise(
        ctx.journal, customer_id=customer.id, title="Send the offer",
        due_at=clock.now - timedelta(days=2), now=clock.now - timedelta(days=9),
    )  # fmt: skip
    evaluations.clear()
    ctx.events.changed.emit(Change.of(COMMITMENTS, customer_id=customer.id))
    idle(qtbot, window)
    assert evaluations == [customer.id]  # Today refreshed without reading everyone again
    later = clock.now + timedelta(seconds=5)
    refreshed = ctx.risks(later)
    assert any(r.customer_name == "Late Oy" and r.rule_id == "overdue" for r in refreshed)
    assert shown(refreshed) == shown(risk_refresh.evaluate_journal(ctx.journal, now=later).risks)


def test_other_changes_and_the_minute_evaluate_everything(
    qtbot, window, clock, evaluations
) -> None:
    ctx = window.ctx
    build_demo(ctx.journal, now=clock.now)
    ctx.events.changed.emit(Change(EVERYTHING))
    idle(qtbot, window)
    customer_id = ctx.risks(clock.now)[0].customer_id
    evaluations.clear()
    # A reminder for a culture or for everyone reaches other customers, whoever it was
    # added from.
    ctx.events.changed.emit(Change.of(ETIQUETTE, customer_id=customer_id))
    idle(qtbot, window)
    assert evaluations == [None]
    ctx.events.changed.emit(Change.of(COMMITMENTS, customer_id=customer_id))
    idle(qtbot, window)
    assert evaluations == [None, customer_id]
    clock.advance(seconds=75)  # the last full pass is over a minute old
    ctx.events.changed.emit(Change.of(COMMITMENTS, customer_id=customer_id))
    idle(qtbot, window)
    assert evaluations == [None, customer_id, None]


def test_what_time_alone_changes_for_others_shows_at_the_next_tick(
    qtbot, window, clock, evaluations
) -> None:
    ctx = window.ctx
    _promise_falling_due(ctx.journal, clock.now, seconds=20)
    edited = create_customer(ctx.journal, name="Edited Oy", now=clock.now - timedelta(days=9))
    ctx.events.changed.emit(Change(EVERYTHING))
    idle(qtbot, window)
    clock.advance(seconds=40)  # the promise is past due, another customer is edited
    ctx.events.changed.emit(Change.of(COMMITMENTS, customer_id=edited.id))
    idle(qtbot, window)
    assert evaluations[-1] == edited.id
    clock.advance(seconds=20)
    window.tick()
    idle(qtbot, window)
    assert evaluations[-1] is None  # the tick evaluates everything, at its moment
    late = [r for r in ctx.risks(clock.now) if r.customer_name == "Due Soon AB"]
    assert [r.rule_id for r in late] == ["overdue"]


def test_the_minute_tick_evaluates_again_without_reading_the_journal(
    qtbot, window, clock, evaluations
) -> None:
    # On a large journal a full pass reads for most of a second; with nothing saved since,
    # the tick runs the rules over the last pass's reading, at the tick's moment.
    ctx = window.ctx
    build_demo(ctx.journal, now=clock.now)
    _promise_falling_due(ctx.journal, clock.now, seconds=30)
    ctx.events.changed.emit(Change(EVERYTHING))
    idle(qtbot, window)
    today = window.views["today"]

    def overdue() -> list[str]:
        return [r.customer_name for r in today.risk_model.risks() if r.rule_id == "overdue"]

    assert "Due Soon AB" not in overdue()
    evaluations.clear()
    clock.advance(minutes=1)
    window.clock_timer.timeout.emit()  # the minute's timer fires
    idle(qtbot, window)
    assert evaluations == []  # the journal was not read
    assert "Due Soon AB" in overdue()  # and yet the promise that fell due shows
    assert shown(ctx.risks(clock.now)) == shown(
        risk_refresh.evaluate_journal(ctx.journal, now=clock.now).risks
    )
    evaluations.clear()
    # A save in between: the next tick reads the journal again.
    create_customer(ctx.journal, name="Saved Oy", now=clock.now - timedelta(days=40),
                    stage="active")  # fmt: skip
    clock.advance(minutes=1)
    window.clock_timer.timeout.emit()
    idle(qtbot, window)
    assert evaluations == [None]
    assert any(r.customer_name == "Saved Oy" for r in today.risk_model.risks())
    # Over an hour on, the reading is too old to serve: read again.
    clock.advance(hours=1, minutes=1)
    window.clock_timer.timeout.emit()
    idle(qtbot, window)
    assert evaluations == [None, None]


def test_a_tick_a_little_early_still_evaluates_at_its_moment(
    qtbot, window, clock, evaluations
) -> None:
    # Qt's coarse timers may fire a few percent early: a tick 59 s after the last pass is
    # still the next minute, and a promise that fell due meanwhile shows.
    ctx = window.ctx
    _promise_falling_due(ctx.journal, clock.now, seconds=20)
    ctx.events.changed.emit(Change(EVERYTHING))
    idle(qtbot, window)
    today = window.views["today"]
    clock.advance(seconds=59)
    window.clock_timer.timeout.emit()
    idle(qtbot, window)
    overdue = [r.customer_name for r in today.risk_model.risks() if r.rule_id == "overdue"]
    assert overdue == ["Due Soon AB"]
    assert ctx.evaluation(clock.now).at == clock.now


def test_a_restore_is_never_served_the_old_files_reading(qtbot, window, clock, evaluations) -> None:
    # A backup carries its change mark: after a restore the kept reading could seem current.
    ctx = window.ctx
    build_demo(ctx.journal, now=clock.now)
    ctx.events.changed.emit(Change(EVERYTHING))
    idle(qtbot, window)
    evaluations.clear()
    with ctx.exclusive():  # as the restore replaces the file
        pass
    ctx.risks(clock.now + timedelta(minutes=1))
    assert evaluations == [None]  # read afresh, not the reading kept from the old file
