"""The trash: deleting a customer or a project keeps it whole for 30 days, restorable."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError

from custjournal.domain import Customer, Project, TrashItem, TrashKind, ValidationError
from custjournal.services.settings import Declared, get_setting, register_provider
from custjournal.services.trash_payload import (
    Rows,
    dangling_links,
    insert_rows,
    relink,
    rows_where,
    table,
)
from custjournal.services.uow import get_or_404, unit_of_work
from custjournal.store import Journal

PAYLOAD_FORMAT = 1
KEEP_DAYS = "trash.keep_days"

# Parents before children, so rows can be inserted back in this order.
PROJECT_TABLES = ["projects", "project_changes", "scope_additions", "retrospectives"]
CUSTOMER_TABLES = [
    "customers",
    "contacts",
    *PROJECT_TABLES,
    "interactions",
    "interaction_contacts",
    "customer_questions",
    "commitments",
    "notices",
    "due_changes",
    "etiquette_reminders",
]
NOUNS = {
    "contacts": "contact",
    "projects": "project",
    "interactions": "note",
    "commitments": "commitment",
    "notices": "notice",
    "project_changes": "change",
    "scope_additions": "scope addition",
    "retrospectives": "retrospective",
    "etiquette_reminders": "etiquette reminder",
}


def _keep_days(text: str, key: str) -> int:
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise ValidationError(key, f"{text!r} is not a whole number") from None
    if value <= 0:
        raise ValidationError(key, "must be greater than zero")
    return value


register_provider(
    lambda: {
        KEEP_DAYS: Declared(
            KEEP_DAYS, lambda: 30, _keep_days, "keep deleted customers and projects this many days"
        )
    }
)


@dataclass(frozen=True, slots=True)
class TrashEntry:
    id: int
    kind: str
    label: str
    deleted_at: datetime
    expires_at: datetime
    summary: str


@dataclass(frozen=True, slots=True)
class RestoredItem:
    kind: str
    id: int  # the customer's or project's id (a new one if its old id was taken meanwhile)
    label: str


def _summary(rows: Rows) -> str:
    parts = []
    for name, noun in NOUNS.items():
        count = len(rows.get(name, []))
        if count:
            parts.append(f"{count} {noun}{'' if count == 1 else 's'}")
    return ", ".join(parts) or "no other records"


def _entry(item: TrashItem, keep_days: int) -> TrashEntry:
    payload = json.loads(item.payload)
    return TrashEntry(
        item.id,
        item.kind.value,
        item.label,
        item.deleted_at,
        item.deleted_at + timedelta(days=keep_days),
        _summary(payload.get("rows", {})),
    )


def _customer_rows(session: Any, customer_id: int) -> Rows:
    c = {name: table(name).c for name in CUSTOMER_TABLES}
    projects = select(c["projects"].id).where(c["projects"].customer_id == customer_id)
    notes = select(c["interactions"].id).where(c["interactions"].customer_id == customer_id)
    contacts = select(c["contacts"].id).where(c["contacts"].customer_id == customer_id)
    commitments = select(c["commitments"].id).where(c["commitments"].customer_id == customer_id)
    where = {
        "customers": [c["customers"].id == customer_id],
        "contacts": [c["contacts"].customer_id == customer_id],
        "projects": [c["projects"].customer_id == customer_id],
        "project_changes": [c["project_changes"].project_id.in_(projects)],
        "scope_additions": [c["scope_additions"].project_id.in_(projects)],
        "retrospectives": [c["retrospectives"].project_id.in_(projects)],
        "interactions": [c["interactions"].customer_id == customer_id],
        "interaction_contacts": [
            or_(
                c["interaction_contacts"].interaction_id.in_(notes),
                c["interaction_contacts"].contact_id.in_(contacts),
            )
        ],
        "customer_questions": [c["customer_questions"].interaction_id.in_(notes)],
        "commitments": [c["commitments"].customer_id == customer_id],
        "notices": [c["notices"].customer_id == customer_id],
        "due_changes": [c["due_changes"].commitment_id.in_(commitments)],
        "etiquette_reminders": [c["etiquette_reminders"].customer_id == customer_id],
    }
    return {name: rows_where(session, name, *where[name]) for name in CUSTOMER_TABLES}


def _project_rows(session: Any, project_id: int) -> Rows:
    rows = {"projects": rows_where(session, "projects", table("projects").c.id == project_id)}
    for name in PROJECT_TABLES[1:]:
        rows[name] = rows_where(session, name, table(name).c.project_id == project_id)
    return rows


def _trash(session: Any, kind: TrashKind, label: str, rows: Rows, now: datetime) -> TrashItem:
    payload = {
        "format": PAYLOAD_FORMAT,
        "kind": kind.value,
        "rows": rows,
        "links": dangling_links(session, rows),
    }
    item = TrashItem(kind=kind, label=label, deleted_at=now, payload=json.dumps(payload))
    session.add(item)
    return item


def delete_customer(journal: Journal, *, customer_id: int, now: datetime) -> TrashEntry:
    """Move a customer, with everything recorded about them, to the trash."""
    with unit_of_work(journal) as session:
        customer = get_or_404(session, Customer, customer_id, "customer")
        rows = _customer_rows(session, customer_id)
        item = _trash(session, TrashKind.CUSTOMER, customer.name, rows, now)
        session.delete(customer)
        session.flush()
        return _entry(item, get_setting(session, KEEP_DAYS))


def delete_project(journal: Journal, *, project_id: int, now: datetime) -> TrashEntry:
    """Move a project, its change history and retrospective to the trash."""
    with unit_of_work(journal) as session:
        project = get_or_404(session, Project, project_id, "project")
        customer = session.get(Customer, project.customer_id)
        label = f"{project.name} ({customer.name if customer else 'no customer'})"
        rows = _project_rows(session, project_id)
        item = _trash(session, TrashKind.PROJECT, label, rows, now)
        session.delete(project)
        session.flush()
        return _entry(item, get_setting(session, KEEP_DAYS))


def list_trash(journal: Journal, *, now: datetime) -> list[TrashEntry]:
    """What is in the trash, most recently deleted first (expired items included until purged)."""
    with journal.reading() as session:
        keep = get_setting(session, KEEP_DAYS)
        items = session.scalars(
            select(TrashItem).order_by(TrashItem.deleted_at.desc(), TrashItem.id.desc())
        )
        return [_entry(item, keep) for item in items]


def restore_from_trash(journal: Journal, *, trash_id: int, now: datetime) -> RestoredItem:
    """Put a deleted customer or project back, with all its rows and links."""
    with unit_of_work(journal) as session:
        item = get_or_404(session, TrashItem, trash_id, "trash item")
        payload = json.loads(item.payload)
        rows: Rows = payload["rows"]
        if item.kind is TrashKind.CUSTOMER:
            name = rows["customers"][0]["name"]
            if session.scalar(select(Customer.id).where(Customer.name == name)) is not None:
                raise ValidationError(
                    "trash_id", f"a customer named {name!r} exists again; rename it first"
                )
            order = CUSTOMER_TABLES
        else:
            owner = rows["projects"][0]["customer_id"]
            if session.get(Customer, owner) is None:
                raise ValidationError(
                    "trash_id", "its customer is no longer there; restore the customer first"
                )
            order = PROJECT_TABLES
        try:
            with session.begin_nested():
                moved = insert_rows(session, rows, order)
        except IntegrityError as exc:
            raise ValidationError(
                "trash_id",
                f"cannot be restored: it clashes with the journal as it is now ({exc.orig})",
            ) from None
        relink(session, payload.get("links", []), moved)
        root = "customers" if item.kind is TrashKind.CUSTOMER else "projects"
        old_id = rows[root][0]["id"]
        restored = RestoredItem(item.kind.value, moved[root].get(old_id, old_id), item.label)
        session.delete(item)
        return restored


def purge_trash(journal: Journal, *, now: datetime) -> int:
    """Delete for good what has been in the trash longer than the keeping period."""
    with unit_of_work(journal) as session:
        keep = get_setting(session, KEEP_DAYS)
        result = session.execute(
            delete(TrashItem).where(TrashItem.deleted_at < now - timedelta(days=keep))
        )
        return result.rowcount or 0
