"""Shared fixtures: a fresh journal (SQLite; also PostgreSQL when asked) and a frozen clock.

With CUSTJOURNAL_TEST_PG_URL set (a PostgreSQL URL whose user may create databases, e.g.
postgresql+psycopg://postgres@127.0.0.1:54329/postgres), every test under PG_FOLDERS that uses
`db_url` or `journal` runs twice: on a fresh SQLite file and on a fresh PostgreSQL database
(copied from a template migrated once per session, dropped after the test).
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The user's zone defaults to the machine's; tests must not depend on where CI runs. Tests
# that want a zone (the CLI seen from Lisbon) set it themselves.
os.environ["TZ"] = "UTC"
time.tzset()

from custjournal.store import Journal  # noqa: E402

# Monday 23 November 2026, 10:00 UTC: the frozen "now" of the tests.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

PG_URL = os.environ.get("CUSTJOURNAL_TEST_PG_URL", "").strip()
# Storage, services, rules and CLI tests; the window and file-safety tests are SQLite only.
# (tests/foundation parametrizes its own shared journals by `backend`; see its conftest.)
PG_FOLDERS = ("rules", "scenarios", "scale", "foundation")
_TESTS = Path(__file__).resolve().parent
_numbers = itertools.count(1)


def _runs_on_postgresql(path: Path) -> bool:
    try:
        folder = Path(path).resolve().relative_to(_TESTS).parts[0]
    except (ValueError, IndexError):
        return False
    return folder in PG_FOLDERS


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if not PG_URL or "db_url" not in metafunc.fixturenames:
        return
    if _runs_on_postgresql(metafunc.definition.path):
        metafunc.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)


def _server(database: str) -> str:
    """A plain libpq URL for `database` on the test server (for psycopg's admin connection)."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    url = make_url(PG_URL).set(drivername="postgresql", database=database)
    return url.render_as_string(hide_password=False)


def _sqlalchemy_url(database: str) -> str:
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    url = make_url(PG_URL).set(drivername="postgresql+psycopg", database=database)
    return url.render_as_string(hide_password=False)


def _admin(statement: str) -> None:
    import psycopg  # noqa: PLC0415
    from sqlalchemy.engine import make_url  # noqa: PLC0415

    with psycopg.connect(_server(make_url(PG_URL).database or "postgres"), autocommit=True) as c:
        c.execute(statement)  # type: ignore[arg-type]  # names below are generated, not user text


@pytest.fixture(autouse=True)
def _own_settings_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: Any) -> None:
    # This computer's settings (services.profile, e.g. local.owner) go to a folder of the
    # test's own: never the real user's, and never one test's into another's. The folder
    # is set where it is looked up (platformdirs heeds XDG_CONFIG_HOME on Linux only), and
    # in the environment for the command lines a test starts.
    from custjournal import paths  # noqa: PLC0415

    home = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setattr(paths, "config_dir", lambda: home / "custjournal")


@pytest.fixture(autouse=True)
def _dev_null_stays_a_device() -> Iterator[None]:
    # Anything that saves to os.devnull by writing a new file and renaming it (QSettings
    # does) replaces /dev/null with a plain file when run as root, breaking every later
    # command on the machine: the test that does it fails here.
    yield
    if os.name == "posix" and os.path.exists(os.devnull):
        import stat  # noqa: PLC0415

        assert stat.S_ISCHR(os.stat(os.devnull).st_mode), f"{os.devnull} was replaced"


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A PostgreSQL database migrated to head once; each test gets a copy of it."""
    if not PG_URL:
        pytest.skip("set CUSTJOURNAL_TEST_PG_URL to run the PostgreSQL tests")
    name = f"cj_test_template_{os.getpid()}"
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
    Journal.open(_sqlalchemy_url(name)).close()
    yield name
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class PgDatabases:
    """Databases on the test server for one session: copies of the migrated template, of
    another (closed) database, or empty ones; each dropped when asked or at the session's end."""

    def __init__(self, template: str) -> None:
        self.template = template
        self._made: list[str] = []

    def create(self, *, template: str | None = None, empty: bool = False) -> str:
        """A new database; its SQLAlchemy URL. `template`: the name of a database to copy."""
        name = f"cj_test_{os.getpid()}_{next(_numbers)}"
        if empty:
            _admin(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
        else:
            _admin(f"CREATE DATABASE {name} TEMPLATE {template or self.template}")
        self._made.append(name)
        return _sqlalchemy_url(name)

    def drop(self, url: str) -> None:
        from sqlalchemy.engine import make_url  # noqa: PLC0415

        name = make_url(url).database
        if name in self._made:
            self._made.remove(name)
            _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def drop_all(self) -> None:
        for name in self._made:
            _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self._made.clear()


@pytest.fixture(scope="session")
def pg_databases(pg_template: str) -> Iterator[PgDatabases]:
    made = PgDatabases(pg_template)
    yield made
    made.drop_all()


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    backend: Any = getattr(request, "param", "sqlite")
    if backend != "postgresql":
        yield f"sqlite:///{tmp_path / 'journal.db'}"
        return
    databases: PgDatabases = request.getfixturevalue("pg_databases")
    url = databases.create()
    try:
        yield url
    finally:
        databases.drop(url)


@pytest.fixture
def journal(db_url: str) -> Iterator[Journal]:
    opened = Journal.open(db_url)
    yield opened
    opened.close()
