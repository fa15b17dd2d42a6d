"""Interactions and commitments as CSV for spreadsheets, with formula injection neutralised."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from sqlalchemy import select

from custjournal.domain import Commitment, Customer, Interaction, ValidationError
from custjournal.domain.times import zone
from custjournal.services.interchange.common import (
    Cancelled,
    CustomerIndex,
    ExportResult,
    Progress,
    Ticker,
)
from custjournal.store import Journal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would evaluate (=, +, -, @, tab, CR first) is prefixed with '."""
    if cell.startswith(FORMULA_STARTS) or cell.lstrip().startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _local(value: datetime | None, tz_name: str) -> str:
    if value is None:
        return ""
    try:
        return value.astimezone(zone(tz_name)).isoformat()
    except ValidationError:
        return value.isoformat()


INTERACTION_COLUMNS = ("customer", "occurred_at", "timezone", "kind", "channel", "title",
                       "body", "mood", "contacts")  # fmt: skip
COMMITMENT_COLUMNS = ("uid", "customer", "kind", "direction", "title", "details", "due_at",
                      "timezone", "duration_minutes", "location", "channel", "rrule", "status",
                      "completed_at", "confirmed_at", "follow_up", "owner")  # fmt: skip


def _interaction_row(i: Interaction, customer: str) -> list[str]:
    return [customer, _local(i.occurred_at, i.timezone), i.timezone, i.kind.value,
            i.channel.value if i.channel else "", i.title, i.body, i.mood.value,
            "; ".join(c.name for c in i.contacts)]  # fmt: skip


def _commitment_row(c: Commitment, customer: str) -> list[str]:
    return [c.uid, customer, c.kind.value, c.direction.value, c.title, c.details,
            _local(c.due_at, c.timezone), c.timezone,
            "" if c.duration_minutes is None else str(c.duration_minutes), c.location,
            c.channel.value if c.channel else "", c.rrule, c.status.value,
            _local(c.completed_at, c.timezone), _local(c.confirmed_at, c.timezone),
            c.follow_up.value if c.follow_up else "", c.owner]  # fmt: skip


def export_csv(
    journal: Journal,
    *,
    what: str,
    customer: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Interactions or commitments as CSV (UTF-8 with BOM so Excel reads accents)."""
    if what not in ("interactions", "commitments"):
        raise ValidationError("what", f"{what!r} is not interactions or commitments")
    model = Interaction if what == "interactions" else Commitment
    when = Interaction.occurred_at if what == "interactions" else Commitment.due_at
    columns = INTERACTION_COLUMNS if what == "interactions" else COMMITMENT_COLUMNS
    row_of = _interaction_row if what == "interactions" else _commitment_row
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    with journal.reading() as session:
        stmt = select(model, Customer.name).join(Customer).order_by(when, model.id)
        if customer:
            stmt = stmt.where(Customer.id == CustomerIndex(session).require(customer).id)
        if start is not None:
            stmt = stmt.where(when >= start)
        if end is not None:
            stmt = stmt.where(when < end)
        rows = list(session.execute(stmt))
        ticker = Ticker(len(rows), progress, cancelled)
        for record, name in rows:
            ticker.tick()
            writer.writerow([neutralise(cell) for cell in row_of(record, name)])
    return ExportResult(out.getvalue(), len(rows))
