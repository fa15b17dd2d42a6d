"""Rows of a Core query as frozen records, fast: the rules read 60,000 of them on a large
journal and the agenda 1,500 a week, and SQLAlchemy's per-row machinery cost more than
SQLite's reading them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, fields
from functools import cache, partial
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Select


def records(
    connection: Connection,
    record: type,
    query: Select[Any],
    params: Mapping[str, Any] | None = None,
) -> tuple[Any, ...]:
    """Each row of `query` as a `record` (a frozen dataclass or a NamedTuple), by column
    name; unread fields take their defaults.

    Built without the records' __init__ (and __post_init__): its keyword handling and the
    UTC check of every time cost more than reading the rows, and every time read here is
    aware UTC already (UTCDateTime gives nothing else). So only for records whose checks the
    stored values always pass. The driver's rows are converted by each column's own
    SQLAlchemy type, remembered per distinct value: meetings start on the hour and a
    handful of statuses repeat across thousands of rows.
    """
    columns = list(query.selected_columns)
    dialect = connection.dialect
    types = [c.type.dialect_impl(dialect) for c in columns]
    processors = [t.result_processor(dialect, None) for t in types]
    names = tuple(c.key for c in columns)
    tuples = issubclass(record, tuple)
    if not tuples:
        make = _maker(record, names, tuple(p is not None for p in processors))
    result = connection.execute(query, dict(params or {}))
    try:
        rows = result.cursor.fetchall()  # the driver's tuples, not Row objects
    finally:
        result.close()
    if tuples:
        many = [_many(t, p, dialect) for t, p in zip(types, processors, strict=True)]
        return _named_tuples(record, names, many, rows)
    build = make(*(_remembered(p) for p in processors if p is not None))
    return tuple(map(build, rows))


def _many(column_type: Any, process: Any, dialect: Any) -> Callable[[list[Any]], list[Any]] | None:
    """A converter of many stored values of a column at once, or None (nothing to convert).
    A type may convert them in bulk (domain.base.UTCDateTime); else one by one."""
    if process is None:
        return None
    bulk = getattr(column_type, "many_result_processor", None)
    if bulk is not None:
        return bulk(dialect)  # type: ignore[no-any-return]
    return lambda values: [process(value) for value in values]


def _named_tuples(
    record: type, names: tuple[str, ...], converters: list[Any], rows: list[Any]
) -> tuple[Any, ...]:
    """The rows as `record`s, a NamedTuple (the rules' records), column by column.

    Each converted column is mapped through a table of its distinct values (converted
    together), and each row becomes a record in one C call: no Python function runs per
    row, nor per value where the column's type converts in bulk.
    """
    _check_fields(record, names, record._field_defaults)
    where = {name: index for index, name in enumerate(names)}
    columns: list[Iterable[Any]] = []
    for name in record._fields:
        index = where.get(name)
        if index is None:
            columns.append(repeat(record._field_defaults[name]))
            continue
        values: Iterable[Any] = map(itemgetter(index), rows)
        convert = converters[index]
        if convert is not None:
            stored = list(values)
            distinct = set(stored)
            empty = None in distinct
            distinct.discard(None)  # converted apart: a bulk converter takes stored values
            known = list(distinct)
            table = dict(zip(known, convert(known), strict=True))
            if empty:
                table[None] = convert([None])[0]
            values = map(table.__getitem__, stored)
        columns.append(values)
    # Not strict: an unread field's default repeats without end; the rows set the length.
    return tuple(map(partial(tuple.__new__, record), zip(*columns, strict=False)))


def _check_fields(record: type, names: tuple[str, ...], defaults: Mapping[str, Any]) -> None:
    known = record._fields if issubclass(record, tuple) else [f.name for f in fields(record)]
    unknown = set(names) - set(known)
    missing = [n for n in known if n not in names and n not in defaults]
    if unknown or missing:
        raise TypeError(f"{record.__name__}: no field {sorted(unknown)}, unread {missing}")


def filler(record: type, names: tuple[str, ...]) -> Callable[[Any], Any]:
    """values (a sequence in `names` order) -> a `record` (a frozen dataclass with slots),
    built as `records` builds its rows: without __init__, so the caller vouches for the
    values (their types and checks)."""
    return _maker(record, names, (False,) * len(names))()


_UNSEEN = object()


def _remembered(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    seen: dict[Any, Any] = {None: process(None)}
    look = seen.get

    def convert(value: Any) -> Any:
        converted = look(value, _UNSEEN)
        if converted is _UNSEEN:
            seen[value] = converted = process(value)
        return converted

    return convert


@cache
def _maker(
    record: type, names: tuple[str, ...], converted: tuple[bool, ...]
) -> Callable[..., Callable[[Any], Any]]:
    """A factory of row -> record functions for these columns, written out once (as
    dataclasses writes __init__); it takes the converters of the `converted` columns.

    A frozen record refuses setattr; its slots' own setters do not. One call per field,
    unrolled, is three times faster than looping over the fields.
    """
    known = {f.name: f for f in fields(record)}
    _check_fields(
        record, names, {n: f.default for n, f in known.items() if f.default is not MISSING}
    )
    scope: dict[str, Any] = {"new": object.__new__, "record": record}
    takes = [f"convert_{i}" for i, flag in enumerate(converted) if flag]
    lines = [f"def make({', '.join(takes)}):", "  def build(row):", "    item = new(record)"]
    for index, name in enumerate(names):
        scope[f"set_{index}"] = getattr(record, name).__set__
        value = f"convert_{index}(row[{index}])" if converted[index] else f"row[{index}]"
        lines.append(f"    set_{index}(item, {value})")
    for name, field in known.items():
        if name not in names:
            scope[f"set_{name}"] = getattr(record, name).__set__
            scope[f"default_{name}"] = field.default
            lines.append(f"    set_{name}(item, default_{name})")
    lines += ["    return item", "  return build"]
    exec("\n".join(lines), scope)  # noqa: S102 - written from the record's own field names
    return scope["make"]
