"""Fixtures for the foundation tests: journal snapshots, a customer in Helsinki, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from custjournal.domain import Base
from custjournal.services import customers
from custjournal.services.interchange import json_format
from custjournal.services.views import CustomerView
from custjournal.store import Journal

REPO = Path(__file__).resolve().parents[2]
# The CLI subprocesses see the world from Lisbon, the way the DESIGN's example does.
CLI_ZONE = "Europe/Lisbon"
NOW_ISO = "2026-11-23T10:00:00Z"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty journal file migrated to head once; tests start from copies of it."""
    path = tmp_path_factory.mktemp("template") / "journal.db"
    Journal.open(f"sqlite:///{path}", backup=False).close()
    return path


@pytest.fixture(scope="session")
def demo_journal(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[Journal]:
    """The sample journal built at the frozen now (read it, do not change it)."""
    from custjournal.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "journal.db"
    shutil.copyfile(migrated_template, path)
    opened = Journal.open(f"sqlite:///{path}", backup=False)
    build_demo(opened, now=NOW)
    yield opened
    opened.close()


def wipe(journal: Journal) -> None:
    """Empty every table, children first: the journal is then as good as a new one."""
    with journal.transaction() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())


@pytest.fixture(scope="session")
def shared_journal(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[Journal]:
    path = tmp_path_factory.mktemp("shared") / "journal.db"
    shutil.copyfile(migrated_template, path)
    opened = Journal.open(f"sqlite:///{path}", backup=False)
    yield opened
    opened.close()


@pytest.fixture
def journal(shared_journal: Journal) -> Journal:
    """An empty journal, as the shared fixture gives, emptied instead of created anew.

    The shared fixture migrates a new file per test (~0.5 s, and SQLAlchemy compiles every
    statement again for each new engine); emptying one open journal takes milliseconds and
    leaves the same content. Tests of opening a *new* file open their own.
    """
    wipe(shared_journal)
    return shared_journal


def snapshot(journal: Journal) -> str:
    """The whole journal as the JSON export text: equal snapshots mean nothing changed."""
    return json_format.dumps(json_format.export_journal(journal))


@pytest.fixture
def helsinki(journal: Journal, now: datetime) -> CustomerView:
    return customers.create_customer(
        journal, name="Lakeside Dental", now=now, timezone="Europe/Helsinki", stage="active"
    )


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["TZ"] = CLI_ZONE
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("CUSTJOURNAL_DB", None)
    return env


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m custjournal ARGS` as a user would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "custjournal", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=cli_env(),
        cwd=REPO,
        timeout=120,
    )


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli
