"""Undo for deletions: the deleted record's snapshot is kept and re-created on undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from custjournal.domain.enums import CommitmentStatus
from custjournal.gui.context import AppContext
from custjournal.gui.worker import COMMITMENTS, CUSTOMERS, INTERACTIONS, Change
from custjournal.services import commitments as commitment_service
from custjournal.services import customers as customer_service
from custjournal.services import journal as journal_service
from custjournal.services.commitment_views import CommitmentView
from custjournal.services.views import ContactView, InteractionView
from custjournal.store import Journal


class DeleteCommand(QUndoCommand):
    """Redo deletes (remembering what was deleted); undo re-creates it from that snapshot.

    Both run on the serialized worker, so an undo queued right after the delete sees the
    snapshot the delete stored.
    """

    def __init__(
        self,
        ctx: AppContext,
        text: str,
        snapshot: Any,
        delete: Callable[[Journal, Any], Any],
        restore: Callable[[Journal, Any, Any], Any],
        change: Change,
    ) -> None:
        super().__init__(text)
        self.ctx, self.snapshot, self.change = ctx, snapshot, change
        self._delete, self._restore = delete, restore

    def redo(self) -> None:
        def run() -> None:
            self._delete(self.ctx.journal, self.snapshot)

        self.ctx.write(run, changes=self.change, label=self.text())

    def undo(self) -> None:
        def run() -> None:
            self.snapshot = self._restore(self.ctx.journal, self.snapshot, self.ctx.now())

        self.ctx.write(run, changes=self.change, label=f"undo {self.text()}")


def delete_note(ctx: AppContext, note: InteractionView) -> DeleteCommand:
    def delete(journal: Journal, n: InteractionView) -> None:
        journal_service.delete_interaction(journal, interaction_id=n.id)

    def restore(journal: Journal, n: InteractionView, now: Any) -> InteractionView:
        return journal_service.log_interaction(
            journal,
            customer_id=n.customer_id,
            now=now,
            occurred_at=n.occurred_at,
            kind=n.kind,
            channel=n.channel,
            title=n.title,
            body=n.body,
            mood=n.mood,
            project_id=n.project_id,
            contact_ids=n.contact_ids,
            questions=n.questions,
        )

    title = note.title or note.kind.value
    change = Change.of(INTERACTIONS, CUSTOMERS, customer_id=note.customer_id)
    return DeleteCommand(ctx, f"delete note “{title}”", note, delete, restore, change)


def delete_contact(ctx: AppContext, contact: ContactView) -> DeleteCommand:
    def delete(journal: Journal, c: ContactView) -> None:
        customer_service.delete_contact(journal, contact_id=c.id)

    def restore(journal: Journal, c: ContactView, now: Any) -> ContactView:
        return customer_service.add_contact(
            journal,
            customer_id=c.customer_id,
            name=c.name,
            role=c.role,
            form_of_address=c.form_of_address,
            email=c.email,
            phone=c.phone,
            preferred_channel=c.preferred_channel,
            notes=c.notes,
        )

    change = Change.of(CUSTOMERS, customer_id=contact.customer_id)
    return DeleteCommand(ctx, f"delete contact {contact.name}", contact, delete, restore, change)


def delete_commitment(ctx: AppContext, commitment: CommitmentView) -> DeleteCommand:
    def delete(journal: Journal, c: CommitmentView) -> None:
        commitment_service.delete_commitment(journal, commitment_id=c.id)

    def restore(journal: Journal, c: CommitmentView, now: Any) -> CommitmentView:
        common = {
            "customer_id": c.customer_id,
            "title": c.title,
            "now": now,
            "direction": c.direction,
            "details": c.details,
            "project_id": c.project_id,
            "contact_id": c.contact_id,
            "follow_up": c.follow_up,
            "owner": c.owner,
        }
        if c.kind.value == "appointment":
            view = commitment_service.add_appointment(
                journal,
                starts_at=c.due_at,
                duration_minutes=c.duration_minutes or 60,
                channel=c.channel or "in-person",
                location=c.location,
                rrule=c.rrule,
                confirmed=c.confirmed_at is not None,
                **common,
            )
        else:
            view = commitment_service.add_promise(journal, due_at=c.due_at, **common)
        if c.status == CommitmentStatus.DONE:
            view = commitment_service.complete_commitment(
                journal, commitment_id=view.id, now=c.completed_at or now
            )
        elif c.status == CommitmentStatus.BROKEN:
            view = commitment_service.mark_broken(journal, commitment_id=view.id, now=now)
        elif c.status == CommitmentStatus.CANCELLED:
            # The notice of the first cancellation is still in the journal.
            view = commitment_service.cancel_commitment(
                journal, commitment_id=view.id, now=now, told_already=True
            )
        return view

    change = Change.of(COMMITMENTS, customer_id=commitment.customer_id)
    return DeleteCommand(ctx, f"delete “{commitment.title}”", commitment, delete, restore, change)
