"""Fast reads of commitments: the agenda and a customer's commitments a page at a time.

Both select only the columns a CommitmentView holds (no ORM objects, no identity map) and let
an index hand over the rows in order, so their cost follows what is shown, not the journal.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from functools import cache
from operator import attrgetter
from typing import Any

from sqlalchemy import Select, bindparam, func, literal_column, select

from custjournal.domain import Commitment, Customer
from custjournal.domain.enums import CommitmentStatus
from custjournal.domain.errors import ValidationError
from custjournal.domain.recurrence import occurrences
from custjournal.services.commitment_views import AgendaItem, CommitmentView
from custjournal.services.record_rows import records
from custjournal.store import Journal

# In CommitmentView's field order, so a row becomes a view with CommitmentView(*row).
VIEW_COLUMNS = (
    Commitment.id,
    Commitment.uid,
    Commitment.customer_id,
    Customer.name,
    Commitment.project_id,
    Commitment.contact_id,
    Commitment.kind,
    Commitment.direction,
    Commitment.title,
    Commitment.details,
    Commitment.due_at,
    Commitment.timezone,
    Commitment.status,
    Commitment.completed_at,
    Commitment.duration_minutes,
    Commitment.location,
    Commitment.channel,
    Commitment.rrule,
    Commitment.confirmed_at,
    Commitment.follow_up,
    Commitment.version,
    Commitment.owner,
)
# Written as a literal so that SQLite and PostgreSQL see the partial index's own condition.
RECURRING = Commitment.rrule != literal_column("''")
ONE_OFF = Commitment.rrule == literal_column("''")
# The same columns named as the view's fields, for record_rows (each distinct stored value
# converted once, views filled without the frozen constructor's per-field cost).
VIEW_FIELDS = tuple(
    column.label(field.name)
    for column, field in zip(VIEW_COLUMNS, fields(CommitmentView), strict=True)
)


def _views() -> Select[Any]:
    return select(*VIEW_COLUMNS).join(Customer, Customer.id == Commitment.customer_id)


@cache
def _agenda_statements(one_customer: bool) -> tuple[Select[Any], Select[Any]]:
    """The agenda's two statements, built once: one-offs in the window, in the agenda's order
    from the (status, due) index; open recurring series from their partial index (none of
    them starts after the window)."""
    rows = select(*VIEW_FIELDS).join(Customer, Customer.id == Commitment.customer_id)
    is_open = Commitment.status == CommitmentStatus.OPEN
    start, end = bindparam("start"), bindparam("end")
    in_window = rows.where(is_open, ONE_OFF, Commitment.due_at.between(start, end))
    in_window = in_window.order_by(Commitment.due_at, Commitment.id)
    recurring = rows.where(is_open, RECURRING, Commitment.due_at <= end)
    if one_customer:
        theirs = Commitment.customer_id == bindparam("customer_id")
        in_window, recurring = in_window.where(theirs), recurring.where(theirs)
    return in_window, recurring


def agenda_items(
    journal: Journal, *, start: datetime, end: datetime, customer_id: int | None = None
) -> list[AgendaItem]:
    """Open commitments falling between start and end, recurring ones expanded, by time
    (then by id)."""
    if end < start:
        raise ValidationError("end", "is before the start")
    in_window, recurring = _agenda_statements(customer_id is not None)
    params = {"start": start, "end": end, "customer_id": customer_id}
    with journal.reading() as session:
        connection = session.connection()  # Core rows: no ORM loading step per row
        items = [
            AgendaItem(view, view.due_at)
            for view in records(connection, CommitmentView, in_window, params)
        ]
        series = [
            AgendaItem(view, when)
            for view in records(connection, CommitmentView, recurring, params)
            for when in occurrences(
                view.rrule,
                start=view.due_at,
                timezone=view.timezone,
                window_start=start,
                window_end=end,
            )
        ]
    if series:
        items += series
        items.sort(key=lambda item: (item.starts_at, item.commitment.id))
    else:
        # Already in this order from the database. A stable sort by time alone is nearly free
        # (no new objects) and still puts a time written in another text shape (by another
        # tool; SQLite compares the text) in its place.
        items.sort(key=attrgetter("starts_at"))
    return items


def customer_commitments(
    journal: Journal, *, customer_id: int, offset: int = 0, limit: int = 100
) -> list[CommitmentView]:
    """One page of a customer's commitments: open ones by due time, then the rest, newest first.

    Open ones are a range of the (customer, status, due) index, read in order; only pages of
    the history sort that customer's index entries (ids and times, not rows).
    """
    mine = Commitment.customer_id == customer_id
    still_open = Commitment.status == CommitmentStatus.OPEN
    with journal.reading() as session:
        open_total = int(
            session.scalar(select(func.count()).select_from(Commitment).where(mine, still_open))
            or 0
        )
        ids: list[int] = []
        if offset < open_total:
            ids += session.scalars(
                select(Commitment.id)
                .where(mine, still_open)
                .order_by(Commitment.due_at, Commitment.id)
                .offset(offset)
                .limit(limit)
            )
        if len(ids) < limit:
            ids += session.scalars(
                select(Commitment.id)
                .where(mine, Commitment.status != CommitmentStatus.OPEN)
                .order_by(Commitment.due_at.desc(), Commitment.id.desc())
                .offset(max(0, offset - open_total))
                .limit(limit - len(ids))
            )
        if not ids:
            return []
        found = session.connection().execute(_views().where(Commitment.id.in_(ids)))
        rows = {row.id: CommitmentView(*row) for row in found}
    return [rows[i] for i in ids if i in rows]


def count_customer_commitments(journal: Journal, *, customer_id: int) -> int:
    with journal.reading() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Commitment)
                .where(Commitment.customer_id == customer_id)
            )
            or 0
        )
