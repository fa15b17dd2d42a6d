"""A cold start paints Today's agenda from the last start's rows, then the fresh ones; never
after a change, on another day in the user's zone, from a damaged file or for an encrypted
journal."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

from PySide6.QtCore import QSettings

from custjournal.gui import app as gui_app
from custjournal.gui.app import create_window
from custjournal.gui.views import today as today_module
from custjournal.services import commitments, customers, today_cache
from custjournal.services.settings import set_setting
from custjournal.store import Journal
from custjournal.store.files import today_cache_file

from .conftest import idle

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def _week(journal: Journal, now) -> None:
    """Two appointments this week, one just beyond a week from now and one that is half a
    day old in an hour (the span's edges)."""
    acme = customers.create_customer(journal, name="Acme Oy", now=now - 40 * DAY)
    for title, starts in (
        ("Breakfast call", now - 11 * HOUR),
        ("Kick-off workshop", now + DAY),
        ("Steering group", now + 3 * DAY),
        ("Quarterly review", now + 7 * DAY + HOUR),
    ):
        commitments.add_appointment(
            journal, customer_id=acme.id, title=title, starts_at=starts, duration_minutes=60,
            channel="video", now=now - 2 * DAY,
        )  # fmt: skip


def _open(qtbot, journal, clock, tmp_path):
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    win = create_window(journal, clock=clock, qsettings=settings)
    win.resize(1100, 700)
    win.show()
    qtbot.waitExposed(win)
    return win


def _close(qtbot, win) -> None:
    idle(qtbot, win)
    win.close()
    win.ctx.close()
    win.deleteLater()


def _first_start(qtbot, journal, clock, tmp_path) -> None:
    """A start that runs to its fresh reading, which it keeps for the next start."""
    win = _open(qtbot, journal, clock, tmp_path)
    qtbot.waitUntil(lambda: win.views["today"].loads >= 1)
    _close(qtbot, win)


def _hold_the_agenda(monkeypatch) -> threading.Event:
    """The journal's agenda reading waits until the event is set (a slow disk, a big week)."""
    release = threading.Event()
    read = today_module.load_agenda

    def slow(*args, **kwargs):
        release.wait(20)
        return read(*args, **kwargs)

    monkeypatch.setattr(today_module, "load_agenda", slow)
    return release


def _titles(view) -> list[str]:
    model = view.agenda_model
    return [model.row_at(n).commitment.title for n in range(model.rowCount())]


def _second_start_without_a_reading(qtbot, journal, clock, tmp_path, monkeypatch):
    """The next start, its agenda reading held back: what Today shows before it."""
    release = _hold_the_agenda(monkeypatch)
    win = _open(qtbot, journal, clock, tmp_path)
    today = win.views["today"]
    qtbot.wait(100)  # a paint or two, while the reading is held
    return win, today, release


def test_an_unchanged_journal_starts_with_the_last_agenda_then_the_fresh_one(
    qtbot, journal: Journal, clock, tmp_path, monkeypatch
) -> None:
    _week(journal, clock.now)
    _first_start(qtbot, journal, clock, tmp_path)

    clock.advance(hours=2)  # the same day: the week now reaches the quarterly review
    win, today, release = _second_start_without_a_reading(
        qtbot, journal, clock, tmp_path, monkeypatch
    )
    # Filled and painted from the last start before the journal was read: marked as such.
    assert today.painted >= 1
    # The breakfast call has left the span (half a day ago) since: not shown.
    assert _titles(today) == ["Kick-off workshop", "Steering group"]
    summary = today.summary.text()
    assert "2 items in the next 7 days" in summary
    assert "as of" in summary and "checking" in summary
    release.set()
    qtbot.waitUntil(lambda: today.loads >= 1)
    assert _titles(today) == ["Kick-off workshop", "Steering group", "Quarterly review"]
    assert "as of" not in today.summary.text()
    _close(qtbot, win)


def test_a_busy_week_keeps_its_soonest_rows_and_counts_them_all(
    qtbot, journal: Journal, clock, tmp_path, monkeypatch
) -> None:
    # Only the soonest rows are kept (a few screenfuls; here two): the first paint needs no
    # more, and the fresh reading brings the rest.
    monkeypatch.setattr(today_cache, "KEPT_ROWS", 2)
    _week(journal, clock.now)
    _first_start(qtbot, journal, clock, tmp_path)  # breakfast, kick-off, steering group

    clock.advance(hours=2)
    win, today, release = _second_start_without_a_reading(
        qtbot, journal, clock, tmp_path, monkeypatch
    )
    assert today.painted >= 1
    assert _titles(today) == ["Kick-off workshop"]  # breakfast has left the span since
    assert "2 items in the next 7 days" in today.summary.text()  # the steering group counts
    release.set()
    qtbot.waitUntil(lambda: today.loads >= 1)
    assert _titles(today) == ["Kick-off workshop", "Steering group", "Quarterly review"]
    assert "3 items in the next 7 days" in today.summary.text()
    _close(qtbot, win)


def test_after_a_change_the_last_agenda_is_not_shown(
    qtbot, journal: Journal, clock, tmp_path, monkeypatch
) -> None:
    _week(journal, clock.now)
    _first_start(qtbot, journal, clock, tmp_path)
    # Done from the command line (another process) while the window was closed.
    acme = customers.list_customers(journal, now=clock.now)[0]
    commitments.add_promise(
        journal, customer_id=acme.id, title="Send the slides", due_at=clock.now + 2 * DAY,
        now=clock.now,
    )  # fmt: skip

    win, today, release = _second_start_without_a_reading(
        qtbot, journal, clock, tmp_path, monkeypatch
    )
    assert _titles(today) == []  # nothing stale: the agenda waits for its reading
    assert today.painted == 0
    release.set()
    qtbot.waitUntil(lambda: today.loads >= 1)
    assert "Send the slides" in _titles(today)
    _close(qtbot, win)


def test_on_another_day_the_last_agenda_is_not_shown(
    qtbot, journal: Journal, clock, tmp_path, monkeypatch
) -> None:
    _week(journal, clock.now)
    _first_start(qtbot, journal, clock, tmp_path)

    clock.advance(days=1)
    win, today, release = _second_start_without_a_reading(
        qtbot, journal, clock, tmp_path, monkeypatch
    )
    assert _titles(today) == []
    release.set()
    qtbot.waitUntil(lambda: today.loads >= 1)
    assert _titles(today) == ["Kick-off workshop", "Steering group", "Quarterly review"]
    _close(qtbot, win)


def test_the_day_is_the_users_day_in_their_zone(
    qtbot, journal: Journal, clock, tmp_path, monkeypatch
) -> None:
    # 10:00 UTC is 23:00 in Auckland; two hours later it is tomorrow there (not in UTC).
    with journal.transaction() as session:
        set_setting(session, "user.timezone", "Pacific/Auckland")
    _week(journal, clock.now)
    _first_start(qtbot, journal, clock, tmp_path)

    clock.advance(hours=2)
    win, today, release = _second_start_without_a_reading(
        qtbot, journal, clock, tmp_path, monkeypatch
    )
    assert _titles(today) == []
    release.set()
    qtbot.waitUntil(lambda: today.loads >= 1)
    _close(qtbot, win)


def test_a_new_time_zone_setting_means_a_fresh_agenda(
    qtbot, journal: Journal, clock, tmp_path, monkeypatch
) -> None:
    _week(journal, clock.now)
    _first_start(qtbot, journal, clock, tmp_path)
    with journal.transaction() as session:
        set_setting(session, "user.timezone", "America/New_York")

    win, today, release = _second_start_without_a_reading(
        qtbot, journal, clock, tmp_path, monkeypatch
    )
    assert _titles(today) == []
    assert win.ctx.user_tz == "America/New_York"
    release.set()
    qtbot.waitUntil(lambda: today.loads >= 1)
    # Shown in the new zone: 10:00 UTC tomorrow is 05:00 in New York.
    kick_off = _titles(today).index("Kick-off workshop")
    assert "05:00" in today.agenda_model.index(kick_off, 0).data()
    _close(qtbot, win)


def test_a_laptop_taken_to_another_zone_reads_its_agenda_afresh(
    qtbot, journal: Journal, clock, tmp_path, monkeypatch
) -> None:
    # No zone set: the machine's is used, and it moved without any change to the journal.
    monkeypatch.setenv("TZ", "Europe/Helsinki")
    _week(journal, clock.now)
    _first_start(qtbot, journal, clock, tmp_path)
    monkeypatch.setenv("TZ", "America/New_York")

    win, today, release = _second_start_without_a_reading(
        qtbot, journal, clock, tmp_path, monkeypatch
    )
    assert _titles(today) == []
    assert win.ctx.user_tz == "America/New_York"
    release.set()
    qtbot.waitUntil(lambda: today.loads >= 1)
    kick_off = _titles(today).index("Kick-off workshop")
    assert "05:00" in today.agenda_model.index(kick_off, 0).data()
    _close(qtbot, win)


def test_damaged_rows_are_ignored_and_read_afresh(
    qtbot, journal: Journal, clock, tmp_path, monkeypatch
) -> None:
    _week(journal, clock.now)
    _first_start(qtbot, journal, clock, tmp_path)
    target = today_cache_file(journal.path)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["agenda"]["rows"]  # what the next start would paint
    for damage in (
        lambda d: d["agenda"]["commitments"].popitem(),  # a row whose commitment is gone
        lambda d: d["agenda"].update(fields=["id", "title"]),  # from another version
        lambda d: next(iter(d["agenda"]["commitments"].values())).__setitem__(6, "meeting"),
        lambda d: d.update(user_tz="Mars/Olympus_Mons"),
        lambda d: d.update(agenda="{truncated"),
    ):
        damaged = json.loads(json.dumps(data))
        damage(damaged)
        target.write_text(json.dumps(damaged), encoding="utf-8")
        win, today, release = _second_start_without_a_reading(
            qtbot, journal, clock, tmp_path, monkeypatch
        )
        assert _titles(today) == []
        release.set()
        qtbot.waitUntil(lambda today=today: today.loads >= 1)
        assert _titles(today) == ["Breakfast call", "Kick-off workshop", "Steering group"]
        _close(qtbot, win)


def test_a_file_that_is_not_a_cache_at_all_is_ignored(
    qtbot, journal: Journal, clock, tmp_path
) -> None:
    _week(journal, clock.now)
    target = today_cache_file(journal.path)
    for junk in ("", "[1, 2]", '"text"', "\x00\xff garbage"):
        target.write_text(junk, encoding="utf-8", errors="surrogateescape")
        win = _open(qtbot, journal, clock, tmp_path)
        today = win.views["today"]
        qtbot.waitUntil(lambda today=today: today.loads >= 1)
        assert _titles(today) == ["Breakfast call", "Kick-off workshop", "Steering group"]
        _close(qtbot, win)


def test_an_encrypted_journal_keeps_no_copy_of_its_agenda(
    qtbot, tmp_path, clock, monkeypatch
) -> None:
    from custjournal.store.encrypt import encrypt_journal  # noqa: PLC0415

    path = tmp_path / "secret.db"
    plain = Journal.open(f"sqlite:///{path}", backup=False)
    _week(plain, clock.now)
    plain.close()
    encrypt_journal(path, "correct horse battery", now=clock.now)
    secret = Journal.open(f"sqlite:///{path}", backup=False, passphrase="correct horse battery")
    try:
        win = _open(qtbot, secret, clock, tmp_path)
        today = win.views["today"]
        qtbot.waitUntil(lambda: today.loads >= 1)
        assert _titles(today) == ["Breakfast call", "Kick-off workshop", "Steering group"]
        _close(qtbot, win)
        assert not today_cache_file(path).exists()
        assert not list(tmp_path.glob("*.json"))
    finally:
        secret.close()


def test_an_empty_journal_is_still_offered_the_sample(
    qtbot, journal: Journal, clock, qsettings
) -> None:
    # The question is asked once the worker has counted the customers (off the GUI thread).
    win = gui_app.show_window(journal, clock=clock, qsettings=qsettings)
    try:
        qtbot.waitUntil(lambda: win.findChild(gui_app.QMessageBox, "sample_offer") is not None)
        assert win.findChild(gui_app.QMessageBox, "sample_offer").isVisible()
    finally:
        if win.tray is not None:
            win.tray.hide()
        _close(qtbot, win)
