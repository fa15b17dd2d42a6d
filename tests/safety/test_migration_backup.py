"""Opening an older journal upgrades it only after a verified backup of the old file."""

from __future__ import annotations

import sqlite3

from alembic import command
from alembic.script import ScriptDirectory
from safety_helpers import names

from custjournal.store import Journal
from custjournal.store.backup import list_backups
from custjournal.store.journal import alembic_config, head_revision


def _revision(path) -> str:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def test_migrations_form_one_chain():
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


def test_an_older_journal_is_backed_up_before_it_is_upgraded(filled, db_path):
    journal = Journal.open(filled, backup=False)
    config = alembic_config()
    with journal.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    journal.close()
    assert list_backups(db_path) == []
    journal = Journal.open(filled)
    backups = list_backups(db_path)
    assert len(backups) == 1  # one backup: the pre-migration one doubles as the opening one
    assert _revision(backups[0].path) == "0001"
    assert _revision(db_path) == head_revision()
    assert names(journal) == ["Acme Oy"]
    journal.close()
