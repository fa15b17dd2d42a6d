"""Commitments both ways: reading them, the agenda, and every commitment service by one name.

The services live by what they do: commitment_entry (recording promises and appointments,
editing them), due_changes (done, broken, confirmed, moved, cancelled), notices (telling the
customer). Their functions are imported here, so callers keep `services.commitments.X`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from custjournal.domain import Commitment, Customer
from custjournal.domain.enums import CommitmentKind, CommitmentStatus, Direction
from custjournal.domain.times import MAX_DURATION_MINUTES
from custjournal.services import validate as v
from custjournal.services.commitment_base import commitment_view
from custjournal.services.commitment_entry import add_appointment, add_promise, update_commitment
from custjournal.services.commitment_reads import agenda_items
from custjournal.services.commitment_views import AgendaItem, CommitmentView
from custjournal.services.due_changes import (
    cancel_commitment,
    complete_commitment,
    confirm_appointment,
    mark_broken,
    reopen_commitment,
    reschedule_commitment,
)
from custjournal.services.notices import (
    acknowledge_notice,
    list_notices,
    planned_changes,
    record_notice,
)
from custjournal.services.uow import get_or_404, unit_of_work
from custjournal.store import Journal


def get_commitment(journal: Journal, commitment_id: int) -> CommitmentView:
    with journal.reading() as session:
        commitment = get_or_404(session, Commitment, commitment_id, "commitment")
        return commitment_view(session, commitment)


def list_commitments(
    journal: Journal,
    *,
    customer_id: int | None = None,
    status: CommitmentStatus | str | None = None,
    direction: Direction | str | None = None,
    kind: CommitmentKind | str | None = None,
    project_id: int | None = None,
) -> list[CommitmentView]:
    # By time, then as entered: commitments due at one moment list alike on every database.
    stmt = (
        select(Commitment, Customer.name).join(Customer).order_by(Commitment.due_at, Commitment.id)
    )
    if customer_id is not None:
        stmt = stmt.where(Commitment.customer_id == customer_id)
    if project_id is not None:
        stmt = stmt.where(Commitment.project_id == project_id)
    if status is not None:
        stmt = stmt.where(Commitment.status == v.enum("status", CommitmentStatus, status))
    if direction is not None:
        stmt = stmt.where(Commitment.direction == v.enum("direction", Direction, direction))
    if kind is not None:
        stmt = stmt.where(Commitment.kind == v.enum("kind", CommitmentKind, kind))
    with journal.reading() as session:
        return [CommitmentView.of(c, name) for c, name in session.execute(stmt)]


def agenda(
    journal: Journal, *, start: datetime, end: datetime, customer_id: int | None = None
) -> list[AgendaItem]:
    """Open commitments falling between start and end, recurring ones expanded, by time."""
    # Read as plain rows through the (status, due) indexes: see commitment_reads.
    return agenda_items(journal, start=start, end=end, customer_id=customer_id)


def delete_commitment(journal: Journal, *, commitment_id: int) -> CommitmentView:
    with unit_of_work(journal) as session:
        commitment = get_or_404(session, Commitment, commitment_id, "commitment")
        view = commitment_view(session, commitment)
        session.delete(commitment)
        return view


__all__ = [
    "MAX_DURATION_MINUTES",
    "acknowledge_notice",
    "add_appointment",
    "add_promise",
    "agenda",
    "cancel_commitment",
    "complete_commitment",
    "confirm_appointment",
    "delete_commitment",
    "get_commitment",
    "list_commitments",
    "list_notices",
    "mark_broken",
    "planned_changes",
    "record_notice",
    "reopen_commitment",
    "reschedule_commitment",
    "update_commitment",
]
