"""Fixtures for the safety tests: a journal file path and a closed journal with data."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from safety_helpers import fill

from custjournal.store import Journal


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.db"


@pytest.fixture
def filled(db_url: str, now: datetime) -> str:
    """A closed journal file holding one customer with notes; returns its URL."""
    journal = Journal.open(db_url)
    fill(journal, now)
    journal.close()
    return db_url


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "crash: kills a writer process with SIGKILL (runs in the normal suite)"
    )
