"""The briefing, the workspace and the agenda read what they show, not a customer's history.

Rows are counted as the database driver hands them over (every fetch of every statement), on a
journal whose busy customer has hundreds of notes and commitments; then the history is doubled
and the same screens must read no more rows than before. Counts, not timings: timings belong to
the benchmark (python -m custjournal.bench).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from custjournal.domain import Commitment, Customer, CustomerQuestion, Interaction
from custjournal.domain.enums import (
    CommitmentKind,
    CommitmentStatus,
    Direction,
    InteractionKind,
    Mood,
)
from custjournal.services import briefing, commitments
from custjournal.store import Journal

BUSY_NOTES = 400
BUSY_COMMITMENTS = 300


class _Counter:
    rows = 0
    statements = 0


class _CountingCursor(sqlite3.Cursor):
    def execute(self, *args: Any, **kwargs: Any) -> Any:
        _Counter.statements += 1
        return super().execute(*args, **kwargs)

    def fetchone(self) -> Any:
        row = super().fetchone()
        _Counter.rows += row is not None
        return row

    def fetchmany(self, *args: Any, **kwargs: Any) -> list[Any]:
        rows = super().fetchmany(*args, **kwargs)
        _Counter.rows += len(rows)
        return rows

    def fetchall(self) -> list[Any]:
        rows = super().fetchall()
        _Counter.rows += len(rows)
        return rows


class _CountingConnection(sqlite3.Connection):
    def cursor(self, factory: Any = _CountingCursor) -> Any:  # noqa: ANN401
        return super().cursor(factory)


@pytest.fixture
def counted(journal: Journal) -> Iterator[Callable[[Callable[[], Any]], int]]:
    """rows(fn): how many rows the driver handed over while fn ran."""
    if journal.engine.dialect.name != "sqlite":
        pytest.skip("rows are counted at the sqlite3 driver")

    @event.listens_for(journal.engine, "do_connect")
    def _factory(dialect: Any, conn_rec: Any, cargs: Any, cparams: dict[str, Any]) -> None:
        cparams["factory"] = _CountingConnection

    journal.engine.dispose()  # new connections come through the counting factory

    def rows(fn: Callable[[], Any]) -> int:
        fn()  # warm: settings and caches read once are not what is measured
        _Counter.rows = _Counter.statements = 0
        fn()
        return _Counter.rows

    yield rows
    event.remove(journal.engine, "do_connect", _factory)


def _add_history(journal: Journal, customer_id: int, now: datetime, offset_days: int) -> None:
    """Hundreds of notes (some with repeated questions) and commitments, both ways."""
    with journal.transaction() as session:
        for n in range(BUSY_NOTES):
            note = Interaction(
                customer_id=customer_id,
                occurred_at=now - timedelta(days=offset_days + n, hours=3),
                timezone="Europe/Helsinki",
                kind=InteractionKind.CALL if n % 2 else InteractionKind.EMAIL,
                title=f"Note {offset_days + n}",
                body="Talked about the **licence** renewal.",
                mood=Mood.NEUTRAL,
                created_at=now,
            )
            if n % 10 == 0:
                note.questions.append(
                    CustomerQuestion(text="When does the licence run out?", topic="licence")
                )
            session.add(note)
        statuses = (CommitmentStatus.OPEN, CommitmentStatus.DONE, CommitmentStatus.CANCELLED)
        for n in range(BUSY_COMMITMENTS):
            session.add(
                Commitment(
                    uid=str(uuid.uuid4()),
                    customer_id=customer_id,
                    kind=CommitmentKind.APPOINTMENT if n % 5 == 0 else CommitmentKind.PROMISE,
                    direction=Direction.MINE if n % 2 else Direction.THEIRS,
                    title=f"Commitment {offset_days + n}",
                    due_at=now + timedelta(days=(n % 40) - 20, hours=offset_days + n),
                    timezone="Europe/Helsinki",
                    status=statuses[n % 3],
                    created_at=now,
                )
            )


@pytest.fixture
def busy(journal: Journal, now: datetime) -> int:
    with journal.transaction() as session:
        customer = Customer(
            name="House account", timezone="Europe/Helsinki", created_at=now, root_need="Uptime"
        )
        session.add(customer)
        session.flush()
        customer_id = customer.id
    _add_history(journal, customer_id, now, offset_days=0)
    return customer_id


@pytest.fixture
def without_risks(monkeypatch: pytest.MonkeyPatch) -> None:
    # The risk rules read more than the page by design (the lead's services.risks, measured
    # separately in the report); what is tested here is everything else the briefing reads.
    from custjournal.services import risks

    monkeypatch.setattr(risks, "evaluate_risks", lambda *args, **kwargs: [])


def test_briefing_reads_a_bounded_number_of_rows(
    journal: Journal, now: datetime, busy: int, counted: Callable[..., int], without_risks: None
) -> None:
    def build() -> briefing.Briefing:
        return briefing.build_briefing(journal, customer_id=busy, now=now)

    shown = build()
    assert len(shown.interactions) == briefing.LAST_INTERACTIONS
    assert len(shown.promises_mine) == briefing.MAX_PROMISES
    assert shown.more_promises > 0
    assert any(q.repeated and q.times == BUSY_NOTES // 10 for q in shown.questions)
    before = counted(build)
    assert before < 80  # of 400 notes and 300 commitments

    _add_history(journal, busy, now, offset_days=BUSY_NOTES)
    doubled = build()
    assert any(q.repeated and q.times == 2 * BUSY_NOTES // 10 for q in doubled.questions)
    assert doubled.more_promises > shown.more_promises  # counted, not loaded
    assert counted(build) == before


def test_workspace_reads_pages_not_the_history(
    journal: Journal, now: datetime, busy: int, counted: Callable[..., int]
) -> None:
    pytest.importorskip("PySide6")
    from custjournal.gui.views import workspace

    def load() -> workspace.Workspace:
        return workspace.load_workspace(journal, busy, now, lambda at, cid: None, "UTC")

    data = load()
    assert len(data.notes) == workspace.PAGE
    assert data.note_total == BUSY_NOTES
    assert len(data.commitments) == workspace.COMMITMENT_PAGE
    assert data.commitment_total == BUSY_COMMITMENTS
    assert data.notes[0].title == "Note 0"  # newest first
    assert "Note 0" in data.timeline_html  # rendered off the GUI thread, with the page
    assert all(c.is_open for c in data.commitments[:10])  # open ones first
    before = counted(load)
    # Each page: its ids from the index, then those rows (and the notes' contacts, questions).
    assert before < 3 * (workspace.PAGE + workspace.COMMITMENT_PAGE)  # of 400 and 300

    _add_history(journal, busy, now, offset_days=BUSY_NOTES)
    assert load().note_total == 2 * BUSY_NOTES
    assert counted(load) == before

    # Paging on reads one more page, in order, however deep.
    page = workspace.timeline_page(journal, busy, 3 * workspace.PAGE, "UTC", "Europe/Helsinki")
    assert [n.title for n in page.notes][:2] == ["Note 90", "Note 91"]
    assert (
        counted(lambda: workspace.timeline_page(journal, busy, 600, "UTC", "Europe/Helsinki"))
        <= 3 * workspace.PAGE
    )


def test_customer_commitment_pages_cover_every_commitment_once(
    journal: Journal, busy: int, now: datetime
) -> None:
    from custjournal.services.commitment_reads import (
        count_customer_commitments,
        customer_commitments,
    )

    total = count_customer_commitments(journal, customer_id=busy)
    seen = []
    for offset in range(0, total, 70):
        seen += customer_commitments(journal, customer_id=busy, offset=offset, limit=70)
    assert len(seen) == total == len({c.id for c in seen})
    still_open = [c for c in seen if c.is_open]
    assert seen[: len(still_open)] == still_open  # open first, soonest due first
    assert [c.due_at for c in still_open] == sorted(c.due_at for c in still_open)
    history = seen[len(still_open) :]
    assert [c.due_at for c in history] == sorted((c.due_at for c in history), reverse=True)


def test_agenda_reads_the_window_not_every_open_commitment(
    journal: Journal, now: datetime, busy: int, counted: Callable[..., int]
) -> None:
    week = now + timedelta(days=7)
    items = commitments.agenda(journal, start=now, end=week)
    assert items and all(now <= i.starts_at <= week for i in items)
    assert all(i.commitment.status == CommitmentStatus.OPEN for i in items)
    assert [(i.starts_at, i.commitment.id) for i in items] == sorted(
        (i.starts_at, i.commitment.id) for i in items
    )
    rows = counted(lambda: commitments.agenda(journal, start=now, end=week))
    assert rows == len(items)  # no open commitment outside the week was handed over

    # ... nor walked inside the database: the window is a range of one index, and recurring
    # appointments come from their own (partial) index, not from every open commitment.
    statements: list[tuple[str, Any]] = []

    @event.listens_for(journal.engine, "before_cursor_execute")
    def _seen(conn: Any, cursor: Any, statement: str, params: Any, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, params))

    commitments.agenda(journal, start=now, end=week)
    event.remove(journal.engine, "before_cursor_execute", _seen)
    with journal.engine.connect() as connection:
        plans = [
            " / ".join(row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {s}", p))
            for s, p in statements
        ]
    assert len(plans) == 2
    assert "ix_commitments_status_due (status=? AND due_at>? AND due_at<?)" in plans[0]
    assert "ix_commitments_recurring" in plans[1]
    assert not any("SCAN commitments" in plan for plan in plans)


class _Nowhere:
    """A navigator for a view shown on its own."""

    def show_view(self, name: str) -> None: ...
    def show_customer(self, customer_id: int, *, interaction_id: int | None = None) -> None: ...
    def run_action(self, name: str, **kwargs: Any) -> None: ...


def test_workspace_timeline_pages_on_as_it_scrolls_and_keeps_its_place(
    qtbot: Any, journal: Journal, now: datetime, busy: int
) -> None:
    pytest.importorskip("PySide6")
    from custjournal.gui.context import AppContext
    from custjournal.gui.views.workspace import PAGE, WorkspaceView
    from custjournal.gui.worker import CLOCK, INTERACTIONS, Change

    ctx = AppContext.create(journal, lambda: now)
    view = WorkspaceView(ctx, _Nowhere())
    try:
        view.resize(1000, 600)
        view.show()
        view.show_customer(busy)
        qtbot.waitUntil(lambda: view.data is not None and not ctx.busy, timeout=20_000)
        assert len(view.notes) == PAGE  # the rest read ahead or not at all
        assert "House account" in view.header.text()
        assert "Checking risks" not in view.profile.toPlainText()  # evaluated after showing
        bar = view.timeline.verticalScrollBar()
        for _ in range(4):  # the reader scrolls to the end four times: four more pages
            shown = len(view.notes)
            bar.setValue(bar.maximum())
            qtbot.waitUntil(lambda n=shown: len(view.notes) > n, timeout=20_000)
        assert len(view.notes) == 5 * PAGE < BUSY_NOTES
        assert [n.title for n in view.notes] == [f"Note {i}" for i in range(5 * PAGE)]
        assert f"Note {5 * PAGE - 1}" in view.timeline.toPlainText()
        assert view.commit_model.loaded <= 100 < view.commit_model.total

        # The minute's tick refreshes the workspace but keeps the pages and the place.
        bar.setValue(bar.maximum() // 2)
        place, loads = bar.value(), view.loads
        for _ in range(3):
            ctx.events.changed.emit(Change(frozenset({CLOCK})))
        qtbot.waitUntil(lambda: view.loads >= loads + 3 and not ctx.busy, timeout=20_000)
        assert len(view.notes) == 5 * PAGE and bar.value() == place
        assert len(view.timeline_page._ahead) <= 3  # noqa: SLF001 - ticks pile up no pages

        # A change to the notes starts again from the newest page.
        loads = view.loads
        ctx.events.changed.emit(Change.of(INTERACTIONS))
        qtbot.waitUntil(lambda: view.loads > loads and not ctx.busy, timeout=20_000)
        assert len(view.notes) == PAGE
    finally:
        view.close()
        ctx.close()
