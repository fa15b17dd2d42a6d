"""What the commitment and notice services share: links checked, views, the zone entered in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from custjournal.domain import Commitment, Contact, Customer, Project
from custjournal.domain.errors import ValidationError
from custjournal.services.commitment_views import CommitmentView
from custjournal.services.uow import get_or_404


def entered_zone(when: datetime, fallback: str) -> str:
    """The IANA zone a time was entered in, when it carries one; else `fallback` (the
    customer's). Kept with the record, so "17:00 in Helsinki" stays 17:00 in Helsinki."""
    key = getattr(when.tzinfo, "key", None)
    return key if isinstance(key, str) else fallback


def commitment_view(session: Session, commitment: Commitment) -> CommitmentView:
    name = session.scalar(select(Customer.name).where(Customer.id == commitment.customer_id))
    return CommitmentView.of(commitment, name or "")


def check_links(
    session: Session, customer_id: int, project_id: int | None, contact_id: int | None
) -> Customer:
    """The customer; refuses a project or contact that belongs to someone else."""
    customer = get_or_404(session, Customer, customer_id, "customer")
    if project_id is not None:
        project = session.get(Project, project_id)
        if project is None or project.customer_id != customer_id:
            raise ValidationError("project_id", "is not a project of this customer")
    if contact_id is not None:
        contact = session.get(Contact, contact_id)
        if contact is None or contact.customer_id != customer_id:
            raise ValidationError("contact_id", "is not a contact of this customer")
    return customer
