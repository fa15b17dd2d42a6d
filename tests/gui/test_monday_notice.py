"""The Monday notice: on Monday in the user's zone, once a week, and it opens the week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QSystemTrayIcon

from custjournal.gui.app import create_window
from custjournal.gui.dialogs.settings import SettingsDialog
from custjournal.gui.monday import LAST_SHOWN_KEY, due_week
from custjournal.gui.tray import Tray
from custjournal.services import commitments as c
from custjournal.services.customers import create_customer
from custjournal.services.settings import set_setting
from tests.gui.conftest import dialog_of, idle

LEFT = Qt.MouseButton.LeftButton
HELSINKI = ZoneInfo("Europe/Helsinki")


def _zone(journal, name: str) -> None:
    with journal.transaction() as session:
        set_setting(session, "user.timezone", name)


@pytest.fixture
def busy_week(journal, now):
    """One appointment and two promises this week; one promise slipped last week."""
    _zone(journal, "UTC")
    aurora = create_customer(journal, name="Aurora Hotels", now=now, timezone="Europe/Helsinki")
    long_ago = now - timedelta(days=30)
    c.add_appointment(
        journal, customer_id=aurora.id, title="Kiosk walkthrough", now=long_ago,
        starts_at=datetime(2026, 11, 26, 8, tzinfo=HELSINKI), duration_minutes=60, location="Hotel",
    )  # fmt: skip
    for title, day, direction in (("Quote", 25, "mine"), ("Test data", 27, "theirs")):
        c.add_promise(
            journal, customer_id=aurora.id, title=title, now=long_ago, direction=direction,
            due_at=datetime(2026, 11, day, 17, tzinfo=HELSINKI),
        )  # fmt: skip
    c.add_promise(
        journal, customer_id=aurora.id, title="Invoice", now=long_ago,
        due_at=datetime(2026, 11, 20, 17, tzinfo=HELSINKI),
    )  # fmt: skip
    return aurora


def _banner_shows(qtbot, window) -> str:
    qtbot.waitUntil(lambda: window.banner.isVisible())
    return window.banner.text.text()


def test_on_monday_the_window_says_what_the_week_holds_once(
    qtbot, busy_week, window, journal, clock, qsettings
):
    assert _banner_shows(qtbot, window) == (
        "Week 48: 1 appointment, 2 promises due, 1 slipped last week, 1 of mine overdue"
    )
    assert qsettings.value(LAST_SHOWN_KEY) == "2026-W48"

    qtbot.mouseClick(window.banner.open_button, LEFT)
    week = window.views["week"]
    qtbot.waitUntil(lambda: week.isVisible() and week.loads > 0)
    assert not window.banner.isVisible()
    assert week.header.text().startswith("Week 48 · this week")

    # The minute ticks on through Monday: not again.
    clock.advance(hours=3)
    window.tick()
    idle(qtbot, window)
    assert not window.banner.isVisible()

    # Nor when the app is started again the same Monday.
    again = create_window(journal, clock=clock, qsettings=qsettings)
    try:
        again.show()
        qtbot.waitExposed(again)
        idle(qtbot, again)
        assert not again.banner.isVisible()
    finally:
        again.close()
        again.ctx.close()
        again.deleteLater()


@pytest.fixture
def tuesday(clock, journal):
    _zone(journal, "UTC")
    clock.now = datetime(2026, 11, 24, 10, tzinfo=UTC)


def test_not_on_tuesday_but_next_monday(qtbot, tuesday, window, clock, qsettings):
    idle(qtbot, window)
    assert not window.banner.isVisible()
    assert qsettings.value(LAST_SHOWN_KEY) is None

    clock.now = datetime(2026, 11, 29, 23, 59, tzinfo=UTC)  # Sunday night
    window.tick()
    idle(qtbot, window)
    assert not window.banner.isVisible()
    clock.advance(minutes=1)  # Monday 00:00
    window.tick()
    assert _banner_shows(qtbot, window).startswith("Week 49: no appointments, no promises due")


@pytest.fixture
def los_angeles_sunday_night(clock, journal):
    _zone(journal, "America/Los_Angeles")
    clock.now = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)  # Sun 23:30 in Los Angeles


def test_monday_is_the_users_monday_behind_utc(
    qtbot, los_angeles_sunday_night, window, clock, qsettings
):
    # Already Monday in UTC, still Sunday where the user is: nothing yet.
    idle(qtbot, window)
    assert not window.banner.isVisible()
    clock.advance(hours=1)  # Mon 00:30 in Los Angeles
    window.tick()
    assert _banner_shows(qtbot, window).startswith("Week 48:")
    assert qsettings.value(LAST_SHOWN_KEY) == "2026-W48"


@pytest.fixture
def auckland_monday_morning(clock, journal):
    _zone(journal, "Pacific/Auckland")
    clock.now = datetime(2026, 11, 22, 11, 30, tzinfo=UTC)  # Sunday in UTC, Mon 00:30 NZDT


def test_monday_is_the_users_monday_ahead_of_utc(
    qtbot, auckland_monday_morning, window, clock, qsettings
):
    assert _banner_shows(qtbot, window).startswith("Week 48:")
    window.banner.close_button.click()
    assert not window.banner.isVisible()
    clock.advance(hours=24)  # Tuesday 00:30 in Auckland, Monday in UTC: not again
    qsettings.remove(LAST_SHOWN_KEY)
    window.tick()
    idle(qtbot, window)
    assert not window.banner.isVisible()


@pytest.mark.parametrize(
    ("at", "zone", "last", "expected"),
    [
        (datetime(2026, 11, 23, 10, tzinfo=UTC), "UTC", "", "2026-W48"),
        (datetime(2026, 11, 23, 10, tzinfo=UTC), "UTC", "2026-W48", None),
        (datetime(2026, 11, 23, 10, tzinfo=UTC), "UTC", "2026-W47", "2026-W48"),
        (datetime(2026, 11, 24, 10, tzinfo=UTC), "UTC", "", None),
        (datetime(2026, 11, 22, 22, 30, tzinfo=UTC), "Europe/Helsinki", "", "2026-W48"),
        (datetime(2026, 11, 23, 22, 30, tzinfo=UTC), "Europe/Helsinki", "", None),
        (datetime(2026, 12, 28, 9, tzinfo=UTC), "Europe/Lisbon", "", "2026-W53"),
        (datetime(2027, 1, 4, 9, tzinfo=UTC), "Europe/Lisbon", "2026-W53", "2027-W01"),
    ],
)
def test_due_week(at, zone, last, expected):
    assert due_week(at, zone, last) == expected


@pytest.fixture
def switched_off(journal):
    _zone(journal, "UTC")
    with journal.transaction() as session:
        set_setting(session, "review.monday_notice", "false")


def test_switched_off_in_settings_then_on_again(qtbot, switched_off, window, qsettings):
    idle(qtbot, window)
    assert not window.banner.isVisible()
    assert qsettings.value(LAST_SHOWN_KEY) is None  # not "shown": switching on still shows it

    window.open_settings()
    dialog = dialog_of(qtbot, window, SettingsDialog)
    box = dialog.fields["review.monday_notice"]
    assert isinstance(box, QCheckBox) and not box.isChecked()
    assert "Monday" in box.text()
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _banner_shows(qtbot, window).startswith("Week 48:")


def test_with_a_tray_it_is_a_desktop_notification_that_opens_the_week(
    qtbot, busy_week, window, qsettings, monkeypatch
):
    _banner_shows(qtbot, window)  # no tray in the test: the banner it was
    monkeypatch.setattr(QSystemTrayIcon, "supportsMessages", staticmethod(lambda: True))
    window.banner.hide()
    qsettings.remove(LAST_SHOWN_KEY)
    tray = Tray(window)
    messages: list[tuple[str, str]] = []
    tray.icon.showMessage = lambda title, text, *_: messages.append((title, text))  # type: ignore[method-assign]
    try:
        window.show_view("today")
        window.monday_notice.check()
        qtbot.waitUntil(lambda: bool(messages))
        idle(qtbot, window)
        assert messages == [
            (
                "custjournal — the week ahead",
                "Week 48: 1 appointment, 2 promises due, 1 slipped last week, 1 of mine overdue",
            )
        ]
        assert not window.banner.isVisible()
        tray.icon.messageClicked.emit()
        qtbot.waitUntil(lambda: window.views["week"].isVisible())
    finally:
        tray.hide()
        idle(qtbot, window)
