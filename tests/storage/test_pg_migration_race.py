"""Several laptops opening one new (or outdated) team journal at the same moment.

Each opening runs in its own process, as on the laptops: all of them start migrating at
once, and every one must end with the journal open at the newest revision.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from custjournal.store.journal import alembic_config
from custjournal.store.revisions import head_revision
from tests.conftest import PgDatabases

PG_URL = os.environ.get("CUSTJOURNAL_TEST_PG_URL", "").strip()
REPO = Path(__file__).resolve().parents[2]
LAPTOPS = 3

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="set CUSTJOURNAL_TEST_PG_URL to run the PostgreSQL tests"
)

# Imports first, then a wait for the agreed moment: process start-up times vary by more than
# a migration takes, so without it the openings would hardly overlap.
OPEN_AT_ONCE = """
import sys, time
from custjournal.store import Journal
import custjournal.store.journal, alembic.command, alembic.script  # noqa: E401
url, start = sys.argv[1], float(sys.argv[2])
time.sleep(max(0.0, start - time.time()))
journal = Journal.open(url)
journal.close()
print("opened")
"""


def _open_at_once(url: str) -> list[subprocess.CompletedProcess[str]]:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.time() + 4.0
    laptops = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_AT_ONCE, url, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(LAPTOPS)
    ]
    finished = []
    for laptop in laptops:
        out, err = laptop.communicate(timeout=180)
        finished.append(subprocess.CompletedProcess(laptop.args, laptop.returncode, out, err))
    return finished


def _revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def _migrate_to(url: str, revision: str) -> None:
    from alembic import command  # noqa: PLC0415 - as the journal does

    engine = create_engine(url)
    try:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


@pytest.mark.parametrize("starting_at", [None, "0006"], ids=["new", "outdated"])
def test_laptops_opening_one_journal_at_once_all_open_it_migrated(
    starting_at: str | None, pg_databases: PgDatabases
) -> None:
    url = pg_databases.create(empty=True)
    if starting_at is not None:
        _migrate_to(url, starting_at)
    for laptop in _open_at_once(url):
        # Before the fix, all but one died on a duplicate table or index ("… already exists").
        assert laptop.returncode == 0, laptop.stderr[-2000:]
        assert laptop.stdout.strip() == "opened"
    assert _revision(url) == head_revision()
