"""Today's agenda rows as plain JSON values and back, for the start-up cache (today_cache)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from custjournal.domain.enums import (
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    FollowUpKind,
)
from custjournal.services.views import AgendaItem, CommitmentView

FIELDS = tuple(field.name for field in fields(CommitmentView))


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"not a whole number: {value!r}")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not a text: {value!r}")
    return value


def _time(value: Any) -> datetime:
    found = datetime.fromisoformat(_str(value))
    if found.utcoffset() is None:
        raise ValueError(f"a time without its zone: {value!r}")
    return found


@cache
def _zone(value: Any) -> str:
    # An unknown zone fails here, not while the table paints. Checked once per name: a busy
    # week has a few zones and thousands of rows.
    ZoneInfo(_str(value))
    return value  # type: ignore[no-any-return]


def _member(kind: type[Enum]) -> Callable[[Any], Any]:
    # A dictionary look-up: calling the enum class is several times slower, per field per row.
    members = {member.value: member for member in kind}
    return lambda value: members[value]  # KeyError for anything else


def _optional(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else convert(value)


# How each field of a commitment is read back; a field added to CommitmentView without a
# line here makes every cached agenda unreadable (a fresh reading instead) and a test fail.
_READ: dict[str, Callable[[Any], Any]] = {
    "id": _int,
    "uid": _str,
    "customer_id": _int,
    "customer_name": _str,
    "project_id": _optional(_int),
    "contact_id": _optional(_int),
    "kind": _member(CommitmentKind),
    "direction": _member(Direction),
    "title": _str,
    "details": _str,
    "due_at": _time,
    "timezone": _zone,
    "status": _member(CommitmentStatus),
    "completed_at": _optional(_time),
    "duration_minutes": _optional(_int),
    "location": _str,
    "channel": _optional(_member(Channel)),
    "rrule": _str,
    "confirmed_at": _optional(_time),
    "follow_up": _optional(_member(FollowUpKind)),
    "version": _int,
}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def dump(items: Iterable[AgendaItem]) -> dict[str, Any]:
    """The rows as JSON values: each commitment once (a series has many occurrences)."""
    commitments: dict[str, list[Any]] = {}
    rows: list[list[Any]] = []
    for item in items:
        c = item.commitment
        key = str(c.id)
        if key not in commitments:
            commitments[key] = [_plain(getattr(c, name)) for name in FIELDS]
        rows.append([key, item.starts_at.isoformat()])
    return {"fields": list(FIELDS), "commitments": commitments, "rows": rows}


def load(data: dict[str, Any]) -> tuple[AgendaItem, ...]:
    """The rows `dump` gave; ValueError, KeyError or TypeError on anything else."""
    if data["fields"] != list(FIELDS):
        raise ValueError("the commitments' fields have changed since")
    readers: Sequence[Callable[[Any], Any]] = [_READ[name] for name in FIELDS]
    views: dict[str, CommitmentView] = {}
    for key, values in data["commitments"].items():
        if len(values) != len(readers):
            raise ValueError("a commitment's fields are missing")
        views[key] = CommitmentView(
            *(read(value) for read, value in zip(readers, values, strict=True))
        )
    return tuple(AgendaItem(views[key], _time(starts_at)) for key, starts_at in data["rows"])
