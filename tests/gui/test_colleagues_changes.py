"""On a team journal a colleague's note reaches an open window within a minute (the clock's
tick asks the journal whether anyone else saved); Refresh reads everything again at once.

Whether someone else saved is the store's question (tests/scale/test_team.py asks it of two
laptops on PostgreSQL); here the window's answer to it is what is tested.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from custjournal.services.customers import create_customer
from custjournal.services.journal import log_interaction
from tests.gui.conftest import idle, press


def open_workspace(qtbot, window, journal, now) -> tuple[int, object]:  # noqa: ANN001
    customer = create_customer(journal, name="Lakeside Dental", now=now)
    window.show_customer(customer.id)
    workspace = window.views["workspace"]
    qtbot.waitUntil(lambda: workspace.data is not None)
    idle(qtbot, window)
    return customer.id, workspace


def test_a_colleagues_note_appears_at_the_next_tick(
    qtbot, window, journal, now, monkeypatch
) -> None:
    customer_id, workspace = open_workspace(qtbot, window, journal, now)
    elsewhere = [False]
    monkeypatch.setattr(journal, "changed_elsewhere", lambda: elsewhere[0])
    # Saved on Ben's laptop: this window was not told.
    log_interaction(journal, customer_id=customer_id, now=now, body="Ben agreed the quota")
    window.tick()
    idle(qtbot, window)
    assert "Ben agreed the quota" not in workspace.timeline.toPlainText()  # nothing said so
    elsewhere[0] = True
    window.tick()
    qtbot.waitUntil(lambda: "Ben agreed the quota" in workspace.timeline.toPlainText())
    assert "another computer" in window.statusBar().currentMessage()


def test_refresh_reads_everything_again(qtbot, window, journal, now) -> None:
    customer_id, workspace = open_workspace(qtbot, window, journal, now)
    log_interaction(journal, customer_id=customer_id, now=now, body="Written by the CLI")
    press(qtbot, window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "Written by the CLI" in workspace.timeline.toPlainText())
    assert window.statusBar().currentMessage() == "Reloaded."
