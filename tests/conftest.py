"""Shared fixtures: a fresh journal file and a frozen clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from custjournal.store import Journal  # noqa: E402

# Monday 23 November 2026, 10:00 UTC: the frozen "now" of the tests.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'journal.db'}"


@pytest.fixture
def journal(db_url: str) -> Iterator[Journal]:
    opened = Journal.open(db_url)
    yield opened
    opened.close()
