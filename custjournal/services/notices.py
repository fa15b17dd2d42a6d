"""Notices: how and when the customer was told of a change, and whether they acknowledged it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from custjournal.domain import Commitment, Customer, Notice
from custjournal.domain.enums import Channel, NoticeKind
from custjournal.domain.errors import ValidationError
from custjournal.domain.times import MAX_DURATION_MINUTES
from custjournal.services import validate as v
from custjournal.services.commitment_base import entered_zone
from custjournal.services.uow import get_or_404, unit_of_work
from custjournal.services.views import NoticeView
from custjournal.store import Journal


def record_notice(
    journal: Journal,
    *,
    customer_id: int,
    kind: NoticeKind | str,
    title: str,
    what_changes: str,
    effective_at: datetime,
    channel: Channel | str,
    sent_at: datetime,
    now: datetime,
    commitment_id: int | None = None,
    acknowledged_at: datetime | None = None,
    duration_minutes: int | None = None,
) -> NoticeView:
    """Record that the customer was told of a change (e.g. "mail server reboot Sat 22:00")."""
    chosen_kind = v.enum("kind", NoticeKind, kind)
    changes = v.text("what_changes", what_changes, max_len=10_000)
    if chosen_kind == NoticeKind.PLANNED_CHANGE and not changes:
        raise ValidationError("what_changes", "say exactly what will change")
    effective = v.when("effective_at", effective_at)
    sent = v.when("sent_at", sent_at)
    acknowledged = None if acknowledged_at is None else v.when("acknowledged_at", acknowledged_at)
    if acknowledged is not None and acknowledged < sent:
        raise ValidationError("acknowledged_at", "is before the notice was sent")
    with unit_of_work(journal) as session:
        customer = get_or_404(session, Customer, customer_id, "customer")
        if commitment_id is not None:
            target = session.get(Commitment, commitment_id)
            if target is None or target.customer_id != customer_id:
                raise ValidationError("commitment_id", "is not a commitment of this customer")
        notice = Notice(
            customer_id=customer_id,
            commitment_id=commitment_id,
            kind=chosen_kind,
            title=v.line("title", title, max_len=300, required=True),
            what_changes=changes,
            effective_at=effective,
            timezone=entered_zone(effective, customer.timezone),
            duration_minutes=v.positive_int(
                "duration_minutes", duration_minutes, optional=True, maximum=MAX_DURATION_MINUTES
            ),
            channel=v.enum("channel", Channel, channel),
            sent_at=sent,
            acknowledged_at=acknowledged,
            created_at=now,
        )
        session.add(notice)
        session.flush()
        return NoticeView.of(notice)


def acknowledge_notice(
    journal: Journal, *, notice_id: int, now: datetime, by: str = ""
) -> NoticeView:
    with unit_of_work(journal) as session:
        notice = get_or_404(session, Notice, notice_id, "notice")
        notice.acknowledged_at = max(now, notice.sent_at)
        notice.acknowledged_by = v.line("by", by, max_len=200)
        if notice.commitment_id is not None and notice.kind == NoticeKind.RESCHEDULE:
            commitment = session.get(Commitment, notice.commitment_id)
            if commitment is not None and commitment.confirmed_at is None:
                commitment.confirmed_at = notice.acknowledged_at
        session.flush()
        return NoticeView.of(notice)


def list_notices(journal: Journal, *, customer_id: int | None = None) -> list[NoticeView]:
    with journal.reading() as session:
        stmt = (
            select(Notice, Customer.name)
            .join(Customer, Customer.id == Notice.customer_id)
            .order_by(Notice.effective_at.desc(), Notice.id.desc())
        )
        if customer_id is not None:
            stmt = stmt.where(Notice.customer_id == customer_id)
        return [NoticeView.of(n, name) for n, name in session.execute(stmt)]


def planned_changes(
    journal: Journal, *, start: datetime, end: datetime, customer_id: int | None = None
) -> list[NoticeView]:
    """Planned changes (a server reboot, a price change) that take effect between start and end."""
    stmt = (
        select(Notice, Customer.name)
        .join(Customer, Customer.id == Notice.customer_id)
        .where(Notice.kind == NoticeKind.PLANNED_CHANGE)
        .where(Notice.effective_at.between(start, end))
        .order_by(Notice.effective_at, Notice.id)
    )
    if customer_id is not None:
        stmt = stmt.where(Notice.customer_id == customer_id)
    with journal.reading() as session:
        return [NoticeView.of(n, name) for n, name in session.execute(stmt)]
