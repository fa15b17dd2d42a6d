"""The unit of work services run in: one transaction per user action, errors made plain."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from custjournal.domain.errors import ConflictError, NotFoundError
from custjournal.services.validate import AFTER_CONFLICT
from custjournal.store import Journal

T = TypeVar("T")


@contextmanager
def unit_of_work(journal: Journal) -> Iterator[Session]:
    """Commit when the block succeeds; a concurrent edit of the same row becomes ConflictError."""
    try:
        with journal.transaction() as session:
            yield session
    except StaleDataError:
        raise ConflictError(
            f"this record was changed elsewhere while you edited it; {AFTER_CONFLICT}"
        ) from None


def get_or_404(session: Session, model: type[T], key: int, what: str) -> T:
    row = session.get(model, key)
    if row is None:
        raise NotFoundError(what, key)
    return row
