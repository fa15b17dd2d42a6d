"""Evaluating the risks pauses Python's cycle collector and always gives it back."""

from __future__ import annotations

import gc
import threading
from datetime import datetime

import pytest

from custjournal.services import risks
from custjournal.services.bulk import no_cycle_collection
from custjournal.store import Journal


def test_the_collector_is_off_inside_and_back_on_after_nested_blocks() -> None:
    assert gc.isenabled()
    with no_cycle_collection():
        assert not gc.isenabled()
        with no_cycle_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
    assert gc.isenabled()


def test_a_failure_inside_still_gives_the_collector_back() -> None:
    with pytest.raises(RuntimeError), no_cycle_collection():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_where_the_collector_was_off_it_stays_off() -> None:
    # The window turns automatic collection off for its whole life; an evaluation on its
    # worker thread must not turn it back on.
    gc.disable()
    try:
        with no_cycle_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_two_threads_share_one_pause() -> None:
    inside, leave = threading.Event(), threading.Event()

    def worker() -> None:
        with no_cycle_collection():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(5)
    with no_cycle_collection():
        pass
    assert not gc.isenabled()  # the worker's block is still running
    leave.set()
    thread.join(5)
    assert gc.isenabled()


def test_an_evaluation_leaves_the_collector_as_it_found_it(
    journal: Journal, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    evaluate = risks.evaluate

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        seen.append(gc.isenabled())
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(risks, "evaluate", spy)
    risks.evaluate_risks(journal, now=now)
    assert seen == [False]
    assert gc.isenabled()
