"""Fixtures for the foundation tests: journal snapshots, a customer in Helsinki, the CLI.

Journals come from `journals`, on the test's `backend`: SQLite files always, and with
CUSTJOURNAL_TEST_PG_URL set also PostgreSQL databases (copies of the session's migrated
template), so every test of the store, the services, the JSON format and the CLI that uses a
journal runs on both. Tests about SQLite files themselves (permissions, WAL, probing a foreign
file) open their own files and run once.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

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
PG_URL = os.environ.get("CUSTJOURNAL_TEST_PG_URL", "").strip()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Session scope: the tests are grouped by backend, so each shared journal is made once.
    # A test asking for `db_url` gets both backends from tests/conftest.py instead.
    if PG_URL and "backend" in metafunc.fixturenames and "db_url" not in metafunc.fixturenames:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty journal file migrated to head once; tests start from copies of it."""
    path = tmp_path_factory.mktemp("template") / "journal.db"
    Journal.open(f"sqlite:///{path}", backup=False).close()
    return path


class Journals:
    """URLs of new journals on one backend: empty and migrated, copies, or not even migrated.

    An SQLite journal is a file alone in its own folder: journals side by side share one
    backups/ folder, and a backup starting there deletes the other's half-written backup.
    A PostgreSQL journal is a database made from the session's migrated template.
    """

    def __init__(self, backend: str, folder: Path, template: Path, databases: Any) -> None:
        self.backend = backend
        self._folder = folder
        self._template = template
        self._databases = databases
        self._numbers = itertools.count(1)

    def _file(self, name: str) -> Path:
        folder = self._folder / f"{name}-{next(self._numbers)}"
        folder.mkdir()
        return folder / f"{name}.db"

    def new(self, name: str) -> str:
        """An empty journal migrated to head."""
        if self._databases is not None:
            return str(self._databases.create())
        path = self._file(name)
        shutil.copyfile(self._template, path)
        return f"sqlite:///{path}"

    def empty(self, name: str) -> str:
        """A database with nothing in it, not even the schema."""
        if self._databases is not None:
            return str(self._databases.create(empty=True))
        return f"sqlite:///{self._file(name)}"

    def copy(self, url: str, name: str) -> str:
        """A copy of the closed journal at `url`."""
        if self._databases is not None:
            return str(self._databases.create(template=make_url(url).database))
        Journal.open(url, backup=False).close()  # checkpointed: the .db file is whole
        path = self._file(name)
        shutil.copyfile(str(make_url(url).database), path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        if self._databases is not None:
            self._databases.drop(url)


@pytest.fixture(scope="session")
def journals(
    backend: str,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_template: Path,
) -> Journals:
    databases = request.getfixturevalue("pg_databases") if backend == "postgresql" else None
    folder = tmp_path_factory.mktemp(f"journals-{backend}")
    return Journals(backend, folder, migrated_template, databases)


@pytest.fixture(scope="session")
def demo_journal(journals: Journals) -> Iterator[Journal]:
    """The sample journal built at the frozen now (read it, do not change it)."""
    from custjournal.services.demo import build_demo

    opened = Journal.open(journals.new("demo"), backup=False)
    build_demo(opened, now=NOW)
    yield opened
    opened.close()


def wipe(journal: Journal) -> None:
    """Empty every table, children first: the journal is then as good as a new one."""
    with journal.transaction() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())
        if session.get_bind().dialect.name == "postgresql":
            # SQLite reuses ids once a table is empty; PostgreSQL's sequences must be told.
            # (DELETE and setval: a third of the time of TRUNCATE … RESTART IDENTITY.)
            sequences = session.scalars(text("SELECT sequencename FROM pg_sequences")).all()
            if sequences:
                calls = ", ".join(f"setval('{name}', 1, false)" for name in sequences)
                session.execute(text(f"SELECT {calls}"))


@pytest.fixture(scope="session")
def shared_journal(journals: Journals) -> Iterator[Journal]:
    opened = Journal.open(journals.new("shared"), backup=False)
    yield opened
    opened.close()


@pytest.fixture
def journal(shared_journal: Journal) -> Journal:
    """An empty journal, as the shared fixture gives, emptied instead of created anew.

    The shared fixture migrates a new file per test (~0.5 s, and SQLAlchemy compiles every
    statement again for each new engine); emptying one open journal takes milliseconds and
    leaves the same content. Tests of opening a *new* file open their own.
    On PostgreSQL likewise: ~15 ms to empty against ~300 ms to copy and drop a database.
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
