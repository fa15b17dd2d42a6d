"""Fast reads of commitments: the agenda and a customer's commitments a page at a time.

Both select only the columns a CommitmentView holds (no ORM objects, no identity map) and let
an index hand over the rows in order, so their cost follows what is shown, not the journal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, literal_column, select

from custjournal.domain import Commitment, Customer
from custjournal.domain.enums import CommitmentStatus
from custjournal.domain.errors import ValidationError
from custjournal.domain.recurrence import occurrences
from custjournal.services.views import AgendaItem, CommitmentView
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
)
# Written as a literal so that SQLite and PostgreSQL see the partial index's own condition.
RECURRING = Commitment.rrule != literal_column("''")


def _views() -> Select[Any]:
    return select(*VIEW_COLUMNS).join(Customer, Customer.id == Commitment.customer_id)


def agenda_items(
    journal: Journal, *, start: datetime, end: datetime, customer_id: int | None = None
) -> list[AgendaItem]:
    """Open commitments falling between start and end, recurring ones expanded, by time."""
    if end < start:
        raise ValidationError("end", "is before the start")
    is_open = Commitment.status == CommitmentStatus.OPEN
    in_window = _views().where(is_open, Commitment.due_at.between(start, end))
    recurring = _views().where(is_open, RECURRING, Commitment.due_at <= end)  # none start later
    if customer_id is not None:
        in_window = in_window.where(Commitment.customer_id == customer_id)
        recurring = recurring.where(Commitment.customer_id == customer_id)
    items: list[AgendaItem] = []
    with journal.reading() as session:
        connection = session.connection()  # Core rows: no ORM loading step per row
        for row in connection.execute(in_window).all():  # one fetch, not one per row
            view = CommitmentView(*row)
            if not view.rrule:
                items.append(AgendaItem(view, view.due_at))
        for row in connection.execute(recurring).all():
            view = CommitmentView(*row)
            for when in occurrences(
                view.rrule,
                start=view.due_at,
                timezone=view.timezone,
                window_start=start,
                window_end=end,
            ):
                items.append(AgendaItem(view, when))
    items.sort(key=lambda item: (item.starts_at, item.commitment.id))
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
