"""Declarative base and the column types every model shares (UTC times, money)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from itertools import repeat
from typing import Any

from sqlalchemy import BigInteger, DateTime, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores an aware datetime as naive UTC; gives back an aware UTC datetime.

    Naive datetimes are refused: a time without a zone is a bug waiting for DST.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r} refused: times must carry a zone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        general = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite":
            return general

        # SQLite hands back the stored text: parsing it as UTC in one step is several times
        # cheaper than parse-then-replace, which shows when the rules read years of history.
        def process(value: Any) -> datetime | None:
            if isinstance(value, str):
                try:
                    return datetime.fromisoformat(value + "+00:00")
                except ValueError:
                    pass  # not the stored shape (written by another tool): the general way
            return general(value) if general is not None else value

        return process

    def many_result_processor(self, dialect: Dialect) -> Callable[[list[Any]], list[Any]]:
        """Converts many stored values at once, as services.record_rows reads the rules'
        tens of thousands of times: on SQLite the text is parsed as UTC without a Python
        call per value; anything else (None, another tool's shape) goes one by one."""
        one = self.result_processor(dialect, None)

        def convert(values: list[Any]) -> list[Any]:
            if dialect.name == "sqlite":
                try:
                    utc = map(str.__add__, values, repeat("+00:00"))
                    return list(map(datetime.fromisoformat, utc))
                except (TypeError, ValueError):
                    pass
            return [one(value) for value in values] if one is not None else values

        return convert

    def many_bind_processor(self, dialect: Dialect) -> Callable[[list[Any]], list[Any]]:
        """Converts many times to their stored form at once (the large demo journals write
        a million): on SQLite the text SQLAlchemy's DateTime writes, in one step per value;
        anything else through the column's own processors. Naive times are refused."""
        one = self._cached_bind_processor(dialect)

        def stored(value: datetime | None) -> Any:
            if value is None:
                return None
            if value.utcoffset() is None:
                raise ValueError(f"naive datetime {value!r} refused: times must carry a zone")
            # "YYYY-MM-DD HH:MM:SS.ffffff", SQLite DateTime's storage format.
            return value.astimezone(UTC).isoformat(" ", "microseconds")[:26]

        def convert(values: list[Any]) -> list[Any]:
            if dialect.name == "sqlite":
                return list(map(stored, values))
            if one is None:
                return values
            return [None if value is None else one(value) for value in values]

        return convert


class Money(TypeDecorator[Decimal]):
    """A decimal amount stored exactly as integer hundredths (no float rounding in SQLite),
    in 64 bits: a 32-bit column would stop at 21,474,836.47."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        cents = Decimal(value) * 100
        if cents != cents.to_integral_value():
            raise ValueError(f"amount {value} has more than two decimals")
        return int(cents)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))
