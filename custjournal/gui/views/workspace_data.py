"""What the customer workspace reads, on the worker thread: pages, never a whole history.

30 notes of a 50,000-note timeline (already rendered to HTML, so the GUI thread only inserts
it), 100 of 20,000 commitments, and the customer's risks when they are known without running
the rules again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from custjournal.gui.views.workspace_html import note_block
from custjournal.services.commitment_reads import (
    count_customer_commitments,
    customer_commitments,
)
from custjournal.services.commitments import list_notices
from custjournal.services.customers import get_customer
from custjournal.services.etiquette import reminders_for_customer
from custjournal.services.journal import count_interactions, timeline
from custjournal.services.projects import list_projects
from custjournal.services.risks import evaluate_risks
from custjournal.services.views import CustomerView, InteractionView
from custjournal.store import Journal

PAGE = 30  # notes per page of the timeline
COMMITMENT_PAGE = 100


@dataclass(frozen=True)
class TimelinePage:
    """Notes and their HTML, rendered on the worker so the GUI thread only inserts it."""

    notes: list[InteractionView]
    html: str


@dataclass(frozen=True)
class Workspace:
    customer: CustomerView
    notes: list[InteractionView]
    note_total: int
    commitments: list[Any]  # the first page only; the table pages on as it scrolls
    commitment_total: int
    projects: list[Any]
    reminders: list[Any]
    risks: list[Any] | None  # None: not known yet, evaluated after the workspace is shown
    notices: list[Any]
    timeline_html: str = ""


def render_notes(notes: list[InteractionView], user_tz: str, their_tz: str) -> str:
    return "".join(note_block(note, user_tz, their_tz) for note in notes)


def timeline_page(
    journal: Journal, customer_id: int, offset: int, user_tz: str, their_tz: str
) -> TimelinePage:
    """One page of older notes, read and rendered on the worker thread."""
    notes = timeline(journal, customer_id=customer_id, offset=offset, limit=PAGE)
    return TimelinePage(notes, render_notes(notes, user_tz, their_tz))


def timeline_pages(
    journal: Journal, customer_id: int, offset: int, user_tz: str, their_tz: str, pages: int
) -> list[TimelinePage]:
    """A few pages of older notes in one read, each rendered on its own (empty: none left)."""
    notes = timeline(journal, customer_id=customer_id, offset=offset, limit=PAGE * pages)
    chunks = [notes[at : at + PAGE] for at in range(0, len(notes), PAGE)]
    return [TimelinePage(chunk, render_notes(chunk, user_tz, their_tz)) for chunk in chunks]


def load_workspace(
    journal: Journal,
    customer_id: int,
    now: Any,
    risks: Callable[..., list[Any] | None],
    user_tz: str = "UTC",
) -> Workspace:
    """What the workspace shows first, read (and its notes rendered) on the worker thread."""
    customer = get_customer(journal, customer_id)
    reminders = reminders_for_customer(journal, customer_id)
    notes = timeline(journal, customer_id=customer_id, limit=PAGE)
    return Workspace(
        customer,
        notes,
        count_interactions(journal, customer_id=customer_id),
        customer_commitments(journal, customer_id=customer_id, limit=COMMITMENT_PAGE),
        count_customer_commitments(journal, customer_id=customer_id),
        list_projects(journal, customer_id=customer_id),
        reminders,
        risks(now, customer_id),
        list_notices(journal, customer_id=customer_id),
        render_notes(notes, user_tz, customer.timezone),
    )


def cached_risks(ctx: Any, now: Any, customer_id: int) -> list[Any] | None:
    """The customer's risks from the evaluation another view made at this moment, if it is
    still current; None when the rules would have to run (they run after the first paint)."""
    found = ctx.cached_risks(now)
    if found is None:
        return None
    return [r for r in found if getattr(r, "customer_id", None) == customer_id]


def customer_risks(journal: Journal, now: Any, customer_id: int) -> list[Any]:
    """Only this customer's records are read (not the whole journal's)."""
    return evaluate_risks(journal, now=now, customer_id=customer_id)
