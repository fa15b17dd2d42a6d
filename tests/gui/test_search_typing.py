"""Search answers while the user types: debounced, stale searches stopped, pages on scroll."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from custjournal.gui.views import search as search_module
from custjournal.gui.worker import INTERACTIONS, Cancelled, Change
from custjournal.services import note_search
from custjournal.services.customers import create_customer
from custjournal.services.journal import log_interaction
from tests.gui.conftest import idle, press

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def searches(monkeypatch) -> list[str]:
    """Every query the view sends to the search service, in order."""
    sent: list[str] = []
    real = search_module.search_interactions

    def recording(journal: Any, text: str, **kwargs: Any) -> Any:
        sent.append(text)
        return real(journal, text, **kwargs)

    monkeypatch.setattr(search_module, "search_interactions", recording)
    return sent


def _open_search(qtbot, window) -> Any:
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    view = window.views["search"]
    assert window.current_view() is view
    return view


def _notes(journal, now, customer_id: int, bodies: list[str]) -> list[int]:
    return [
        log_interaction(
            journal, customer_id=customer_id, now=now, body=body,
            occurred_at=now - timedelta(days=len(bodies) - n),
        ).id
        for n, body in enumerate(bodies)
    ]  # fmt: skip


def test_results_come_while_typing_with_one_search_per_pause(qtbot, window, journal, now, searches):
    lake = create_customer(journal, name="Lakeside Dental", now=now)
    wall, other = _notes(journal, now, lake.id, ["Firewall rules moved", "Glaze samples"])
    view = _open_search(qtbot, window)
    qtbot.keyClicks(view.query, "firew")  # no Enter: the pause is enough
    qtbot.waitUntil(lambda: view.shown_query == "firew")
    assert [view.model.row_at(r).interaction.id for r in range(view.model.rowCount())] == [wall]
    assert searches == ["firew"]  # not "f", "fi", "fir", "fire" on the way
    assert "1 note found" in view.status.text()
    assert other not in [view.model.row_at(r).interaction.id for r in range(view.model.rowCount())]

    qtbot.keyClicks(view.query, "all rules")  # go on typing: the list follows
    qtbot.waitUntil(lambda: view.shown_query == "firewall rules")
    assert searches == ["firew", "firewall rules"]
    assert view.model.rowCount() == 1


def test_one_letter_waits_for_the_next_unless_enter_is_pressed(
    qtbot, window, journal, now, searches
):
    lake = create_customer(journal, name="Lakeside Dental", now=now)
    (note,) = _notes(journal, now, lake.id, ["Plan B: x marks the spot"])
    view = _open_search(qtbot, window)
    qtbot.keyClicks(view.query, "x")
    qtbot.waitUntil(lambda: "Keep typing" in view.status.text())
    qtbot.wait(view.DEBOUNCE_MS * 2)
    assert searches == []
    qtbot.keyClick(view.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.shown_query == "x")
    assert searches == ["x"]
    assert view.model.row_at(0).interaction.id == note


def test_a_newer_query_stops_the_search_still_running(qtbot, window, journal, now, monkeypatch):
    lake = create_customer(journal, name="Lakeside Dental", now=now)
    quota, raised = _notes(journal, now, lake.id, ["quota left alone", "quota raised"])
    gate, started, stopped = threading.Event(), threading.Event(), []
    real = search_module.search_interactions

    def slow_first(journal: Any, text: str, **kwargs: Any) -> Any:
        if text == "quota":
            started.set()
            gate.wait(10)  # the database is slow for this one
        try:
            return real(journal, text, **kwargs)
        except Cancelled:
            stopped.append(text)
            raise

    monkeypatch.setattr(search_module, "search_interactions", slow_first)
    view = _open_search(qtbot, window)
    qtbot.keyClicks(view.query, "quota")
    qtbot.waitUntil(started.is_set)  # "quota" is being searched on the worker…
    qtbot.keyClicks(view.query, " rai")  # …when the user types on
    qtbot.wait(view.DEBOUNCE_MS * 2)
    gate.set()
    qtbot.waitUntil(lambda: view.shown_query == "quota rai")
    idle(qtbot, window)
    assert stopped == ["quota"]  # stopped at its next step, its results never shown
    assert [view.model.row_at(r).interaction.id for r in range(view.model.rowCount())] == [raised]
    assert quota != raised


def test_only_the_page_shown_is_read_and_more_on_scroll(qtbot, window, journal, now):
    lake = create_customer(journal, name="Lakeside Dental", now=now)
    ids = _notes(journal, now, lake.id, [f"backup check {n}" for n in range(120)])
    view = _open_search(qtbot, window)
    qtbot.keyClicks(view.query, "backup")
    qtbot.keyClick(view.query, Qt.Key.Key_Return)  # Enter searches at once
    qtbot.waitUntil(lambda: view.shown_query == "backup")
    assert view.model.loaded <= 2 * view.PAGE < 120  # a page, perhaps two to fill the view
    assert view.model.total == 120
    assert "120 notes found, the newest first" in view.status.text()
    assert view.model.row_at(0).interaction.id == ids[-1]  # the newest written first
    for _ in range(10):
        view.table.scrollToBottom()
        qtbot.wait(20)
        idle(qtbot, window)
    assert view.model.loaded == 120
    shown = [view.model.row_at(r).interaction.id for r in range(120)]
    assert shown == list(reversed(ids))


def test_a_common_word_says_where_counting_stopped(qtbot, window, journal, now, monkeypatch):
    lake = create_customer(journal, name="Lakeside Dental", now=now)
    _notes(journal, now, lake.id, [f"firewall {n}" for n in range(5)])
    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    monkeypatch.setattr(
        search_module, "count_search_hits", lambda j, text: note_search.count_hits(j, text, cap=3)
    )
    view = _open_search(qtbot, window)
    qtbot.keyClicks(view.query, "firewall")
    qtbot.waitUntil(lambda: view.shown_query == "firewall")
    assert "3 or more notes found" in view.status.text()
    assert view.model.total == 3  # the count bounds how far the list pages, too


def test_query_syntax_is_just_text_and_no_words_says_so(qtbot, window, journal, now):
    lake = create_customer(journal, name="Lakeside Dental", now=now)
    (near,) = _notes(journal, now, lake.id, ["They sit NEAR the door (both of them)"])
    view = _open_search(qtbot, window)
    qtbot.keyClicks(view.query, 'NEAR(door "both')
    qtbot.waitUntil(lambda: view.shown_query == 'NEAR(door "both')
    assert view.model.row_at(0).interaction.id == near
    view.query.clear()
    qtbot.keyClicks(view.query, '* "')
    qtbot.waitUntil(lambda: view.shown_query == '* "')
    assert view.model.rowCount() == 0
    assert "No words to search for" in view.box.message.text()


def test_a_note_written_while_results_show_joins_them(qtbot, window, journal, now):
    lake = create_customer(journal, name="Lakeside Dental", now=now)
    (old,) = _notes(journal, now, lake.id, ["Jyväskylä office visit"])
    view = _open_search(qtbot, window)
    qtbot.keyClicks(view.query, "jyvaskyla")  # accents folded
    qtbot.waitUntil(lambda: view.shown_query == "jyvaskyla")
    assert view.model.row_at(0).interaction.id == old
    loads = view.loads
    window.ctx.write(
        lambda: log_interaction(journal, customer_id=lake.id, now=now, body="Back in Jyväskylä"),
        changes=Change.of(INTERACTIONS, customer_id=lake.id),
    )
    qtbot.waitUntil(lambda: view.loads > loads and view.model.rowCount() == 2)
    assert view.model.row_at(1).interaction.id == old  # the new note on top
    assert "«Jyväskylä»" in view.model.row_at(0).snippet
