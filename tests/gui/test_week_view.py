"""The Week ahead view through the window: what is due and what slipped, week by week."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter

from custjournal.gui.dialogs.palette import PaletteDialog
from custjournal.gui.models import week as week_model
from custjournal.gui.worker import COMMITMENTS, Change
from custjournal.services import commitments
from custjournal.services.customers import list_customers
from tests.gui.conftest import dialog_of, idle, press
from tests.review.conftest import Week
from tests.review.conftest import week as week  # noqa: F401 - the review's small journal

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def win(week: Week, window):  # noqa: F811 - the journal is filled before the window opens
    return window


def _open_week(qtbot, window):
    view = window.views["week"]
    shortcut = window.nav_actions["week"].shortcut()
    press(qtbot, window, shortcut[0].key(), shortcut[0].keyboardModifiers())
    qtbot.waitUntil(lambda: view.isVisible() and view.loads > 0)
    idle(qtbot, window)
    return view


def _titles(view, key: str) -> list[str]:
    return [row.what for row in view.model.section(key).rows]


def _after(qtbot, view, action) -> None:
    before = view.loads
    action()
    qtbot.waitUntil(lambda: view.loads > before)


def test_the_week_on_monday_what_is_due_and_what_slipped(qtbot, win):
    view = _open_week(qtbot, win)
    assert win.nav_actions["week"].text() == "Week ahead"
    assert view.header.text() == "Week 48 · this week — Mon 23 Nov to Sun 29 Nov 2026"
    assert "Europe/Lisbon" in view.subheader.text()

    # The promise due on 10 November and last week's unkept invoice are under "slipped".
    slipped = view.model.section("slipped")
    assert {r.what for r in slipped.rows} == {"Slides", "Invoice"}
    assert all(r.status.startswith("Mine · ") and r.status.endswith(" late") for r in slipped.rows)
    assert view.cards["slipped"].number.text() == "2"

    kiosk = view.model.section("appointments").rows[0]
    assert kiosk.what == "Kiosk walkthrough"
    assert kiosk.when == "Thu 26 Nov 06:00 your time — 08:00 in Helsinki"  # seen from Lisbon
    assert kiosk.customer == "Aurora <Hotels>"
    assert _titles(view, "mine") == ["Send the <script>quote</script>"]
    assert _titles(view, "theirs") == ["Test data"]
    assert {r.customer for r in view.model.section("calls").rows} == {"Quiet Oy"}

    last = view.model.section("last_week")
    assert last.title == "Last week: kept 2 of 4 promises"
    assert {r.what: r.status for r in last.rows} == {
        "Logs": "Broken",
        "Invoice": "Slipped — still open",
        "Minutes": "Kept late",
        "Agenda": "Kept on time ✓",
    }
    assert view.cards["last_week"].number.text() == "2 of 4"
    # The cards jump to their section.
    qtbot.mouseClick(view.cards["last_week"], LEFT)
    assert view.tree.currentIndex() == view.model.section_index("last_week")


def test_next_previous_and_this_week(qtbot, win):
    view = _open_week(qtbot, win)
    assert not view.this_button.isEnabled()

    _after(qtbot, view, lambda: qtbot.mouseClick(view.next_button, LEFT))
    assert view.header.text() == "Week 49 · next week — Mon 30 Nov to Sun 06 Dec 2026"
    assert view.model.section("appointments").rows == ()
    assert view.model.section("mine").rows == ()
    # This week's promises are last week's now: one still open (the quote), one theirs.
    assert view.model.section("last_week").title == "Last week: kept 0 of 2 promises"
    assert view.this_button.isEnabled()

    _after(qtbot, view, lambda: qtbot.keyClick(view.tree, Qt.Key.Key_Left, ALT))
    _after(qtbot, view, lambda: qtbot.keyClick(view.tree, Qt.Key.Key_Left, ALT))
    assert view.header.text() == "Week 47 · last week — Mon 16 Nov to Sun 22 Nov 2026"
    # What is still open of that week's: the invoice, now a day and more late.
    mine = {r.what: r.status for r in view.model.section("mine").rows}
    assert list(mine) == ["Invoice"] and mine["Invoice"].endswith(" late")
    assert [r.what for r in view.model.section("last_week").rows] == ["Slides"]  # 10 Nov

    _after(qtbot, view, lambda: qtbot.mouseClick(view.this_button, LEFT))
    assert view.header.text().startswith("Week 48 · this week")


def test_enter_or_double_click_opens_the_customer(qtbot, win, journal, now):
    view = _open_week(qtbot, win)
    aurora = next(c.id for c in list_customers(journal, now=now) if c.name == "Aurora <Hotels>")
    section = view.model.section_index("appointments")
    view.tree.setCurrentIndex(view.model.index(0, 0, section))
    qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    workspace = win.views["workspace"]
    qtbot.waitUntil(lambda: workspace.isVisible() and workspace.customer_id == aurora)

    view = _open_week(qtbot, win)
    calls = view.model.index(0, 1, view.model.section_index("calls"))
    view.tree.scrollTo(calls)
    rect = view.tree.visualRect(calls)
    # As a mouse does it: press, release, then the second press arrives as a double-click.
    qtbot.mouseClick(view.tree.viewport(), LEFT, pos=rect.center())
    qtbot.mouseDClick(view.tree.viewport(), LEFT, pos=rect.center())
    quiet = next(c.id for c in list_customers(journal, now=now) if c.name == "Quiet Oy")
    qtbot.waitUntil(lambda: workspace.isVisible() and workspace.customer_id == quiet)


def test_the_minute_tick_keeps_the_readers_place(qtbot, win, clock):
    view = _open_week(qtbot, win)
    section = view.model.section_index("calls")
    view.tree.setCurrentIndex(view.model.index(0, 0, section))
    assert "Quiet Oy" in view.detail.text()
    clock.advance(minutes=1)
    _after(qtbot, view, win.tick)
    assert view.selected().customer == "Quiet Oy"
    assert "Quiet Oy" in view.detail.text()
    assert view.header.text().startswith("Week 48 · this week")


def test_export_writes_the_weeks_items(qtbot, win, tmp_path, monkeypatch):
    view = _open_week(qtbot, win)
    _after(qtbot, view, lambda: qtbot.mouseClick(view.prev_button, LEFT))
    asked: list[str] = []

    def save_as(_parent, _title, name, _pattern):
        asked.append(name)
        return str(tmp_path / name), ""

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", save_as)
    for kind in ("md", "html", "pdf"):
        view.export_actions[kind].trigger()
    idle(qtbot, win)
    assert asked == ["week-2026-W47.md", "week-2026-W47.html", "week-2026-W47.pdf"]
    markdown = (tmp_path / "week-2026-W47.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Week 2026-W47: Mon 16 Nov – Sun 22 Nov 2026")
    assert "Invoice" in markdown  # due Sun 22 Nov, that week's
    assert "Kiosk walkthrough" not in markdown  # the week after's
    html = (tmp_path / "week-2026-W47.html").read_text(encoding="utf-8")
    assert "Invoice" in html and "<script>quote" not in html
    assert (tmp_path / "week-2026-W47.pdf").read_bytes().startswith(b"%PDF")
    assert "Saved" in win.statusBar().currentMessage()
    assert oct((tmp_path / "week-2026-W47.md").stat().st_mode & 0o777) == "0o600"


def test_print_lays_the_week_out_on_pages(qtbot, win, tmp_path):
    view = _open_week(qtbot, win)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    view.print_to(printer)
    assert (tmp_path / "printed.pdf").stat().st_size > 1000
    assert "Kiosk walkthrough" in view.document().toPlainText()


def test_a_promise_kept_elsewhere_updates_the_week(qtbot, win, week, journal, now):  # noqa: F811
    view = _open_week(qtbot, win)
    assert "Slides" in _titles(view, "slipped")
    win.ctx.write(
        lambda: commitments.complete_commitment(
            journal, commitment_id=week.overdue_slides, now=now
        ),
        changes=Change.of(COMMITMENTS),
    )
    qtbot.waitUntil(lambda: "Slides" not in _titles(view, "slipped"))
    assert view.cards["slipped"].number.text() == "1"


def test_an_empty_week_says_what_to_do(qtbot, window):
    view = _open_week(qtbot, window)
    assert view.box.is_empty
    assert "Nothing booked, due, slipped or at risk in week 48" in view.box.message.text()
    assert "Ctrl+Shift+N" in view.box.message.text()


def test_the_palette_offers_the_week(qtbot, window):
    press(qtbot, window, Qt.Key.Key_K, CTRL)
    palette = dialog_of(qtbot, window, PaletteDialog)
    qtbot.keyClicks(palette.query, "week ahead")
    assert palette.proxy.rowCount() == 1
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.views["week"].isVisible())
    idle(qtbot, window)


def test_export_refuses_a_missing_folder_without_losing_the_view(qtbot, win, tmp_path):
    view = _open_week(qtbot, win)
    view.export("md", str(tmp_path / "no such folder" / "week.md"))
    qtbot.waitUntil(lambda: win.statusBar().currentMessage().startswith("Not saved"))
    assert not Path(tmp_path / "no such folder").exists()
    assert view.isVisible()


def test_a_risk_section_shows_the_most_pressing_and_says_how_many_more(qtbot, win, monkeypatch):
    # A large journal has thousands of risks of a kind; the page shows the first few, worst
    # and soonest first, and the title says where the rest are.
    monkeypatch.setattr(week_model, "RISKS_SHOWN", 1)
    view = _open_week(qtbot, win)
    every = {key: risks for key, (risks, _shown) in week_model.shown_risks(view.review).items()}
    key = next(key for key, risks in every.items() if len(risks) >= 2)
    section = view.model.section(f"risks_{key}")
    assert [row.what for row in section.rows] == [every[key][0].reason]
    assert section.title.endswith(f"(1 most pressing of {len(every[key]):,}; all in Risks)")
    header = view.model.index(view.model.section_index(f"risks_{key}").row(), 0).data()
    assert header == section.title  # the count is in the title, not repeated after it
    # The card counts every critical risk, not the ones shown.
    assert view.cards["risks"].number.text() == str(len(every["critical"]))


def test_a_promise_slipped_in_an_earlier_year_says_its_year(qtbot, win, journal, now):
    aurora = next(c for c in list_customers(journal, now=now) if c.name.startswith("Aurora"))
    commitments.add_promise(
        journal, customer_id=aurora.id, title="Old report",
        due_at=datetime(2025, 12, 15, 17, tzinfo=UTC), now=datetime(2025, 12, 1, tzinfo=UTC),
    )  # fmt: skip
    view = _open_week(qtbot, win)
    slipped = {row.what: row for row in view.model.section("slipped").rows}
    # Without its year it would read as next month's (the week is in November 2026).
    assert slipped["Old report"].when.startswith("Mon 15 Dec 2025 17:00 your time")
    assert slipped["Slides"].when.startswith("Tue 10 Nov 15:00")  # this year's: no year
