"""Suggested commitments from a saved note: offered, accepted (tracked) or dismissed, never silent.

A suggestion is identified by the finder's stable key within its note; once the user accepts or
dismisses it, a `PromiseDecision` row remembers that and it is not offered again, even when the
note is edited and saved again (the key only changes when the promise's words or due change).
The note body is scanned, read in the customer's time zone from the note's own time.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from custjournal.domain import Commitment, Customer, Interaction
from custjournal.domain.enums import CommitmentKind, Direction
from custjournal.domain.errors import ConflictError, NotFoundError, ValidationError
from custjournal.domain.suggestions import PromiseDecision, SuggestionDecision
from custjournal.domain.times import zone
from custjournal.services import validate as v
from custjournal.services.commitment_views import CommitmentView
from custjournal.services.promises.finder import Finding, find_promises
from custjournal.services.uow import get_or_404, unit_of_work
from custjournal.store import Journal


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A promise found in a note, offered to be tracked as a commitment."""

    interaction_id: int
    customer_id: int
    customer_name: str
    key: str
    direction: Direction
    who: str
    contact_id: int | None  # the customer's contact named as the promiser, if any
    title: str
    due: datetime | None  # None: the note gives no date; the user must say when
    due_text: str
    timezone: str
    matched: str  # the words it came from, shown to explain it
    span: tuple[int, int]  # where `matched` is in the note body
    trigger: str
    overdue: bool  # already past due when offered


def _findings(session: Session, interaction: Interaction) -> tuple[Customer, list[Finding]]:
    customer = get_or_404(session, Customer, interaction.customer_id, "customer")
    contacts = [c.name for c in customer.contacts]
    found = find_promises(
        interaction.body,
        written_at=interaction.occurred_at,
        tz=zone(customer.timezone or "UTC", "customer.timezone"),
        contacts=contacts,
    )
    return customer, found


def _decided(session: Session, interaction_id: int) -> dict[str, PromiseDecision]:
    rows = session.scalars(
        select(PromiseDecision).where(PromiseDecision.interaction_id == interaction_id)
    )
    return {row.key: row for row in rows}


def _from_note(matched: str) -> str:
    return f'From the note: "{matched}"'


def _tracked(session: Session, interaction_id: int) -> set[str]:
    """The details of commitments already made from this note: a journal restored from a JSON
    export keeps its commitments, so what was accepted is still not offered twice."""
    rows = session.scalars(
        select(Commitment.details).where(Commitment.interaction_id == interaction_id)
    )
    return set(rows)


def _contact_id(customer: Customer, who: str) -> int | None:
    return next((c.id for c in customer.contacts if c.name == who), None)


def suggest_commitments(
    journal: Journal, *, interaction_id: int, now: datetime
) -> list[Suggestion]:
    """The promises in a saved note that the user has neither accepted nor dismissed yet."""
    now = v.when("now", now)
    with journal.reading() as session:
        interaction = get_or_404(session, Interaction, interaction_id, "interaction")
        customer, found = _findings(session, interaction)
        decided = _decided(session, interaction_id)
        tracked = _tracked(session, interaction_id)
        return [
            Suggestion(
                interaction_id=interaction_id,
                customer_id=customer.id,
                customer_name=customer.name,
                key=f.key,
                direction=f.direction,
                who=f.who,
                contact_id=_contact_id(customer, f.who),
                title=f.title,
                due=f.due,
                due_text=f.due_text,
                timezone=customer.timezone,
                matched=f.matched,
                span=f.span,
                trigger=f.trigger,
                overdue=f.due is not None and f.due < now,
            )
            for f in found
            if f.key not in decided and _from_note(f.matched) not in tracked
        ]


def _open(session: Session, interaction_id: int, key: str) -> tuple[Customer, Interaction, Finding]:
    interaction = get_or_404(session, Interaction, interaction_id, "interaction")
    customer, found = _findings(session, interaction)
    finding = next((f for f in found if f.key == key), None)
    if finding is None:
        raise NotFoundError("suggestion", key)
    earlier = session.get(PromiseDecision, (interaction_id, key))
    if earlier is not None:
        raise ConflictError(f"this suggestion was already {earlier.decision.value}")
    return customer, interaction, finding


def accept_suggestion(
    journal: Journal,
    *,
    interaction_id: int,
    key: str,
    now: datetime,
    title: str | None = None,
    due_at: datetime | None = None,
    direction: Direction | str | None = None,
    owner: str = "",
) -> CommitmentView:
    """Track a suggestion as a promise, optionally edited; it is then not offered again.
    `owner` (who at this computer accepts it) owns it if it is ours; the customer's has none."""
    now = v.when("now", now)
    with unit_of_work(journal) as session:
        customer, interaction, finding = _open(session, interaction_id, key)
        due = due_at if due_at is not None else finding.due
        if due is None:
            raise ValidationError("due_at", "the note gives no date for this promise; say when")
        commitment = Commitment(
            uid=f"{uuid.uuid4()}@custjournal",
            customer_id=customer.id,
            project_id=interaction.project_id,
            contact_id=_contact_id(customer, finding.who),
            interaction_id=interaction.id,
            kind=CommitmentKind.PROMISE,
            direction=(side := v.enum("direction", Direction, direction or finding.direction)),
            owner=v.line("owner", owner, max_len=100) if side == Direction.MINE else "",
            title=v.line("title", title or finding.title, max_len=300, required=True),
            details=_from_note(finding.matched),
            due_at=v.when("due_at", due),
            timezone=customer.timezone,
            created_at=now,
        )
        session.add(commitment)
        session.flush()
        session.add(
            PromiseDecision(
                interaction_id=interaction.id,
                key=key,
                decision=SuggestionDecision.ACCEPTED,
                decided_at=now,
                commitment_id=commitment.id,
            )
        )
        return CommitmentView.of(commitment, customer.name)


def dismiss_suggestion(journal: Journal, *, interaction_id: int, key: str, now: datetime) -> None:
    """Say "not a promise to track": the suggestion is not offered again for this note."""
    now = v.when("now", now)
    with unit_of_work(journal) as session:
        _open(session, interaction_id, key)
        session.add(
            PromiseDecision(
                interaction_id=interaction_id,
                key=key,
                decision=SuggestionDecision.DISMISSED,
                decided_at=now,
            )
        )
