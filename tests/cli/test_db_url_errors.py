"""A --db URL custjournal cannot use is one line naming --db and what to write instead.

Only SQLite files and PostgreSQL through psycopg 3 are supported; a URL for another database
or driver, or with a misspelt connection option, is refused before anything is imported or
connected to (it used to end in a traceback: a missing driver module, psycopg's error).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from custjournal.cli import main
from custjournal.domain import ValidationError
from custjournal.store import Journal
from custjournal.store.engine import create_journal_engine
from tests.conftest import PgDatabases

NOW = "2026-11-23T10:00:00Z"
PG = "postgresql+psycopg://"

# (URL, what the line must say). Port 1: nothing listens there, should a check let one pass.
REFUSED = [
    (
        "postgresql+psycopg2://u@127.0.0.1/x",
        ["the psycopg2 driver is not supported", "use postgresql+psycopg://u@127.0.0.1/x"],
    ),
    ("postgresql+asyncpg://u@127.0.0.1/x", ["the asyncpg driver is not supported", PG]),
    ("postgresql+pg8000://u@127.0.0.1/x", ["the pg8000 driver is not supported", PG]),
    ("mysql://x@y/z", ["mysql is not supported", "sqlite:///", PG]),
    ("mssql+pyodbc://x@y/z", ["mssql is not supported", "sqlite:///", PG]),
    ("sqlite+aiosqlite:///j.db", ["the aiosqlite driver is not supported", "sqlite:///"]),
    ("postgres://u@127.0.0.1/x", ["postgres://", "write postgresql+psycopg://u@127.0.0.1/x"]),
    ("journal.db", ["not a database URL", "sqlite:////", PG]),
    (
        "postgresql+psycopg://u@127.0.0.1:1/custjournal?sslmod=require",
        ['"sslmod" is not a PostgreSQL connection option', "sslmode"],
    ),
    (
        "postgresql+psycopg://u@127.0.0.1:1/custjournal?sslmode=require&aplication_name=x",
        ['"aplication_name" is not a PostgreSQL connection option', "application_name"],
    ),
]


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A relative SQLite URL that slipped through would leave its file (or lock) here.
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(("url", "says"), REFUSED, ids=[url for url, _ in REFUSED])
def test_a_command_refuses_the_url_in_one_line(
    url: str, says: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["customers", "--db", url, "--now", NOW])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("custjournal customers: --db: ") and err.count("\n") == 1, err
    for part in says:
        assert part in err


@pytest.mark.parametrize(("url", "says"), REFUSED, ids=[url for url, _ in REFUSED])
def test_the_window_start_refuses_the_url_in_one_line_without_starting_qt(
    url: str, says: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_window() -> None:
        raise AssertionError("the window started on a URL it cannot open")

    monkeypatch.setattr("custjournal.cli.window_app", no_window)
    code = main(["--db", url])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("custjournal: --db: ") and err.count("\n") == 1, err
    for part in says:
        assert part in err


@pytest.mark.parametrize(("url", "says"), REFUSED, ids=[url for url, _ in REFUSED])
def test_opening_refuses_the_url_naming_db(url: str, says: list[str]) -> None:
    # What the window shows for a remembered URL (Settings) it cannot open.
    with pytest.raises(ValidationError) as refused:
        Journal.open(url)
    assert refused.value.field == "--db"
    for part in says:
        assert part in str(refused.value)


def test_the_suggested_url_hides_the_password(capsys: pytest.CaptureFixture[str]) -> None:
    for url in ("postgres://me:s3cret@db.example/team", "postgresql+psycopg2://me:s3cret@db/team"):
        assert main(["customers", "--db", url, "--now", NOW]) == 2
        err = capsys.readouterr().err
        assert "s3cret" not in err and "me:***@" in err


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://u:p@127.0.0.1:1/x",
        "postgresql://u:p@127.0.0.1:1/x?sslmode=disable&connect_timeout=5",
    ],
)
def test_a_server_that_is_down_is_still_one_line_with_status_1(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["customers", "--db", url, "--now", NOW])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("custjournal customers: --db: cannot use the database (")
    assert err.count("\n") == 1


def test_postgresql_without_a_driver_means_psycopg() -> None:
    # SQLAlchemy 2.0 would pick psycopg2 for it, which custjournal does not use.
    engine = create_journal_engine("postgresql://u@127.0.0.1:1/x")
    try:
        assert engine.dialect.driver == "psycopg"
    finally:
        engine.dispose()


def test_connection_options_spelt_right_are_passed_on(
    pg_databases: PgDatabases, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg_databases.create()
    options = "?application_name=custjournal-test&connect_timeout=10&sslmode=disable"
    assert main(["customers", "--db", url + options, "--now", NOW]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("command", ["backup", "backups", "encrypt"])
def test_the_file_only_commands_refuse_another_database_as_such(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not "mysql journals are backed up by their server": there are none."""
    code = main([command, "--db", "mysql://x@y/z", "--now", NOW])
    err = capsys.readouterr().err
    assert (code, err.count("\n")) == (2, 1) and "mysql is not supported" in err, err
    code = main([command, "--db", "postgresql+psycopg://u@127.0.0.1:1/x", "--now", NOW])
    err = capsys.readouterr().err
    assert code == 2 and "by their server" in err, err
