"""Today's agenda rows as plain JSON values and back, for the start-up cache (today_cache)."""

from __future__ import annotations

from collections.abc import Iterable
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
from custjournal.services.commitment_views import AgendaItem, CommitmentView
from custjournal.services.record_rows import filler

FIELDS = tuple(field.name for field in fields(CommitmentView))
_build = filler(CommitmentView, FIELDS)


def _time(value: Any) -> datetime:
    if type(value) is not str:
        raise TypeError(f"not a time: {value!r}")
    found = datetime.fromisoformat(value)
    if found.utcoffset() is None:
        raise ValueError(f"a time without its zone: {value!r}")
    return found


@cache
def _zone(value: Any) -> str:
    # An unknown zone fails here, not while the table paints. Checked once per name: a busy
    # week has a few zones and thousands of rows.
    if type(value) is not str:
        raise TypeError(f"not a zone: {value!r}")
    ZoneInfo(value)
    return value  # type: ignore[no-any-return]


def _members(kind: type[Enum]) -> dict[Any, Any]:
    # A dictionary look-up (KeyError for anything else): calling the enum class is several
    # times slower, per field of thousands of rows.
    return {member.value: member for member in kind}


_KIND, _DIRECTION = _members(CommitmentKind), _members(Direction)
_STATUS, _CHANNEL, _FOLLOW_UP = (
    _members(CommitmentStatus),
    _members(Channel),
    _members(FollowUpKind),
)


def _check(kind: type, values: tuple[Any, ...], optional: bool = False) -> None:
    for value in values:
        if type(value) is not kind and not (optional and value is None):
            raise TypeError(f"not a {kind.__name__}: {value!r}")


def _view(values: list[Any]) -> CommitmentView:
    """One commitment from its values in FIELDS order (spelled out, and filled without the
    frozen constructor: a stress week has thousands of rows, read before the first paint)."""
    (
        id_, uid, customer_id, customer_name, project_id, contact_id, kind, direction, title,
        details, due_at, timezone, status, completed_at, duration_minutes, location, channel,
        rrule, confirmed_at, follow_up, version, owner,
    ) = values  # fmt: skip
    _check(int, (id_, customer_id, version))
    _check(int, (project_id, contact_id, duration_minutes), optional=True)
    _check(str, (uid, customer_name, title, details, location, rrule, owner))
    return _build((
        id_, uid, customer_id, customer_name, project_id, contact_id, _KIND[kind],
        _DIRECTION[direction], title, details, _time(due_at), _zone(timezone), _STATUS[status],
        None if completed_at is None else _time(completed_at), duration_minutes, location,
        None if channel is None else _CHANNEL[channel], rrule,
        None if confirmed_at is None else _time(confirmed_at),
        None if follow_up is None else _FOLLOW_UP[follow_up], version, owner,
    ))  # fmt: skip


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
    views = {key: _view(values) for key, values in data["commitments"].items()}
    return tuple(AgendaItem(views[key], _time(starts_at)) for key, starts_at in data["rows"])
