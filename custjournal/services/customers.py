"""Customer and contact use cases: create, edit, find, list with what the list shows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from custjournal.domain import Commitment, Contact, Customer, Interaction, NotFoundError
from custjournal.domain.enums import (
    NON_CONTACT_KINDS,
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    Stage,
    Temperament,
)
from custjournal.domain.errors import ValidationError
from custjournal.domain.recurrence import occurrences
from custjournal.services import validate as v
from custjournal.services.settings import get_setting, user_timezone
from custjournal.services.uow import get_or_404, unit_of_work
from custjournal.services.views import ContactView, CustomerRow, CustomerView
from custjournal.store import Journal

NEXT_APPOINTMENT_HORIZON = timedelta(days=400)

# Field name -> checker; shared by create and update so both validate alike.
_CUSTOMER_FIELDS: dict[str, Any] = {
    "name": lambda x: v.line("name", x, max_len=200, required=True),
    "stage": lambda x: v.enum("stage", Stage, x),
    "organisation_type": lambda x: v.line("organisation_type", x, max_len=100),
    "temperament": lambda x: v.enum("temperament", Temperament, x),
    "preferred_channel": lambda x: v.optional_enum("preferred_channel", Channel, x),
    "cadence_days": lambda x: v.positive_int("cadence_days", x, optional=True, maximum=3650),
    "request": lambda x: v.text("request", x, max_len=10_000),
    "root_need": lambda x: v.text("root_need", x, max_len=10_000),
    "country": lambda x: v.country("country", x),
    "culture": lambda x: v.line("culture", x, max_len=60),
    "timezone": lambda x: v.timezone("timezone", x),
    "notes": lambda x: v.text("notes", x, max_len=1_000_000),
}

_CONTACT_FIELDS: dict[str, Any] = {
    "name": lambda x: v.line("name", x, max_len=200, required=True),
    "role": lambda x: v.line("role", x, max_len=200),
    "form_of_address": lambda x: v.line("form_of_address", x, max_len=200),
    "email": lambda x: v.email("email", x),
    "phone": lambda x: v.line("phone", x, max_len=64),
    "preferred_channel": lambda x: v.optional_enum("preferred_channel", Channel, x),
    "notes": lambda x: v.text("notes", x, max_len=100_000),
}


def _checked(fields: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(fields)
    if unknown:
        raise ValidationError(sorted(unknown)[0], "is not a field that can be set")
    return {key: fields[key](value) for key, value in values.items()}


def _name_taken(session: Session, name: str, except_id: int | None = None) -> bool:
    stmt = select(Customer.id).where(func.lower(Customer.name) == name.lower())
    if except_id is not None:
        stmt = stmt.where(Customer.id != except_id)
    return session.scalar(stmt) is not None


def create_customer(journal: Journal, *, name: str, now: datetime, **fields: Any) -> CustomerView:
    values = _checked(_CUSTOMER_FIELDS, {"name": name, **fields})
    values.setdefault("timezone", None)
    with unit_of_work(journal) as session:
        if values["timezone"] is None:
            values["timezone"] = user_timezone(session)
        if _name_taken(session, values["name"]):
            raise ValidationError("name", f"a customer called {values['name']!r} already exists")
        customer = Customer(created_at=now, **values)
        session.add(customer)
        try:
            session.flush()
        except IntegrityError:
            raise ValidationError("name", f"a customer called {values['name']!r} exists") from None
        return CustomerView.of(customer)


def update_customer(
    journal: Journal, *, customer_id: int, expected_version: int | None = None, **fields: Any
) -> CustomerView:
    values = _checked(_CUSTOMER_FIELDS, fields)
    with unit_of_work(journal) as session:
        customer = get_or_404(session, Customer, customer_id, "customer")
        v.check_version(f"customer {customer.name!r}", customer.version, expected_version)
        if "name" in values and _name_taken(session, values["name"], except_id=customer_id):
            raise ValidationError("name", f"a customer called {values['name']!r} already exists")
        for key, value in values.items():
            setattr(customer, key, value)
        session.flush()
        return CustomerView.of(customer)


def get_customer(journal: Journal, customer_id: int) -> CustomerView:
    with journal.reading() as session:
        return CustomerView.of(get_or_404(session, Customer, customer_id, "customer"))


def find_customer(journal: Journal, name: str) -> CustomerView:
    """By exact name (any case), else by a unique beginning of the name; or by id (#12)."""
    wanted = name.strip()
    with journal.reading() as session:
        if wanted.startswith("#") and wanted[1:].isdigit():
            return CustomerView.of(get_or_404(session, Customer, int(wanted[1:]), "customer"))
        exact = session.scalars(
            select(Customer).where(func.lower(Customer.name) == wanted.lower())
        ).first()
        if exact is not None:
            return CustomerView.of(exact)
        prefix = wanted.lower().replace("%", r"\%").replace("_", r"\_")
        matches = session.scalars(
            select(Customer)
            .where(func.lower(Customer.name).like(f"{prefix}%", escape="\\"))
            .order_by(func.lower(Customer.name))
            .limit(3)
        ).all()
        if len(matches) == 1:
            return CustomerView.of(matches[0])
        names = [m.name for m in matches]
    if names:
        more = "..." if len(names) > 2 else ""
        raise ValidationError(
            "customer", f"{name!r} matches several customers ({', '.join(names[:2])}{more})"
        )
    raise NotFoundError("customer", name)


def _filtered(stmt: Any, text: str, stage: Stage | None) -> Any:
    """The list's filter-as-you-type: name, country or root need; and the stage."""
    if text.strip():
        pattern = f"%{text.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Customer.name).like(pattern),
                func.lower(Customer.country).like(pattern),
                func.lower(Customer.root_need).like(pattern),
            )
        )
    if stage is not None:
        stmt = stmt.where(Customer.stage == stage)
    return stmt


def _page(
    session: Session,
    text: str,
    stage: Stage | None,
    offset: int,
    limit: int | None,
    descending: bool = False,
) -> list[Customer]:
    stmt = _filtered(select(Customer), text, stage)
    order = (func.lower(Customer.name), Customer.id)
    if descending:
        order = (func.lower(Customer.name).desc(), Customer.id.desc())
    stmt = stmt.order_by(*order).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def _latest_contact() -> Any:
    """Each customer's newest contact, as a column of a query on customers: a short backward
    walk of their timeline index (a MAX over their notes read every note's kind: the house
    account's 50,000 on stress, 0.3 s for the whole list)."""
    return (
        select(Interaction.occurred_at)
        .where(Interaction.customer_id == Customer.id)
        .where(Interaction.kind.not_in(list(NON_CONTACT_KINDS)))
        .order_by(Interaction.occurred_at.desc())
        .limit(1)
        .scalar_subquery()
    )


# Ids sent in one IN list at most: SQLite refuses more than 32,766 parameters in a statement
# (unless built with another limit), psycopg 65,535. A page has 100; the whole list (sorted
# by a figure) has every customer.
IDS_PER_STATEMENT = 10_000


def _in_parts(ids: list[int]) -> list[list[int]]:
    return [
        ids[start : start + IDS_PER_STATEMENT] for start in range(0, len(ids), IDS_PER_STATEMENT)
    ]


def _last_contacts(session: Session, ids: list[int]) -> dict[int, datetime]:
    """Latest contact of just these customers (a page of the list)."""
    found: dict[int, datetime] = {}
    for part in _in_parts(ids):
        stmt = select(Customer.id, _latest_contact()).where(Customer.id.in_(part))
        found.update(
            (cid, _aware(last))
            for cid, last in session.execute(stmt)
            if last is not None  # type: ignore[misc]
        )
    return found


def _open_items(
    session: Session, ids: list[int], now: datetime
) -> dict[int, tuple[datetime | None, int, int]]:
    """Next appointment and open promises (mine, theirs) of just these customers."""
    upcoming = and_(Commitment.kind == CommitmentKind.APPOINTMENT, Commitment.due_at >= now)
    columns = select(
        Commitment.customer_id,
        func.min(case((upcoming, Commitment.due_at))),
        func.sum(case((Commitment.direction == Direction.MINE, 1), else_=0)),
        func.sum(case((Commitment.direction == Direction.THEIRS, 1), else_=0)),
    )
    found: dict[int, tuple[datetime | None, int, int]] = {}
    for part in _in_parts(ids):
        stmt = columns.where(
            Commitment.customer_id.in_(part), Commitment.status == CommitmentStatus.OPEN
        ).group_by(Commitment.customer_id)
        found.update(
            (cid, (_aware(nxt), int(mine or 0), int(theirs or 0)))
            for cid, nxt, mine, theirs in session.execute(stmt)
        )
    return found


def list_customers(
    journal: Journal,
    *,
    now: datetime,
    text: str = "",
    stage: Stage | str | None = None,
    offset: int = 0,
    limit: int | None = None,
    descending: bool = False,
) -> list[CustomerRow]:
    """One page of customers by name (Z to A with `descending`), with what the list shows
    beside each; the figures are computed for the page only, so a page costs the same in a
    journal of any size."""
    wanted_stage = v.optional_enum("stage", Stage, stage)
    with journal.reading() as session:
        default_cadence = int(get_setting(session, "contact.cadence_days"))
        page = _page(session, text, wanted_stage, offset, limit, descending)
        ids = [c.id for c in page]
        last = _last_contacts(session, ids) if ids else {}
        items = _open_items(session, ids, now) if ids else {}
        rows = [
            CustomerRow(
                id=c.id,
                name=c.name,
                stage=c.stage,
                temperament=c.temperament,
                country=c.country,
                timezone=c.timezone,
                cadence_days=c.cadence_days or default_cadence,
                last_contact_at=last.get(c.id),
                next_appointment_at=items.get(c.id, (None, 0, 0))[0],
                open_mine=items.get(c.id, (None, 0, 0))[1],
                open_theirs=items.get(c.id, (None, 0, 0))[2],
            )
            for c in page
        ]
        return _with_recurring(session, rows, now)


class Cadence(NamedTuple):
    """A customer's contact cadence (theirs, else the journal's) and their last contact."""

    customer_id: int
    name: str
    cadence_days: int
    last_contact_at: datetime | None


def contact_cadences(journal: Journal, *, stage: Stage | str | None = None) -> list[Cadence]:
    """Every customer (of `stage`) by name, with what says whether a call is due: the weekly
    review's calls, without the list's other figures (5,000 customers: 0.45 s with them)."""
    wanted_stage = v.optional_enum("stage", Stage, stage)
    columns = select(Customer.id, Customer.name, Customer.cadence_days, _latest_contact())
    stmt = _filtered(columns, "", wanted_stage).order_by(func.lower(Customer.name), Customer.id)
    with journal.reading() as session:
        default_cadence = int(get_setting(session, "contact.cadence_days"))
        rows = session.execute(stmt).all()
    return [
        Cadence(customer_id, name, cadence or default_cadence, _aware(last))
        for customer_id, name, cadence, last in rows
    ]


def _with_recurring(session: Session, rows: list[CustomerRow], now: datetime) -> list[CustomerRow]:
    """A series that started in the past still has a next meeting: expand it for this page."""
    open_series = (
        select(Commitment.customer_id, Commitment.due_at, Commitment.timezone, Commitment.rrule)
        .where(Commitment.status == CommitmentStatus.OPEN)
        .where(Commitment.kind == CommitmentKind.APPOINTMENT)
        .where(Commitment.rrule != "")
    )
    series = [
        found
        for part in _in_parts([r.id for r in rows])
        for found in session.execute(open_series.where(Commitment.customer_id.in_(part)))
    ]
    nearest: dict[int, datetime] = {}
    for customer_id, start, tz, rule in series:
        upcoming = next(
            occurrences(rule, start=start, timezone=tz, window_start=now,
                        window_end=now + NEXT_APPOINTMENT_HORIZON),
            None,
        )  # fmt: skip
        if upcoming is not None and (customer_id not in nearest or upcoming < nearest[customer_id]):
            nearest[customer_id] = upcoming
    return [
        replace(r, next_appointment_at=min(nearest[r.id], r.next_appointment_at or nearest[r.id]))
        if r.id in nearest
        else r
        for r in rows
    ]


def _aware(value: Any) -> datetime | None:
    """Aggregates may come back without the column type's processing; make them aware UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def count_customers(journal: Journal, *, text: str = "", stage: Stage | str | None = None) -> int:
    wanted_stage = v.optional_enum("stage", Stage, stage)
    with journal.reading() as session:
        stmt = _filtered(select(func.count(Customer.id)), text, wanted_stage)
        return int(session.scalar(stmt) or 0)


def add_contact(journal: Journal, *, customer_id: int, name: str, **fields: Any) -> ContactView:
    values = _checked(_CONTACT_FIELDS, {"name": name, **fields})
    with unit_of_work(journal) as session:
        get_or_404(session, Customer, customer_id, "customer")
        contact = Contact(customer_id=customer_id, **values)
        session.add(contact)
        session.flush()
        return ContactView.of(contact)


def update_contact(
    journal: Journal, *, contact_id: int, expected_version: int | None = None, **fields: Any
) -> ContactView:
    values = _checked(_CONTACT_FIELDS, fields)
    with unit_of_work(journal) as session:
        contact = get_or_404(session, Contact, contact_id, "contact")
        v.check_version(f"contact {contact.name!r}", contact.version, expected_version)
        for key, value in values.items():
            setattr(contact, key, value)
        session.flush()
        return ContactView.of(contact)


def delete_contact(journal: Journal, *, contact_id: int) -> ContactView:
    with unit_of_work(journal) as session:
        contact = get_or_404(session, Contact, contact_id, "contact")
        view = ContactView.of(contact)
        session.delete(contact)
        return view
