"""On a team journal a colleague's note reaches an open window within a minute (the clock's
tick asks the journal whether anyone else saved); Refresh reads everything again at once.

Whether someone else saved is the store's question (tests/scale/test_team.py asks it of two
laptops on PostgreSQL); here the window's answer to it is what is tested.
"""

from __future__ import annotations

from datetime import timedelta

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


def test_a_colleagues_project_appears_at_the_next_tick(
    qtbot, window, journal, now, monkeypatch
) -> None:
    from custjournal.services.projects import create_project

    customer = create_customer(journal, name="Lakeside Dental", now=now)
    window.show_view("projects")
    projects = window.views["projects"]
    idle(qtbot, window)
    assert projects.model.rowCount() == 0
    elsewhere = [False]
    monkeypatch.setattr(journal, "changed_elsewhere", lambda: elsewhere[0])
    # Saved on Ben's laptop: this window was not told, and the Projects view does not
    # change with the time of day.
    create_project(journal, customer_id=customer.id, name="Chair upgrade", now=now)
    window.tick()
    idle(qtbot, window)
    assert projects.model.rowCount() == 0  # nothing said so
    elsewhere[0] = True
    window.tick()
    qtbot.waitUntil(lambda: projects.model.rowCount() == 1)
    assert "another computer" in window.statusBar().currentMessage()


def test_a_colleagues_note_on_the_open_customer_appears_at_the_next_tick(
    qtbot, window, journal, now
) -> None:
    # The workspace reads the customer again each minute; a first page that reads
    # differently (a new or edited note) is shown, whoever saved it.
    customer_id, workspace = open_workspace(qtbot, window, journal, now)
    log_interaction(journal, customer_id=customer_id, now=now, body="Ben agreed the quota")
    window.tick()
    qtbot.waitUntil(lambda: "Ben agreed the quota" in workspace.timeline.toPlainText())


def test_refresh_reads_everything_again(qtbot, window, journal, now) -> None:
    customer_id, workspace = open_workspace(qtbot, window, journal, now)
    log_interaction(journal, customer_id=customer_id, now=now, body="Written by the CLI")
    press(qtbot, window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "Written by the CLI" in workspace.timeline.toPlainText())
    assert window.statusBar().currentMessage() == "Reloaded."


def test_a_colleagues_save_elsewhere_keeps_the_readers_place(
    qtbot, window, journal, now, monkeypatch
) -> None:
    customer_id, workspace = open_workspace(qtbot, window, journal, now)
    for n in range(45):  # more than the first page
        log_interaction(
            journal, customer_id=customer_id, now=now, occurred_at=now - timedelta(days=n + 1),
            body=f"Weekly call {n}: " + "long notes " * 40,
        )  # fmt: skip
    press(qtbot, window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "Weekly call 0" in workspace.timeline.toPlainText())
    idle(qtbot, window)
    bar = workspace.timeline.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 400)
    bar.setValue(400)  # the reader is partway down
    monkeypatch.setattr(journal, "changed_elsewhere", lambda: True)
    other = create_customer(journal, name="Other Practice", now=now)
    log_interaction(journal, customer_id=other.id, now=now, body="Not about Lakeside")
    window.tick()
    idle(qtbot, window)
    assert "another computer" in window.statusBar().currentMessage()
    assert bar.value() == 400  # nothing of theirs changed: the timeline was not rebuilt
    log_interaction(journal, customer_id=customer_id, now=now, body="Ben's note on Lakeside")
    window.tick()
    qtbot.waitUntil(lambda: "Ben's note on Lakeside" in workspace.timeline.toPlainText())
