"""What the calendar, address-book and spreadsheet converters share: limits, reports, progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from custjournal.domain import Customer, NotFoundError, ValidationError

# The limits below are stated in docs/interchange.md; change both together.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_LINE_CHARS = 256 * 1024
MAX_DEPTH = 4
MAX_COMPONENTS = 50_000
MAX_RECORDS = 100_000

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ImportCancelled(Exception):
    """The user stopped an import or export; nothing was written."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record deliberately left out, with where it was and why."""

    where: str
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did (or, for a preview, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    customers_created: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "customers_created": list(self.customers_created),
            "skipped": [
                {"where": s.where, "title": s.title, "reason": s.reason} for s in self.skipped
            ],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class ExportResult:
    """An export: the file's text, how many records it holds, and anything left out."""

    text: str
    count: int
    warnings: tuple[str, ...] = field(default=())


class Ticker:
    """Reports progress every few records and stops the work when the user cancels."""

    def __init__(self, total: int, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.total = total
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled

    def tick(self, step: int = 1) -> None:
        self.done += step
        if self._cancelled is not None and self._cancelled():
            raise ImportCancelled("cancelled; nothing was changed")
        if self._progress is not None and (self.done % 50 == 0 or self.done >= self.total):
            self._progress(min(self.done, self.total), self.total)


def check_size(data: bytes, source: str, limit: int = MAX_FILE_BYTES) -> None:
    if len(data) > limit:
        raise ValidationError(
            source,
            f"is {len(data) / 1048576:.1f} MB; files over {limit // 1048576} MB are refused "
            "(split it into smaller files)",
        )


def read_file(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `path`, refusing files over the limit before reading them whole."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > limit:
            raise ValidationError(
                name,
                f"is {size / 1048576:.1f} MB; files over {limit // 1048576} MB are refused "
                "(split it into smaller files)",
            )
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ValidationError(name, f"cannot be read ({exc.strerror or exc})") from None
    check_size(data, name, limit)
    return data


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text (a byte-order mark is allowed); other encodings are refused with the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationError(
            f"{source} line {line}", "is not UTF-8 text (save the file as UTF-8)"
        ) from None


def name_key(name: str) -> str:
    """How customer names are compared: case and spacing ignored (Python casefold, not SQL)."""
    return " ".join(name.split()).casefold()


class CustomerIndex:
    """Customers by name for one import: loaded once, new ones added as they are created."""

    def __init__(self, session: Session) -> None:
        self._by_key = {name_key(c.name): c for c in session.scalars(select(Customer))}

    def get(self, name: str) -> Customer | None:
        return self._by_key.get(name_key(name))

    def add(self, customer: Customer) -> None:
        self._by_key[name_key(customer.name)] = customer

    def require(self, name: str) -> Customer:
        customer = self.get(name)
        if customer is None:
            raise NotFoundError("customer", name)
        return customer


def clip(text: str, size: int, what: str, where: str, warnings: list[str]) -> str:
    """Shorten `text` to a column's size, saying so, rather than refusing the whole file."""
    if len(text) <= size:
        return text
    warnings.append(f"{where}: {what} shortened to {size} characters")
    return text[: size - 1] + "…"


def snippet(text: str, size: int = 40) -> str:
    return repr(text if len(text) <= size else text[:size] + "…")
