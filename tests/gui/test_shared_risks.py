"""Views and the tray asking for risks seconds apart share one evaluation of the rules
(on a large journal each evaluation takes over a second)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from custjournal.gui.worker import EVERYTHING, Change
from custjournal.services import risks as risk_service
from custjournal.services.commitments import add_promise
from custjournal.services.customers import create_customer
from custjournal.services.demo import build_demo
from tests.gui.conftest import idle


@pytest.fixture
def evaluations(monkeypatch) -> list[object]:
    calls: list[object] = []
    real = risk_service.evaluate_risks

    def counted(journal, **kwargs):  # noqa: ANN001, ANN003, ANN202
        calls.append(kwargs["now"])
        return real(journal, **kwargs)

    monkeypatch.setattr(risk_service, "evaluate_risks", counted)
    return calls


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
    ctx.risks(start + timedelta(seconds=75))  # over a minute later: evaluated afresh
    assert len(evaluations) == 2


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
