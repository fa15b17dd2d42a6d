"""Fast reads of commitments: the agenda and a customer's commitments a page at a time.

Both select only the columns a CommitmentView holds (no ORM objects, no identity map) and let
an index hand over the rows in order, so their cost follows what is shown, not the journal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import fields
from datetime import datetime
from functools import cache, lru_cache
from operator import attrgetter
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, bindparam, func, literal_column, select, type_coerce
from sqlalchemy.engine import Dialect
from sqlalchemy.types import NullType

from custjournal.domain import Commitment, Customer
from custjournal.domain.enums import CommitmentStatus
from custjournal.domain.errors import ValidationError
from custjournal.domain.recurrence import occurrences
from custjournal.services.views import AgendaItem, CommitmentView
from custjournal.store import Journal

T = TypeVar("T")

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
ONE_OFF = Commitment.rrule == literal_column("''")
# The same columns as the driver hands them over: the agenda converts each distinct stored
# value once (see _Once) instead of SQLAlchemy converting every value of every row.
STORED_COLUMNS = tuple(
    type_coerce(c, NullType()).label(f"c{i}") for i, c in enumerate(VIEW_COLUMNS)
)
# The columns whose stored form is not the view's value: enums and aware UTC times.
CONVERTED = (
    Commitment.kind,
    Commitment.direction,
    Commitment.due_at,
    Commitment.status,
    Commitment.completed_at,
    Commitment.channel,
    Commitment.confirmed_at,
    Commitment.follow_up,
)


def _views() -> Select[Any]:
    return select(*VIEW_COLUMNS).join(Customer, Customer.id == Commitment.customer_id)


class _Once(dict[Any, Any]):
    """A column's stored values converted once each by the column's own type: a week of
    1,500 commitments holds about 200 distinct times and a handful of enum values."""

    __slots__ = ("convert",)

    def __init__(self, convert: Callable[[Any], Any] | None) -> None:
        super().__init__()
        self.convert = convert or (lambda value: value)

    def __missing__(self, stored: Any) -> Any:
        value = self[stored] = self.convert(stored)
        return value


@lru_cache(maxsize=8)
def _processors(dialect: Dialect) -> tuple[Callable[[Any], Any] | None, ...]:
    """What SQLAlchemy would run on each CONVERTED column's values read through `dialect`."""
    found = {
        column.key: column.type.dialect_impl(dialect).result_processor(dialect, None)
        for column in VIEW_COLUMNS
    }
    converted = [column.key for column in CONVERTED]
    # A column whose type starts needing a conversion must not reach a view unconverted.
    missed = [key for key, process in found.items() if process and key not in converted]
    if missed:
        raise RuntimeError(f"commitment_reads.CONVERTED lacks {missed} on {dialect.name}")
    return tuple(found[key] for key in converted)


def _converters(connection: Connection) -> list[_Once]:
    return [_Once(process) for process in _processors(connection.dialect)]


def _maker(cls: type[T]) -> Callable[..., T]:
    """A constructor for a frozen, slotted dataclass, taking its fields in order, that skips
    the per-field object.__setattr__ of the frozen __init__.

    That __init__ costs about 0.3 us a field here: 6 us a CommitmentView, 9 ms of a week's
    agenda on the stress journal. A mutable twin with the very same slots sets them directly,
    then becomes a `cls` by __class__ assignment (Python allows it between classes of one
    layout): the result is the same object as cls(*values), equal to it, and still frozen.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    slots = getattr(cls, "__slots__", None)
    if slots is None or hasattr(cls, "__post_init__"):
        return cls  # nothing to skip, or an __init__ that does more than set the fields
    code = f"def make({', '.join(names)}):\n    self = new(twin)\n"
    code += "".join(f"    self.{name} = {name}\n" for name in names)
    code += "    self.__class__ = cls\n    return self\n"
    twin = type(f"_Building{cls.__name__}", (), {"__slots__": slots})
    scope: dict[str, Any] = {"new": object.__new__, "twin": twin, "cls": cls}
    try:
        exec(code, scope)  # the code is made of the dataclass's own field names only
        make: Callable[..., T] = scope["make"]
        probe = tuple(range(len(names)))
        if make(*probe) == cls(*probe) and type(make(*probe)) is cls:
            return make
    except (TypeError, ValueError):  # e.g. a layout __class__ assignment refuses
        pass
    return cls


_view = _maker(CommitmentView)
_item = _maker(AgendaItem)


def _read_views(
    connection: Connection, statement: Select[Any], params: dict[str, Any]
) -> Iterator[CommitmentView]:
    """The statement's rows (STORED_COLUMNS) as views, fetched at once, not one by one."""
    kinds, directions, times, statuses, completed, channels, confirmed, follow_ups = _converters(
        connection
    )
    for (
        id_, uid, customer_id, customer_name, project_id, contact_id, kind, direction, title,
        details, due_at, timezone, status, completed_at, duration_minutes, location, channel,
        rrule, confirmed_at, follow_up, version,
    ) in connection.execute(statement, params).all():  # fmt: skip
        yield _view(
            id_, uid, customer_id, customer_name, project_id, contact_id, kinds[kind],
            directions[direction], title, details, times[due_at], timezone, statuses[status],
            completed[completed_at], duration_minutes, location, channels[channel], rrule,
            confirmed[confirmed_at], follow_ups[follow_up], version,
        )  # fmt: skip


@cache
def _agenda_statements(one_customer: bool) -> tuple[Select[Any], Select[Any]]:
    """The agenda's two statements, built once: one-offs in the window, in the agenda's order
    from the (status, due) index; open recurring series from their partial index (none of
    them starts after the window)."""
    rows = select(*STORED_COLUMNS).join(Customer, Customer.id == Commitment.customer_id)
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
        items = [_item(view, view.due_at) for view in _read_views(connection, in_window, params)]
        series = [
            _item(view, when)
            for view in _read_views(connection, recurring, params)
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
