"""The store: a private WAL journal file, migrations without drift, search in sync, exact types.

The file tests (permissions, WAL, PRAGMAs) are about SQLite files and run once; migrations,
drift, search and types run on every backend the session has (see conftest.py).
"""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from custjournal.domain import Base, Customer, Interaction, Project
from custjournal.services import journal as notes
from custjournal.services.views import CustomerView
from custjournal.store import Journal
from custjournal.store.engine import create_journal_engine
from custjournal.store.journal import alembic_config, current_revision, head_revision, upgrade
from custjournal.store.search import FTS_TABLE, PG_INDEX, is_search_index_object, search_ids

from .conftest import Journals


def _include_object(obj, name, kind, reflected, compare_to) -> bool:  # noqa: ANN001
    # The same filter as custjournal/store/migrations/env.py.
    return not is_search_index_object(name)


# SQLite only: file modes and PRAGMAs belong to the file; a server guards its own data.
def test_a_new_journal_file_is_private_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "new" / "journal.db"
    journal = Journal.open(f"sqlite:///{path}")
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        with journal.reading() as session:
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                assert stat.S_IMODE(side.stat().st_mode) & 0o077 == 0
    finally:
        journal.close()
    # Every new connection gets the PRAGMAs, not only the first one.
    engine = create_journal_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as one, engine.connect() as two:
            for connection in (one, two):
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()


# SQLite only, as above.
def test_an_existing_readable_file_is_tightened_to_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    Journal.open(f"sqlite:///{path}").close()
    path.chmod(0o644)
    Journal.open(f"sqlite:///{path}", backup=False).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_foreign_keys_are_enforced(journal: Journal, now: datetime) -> None:
    refused = pytest.raises(IntegrityError, match="(?i)foreign key")
    with refused, journal.transaction() as session:
        session.add(Interaction(customer_id=999, occurred_at=now, created_at=now, body="x"))


def _search_index_exists(engine: Engine) -> bool:
    if "interactions" not in inspect(engine).get_table_names():
        return False
    if engine.dialect.name == "postgresql":
        indexes = inspect(engine).get_indexes("interactions")
        return PG_INDEX in {index["name"] for index in indexes}
    return FTS_TABLE in inspect(engine).get_table_names()


def test_migrations_take_an_empty_database_to_head(journals: Journals) -> None:
    engine = create_journal_engine(journals.empty("empty"))
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert _search_index_exists(engine)
    finally:
        engine.dispose()


def _drift(engine) -> list:  # noqa: ANN001
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_object": _include_object,
                "compare_type": True,
                "render_as_batch": True,
            },
        )
        return compare_metadata(context, Base.metadata)


def test_autogenerate_finds_no_drift_between_models_and_migrations(journal: Journal) -> None:
    assert _drift(journal.engine) == []


def test_downgrade_to_base_and_upgrade_again_gives_the_same_schema(journals: Journals) -> None:
    engine = create_journal_engine(journals.empty("cycle"))
    try:
        upgrade(engine)
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        left = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert left == set()
        assert not _search_index_exists(engine)
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert _drift(engine) == []
    finally:
        engine.dispose()


def test_revisions_form_one_chain_with_one_head() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    heads = scripts.get_heads()
    assert len(heads) == 1, f"several heads: {heads}"
    bases = scripts.get_bases()
    assert len(bases) == 1, f"several bases: {bases}"
    every = {script.revision for script in scripts.walk_revisions()}
    chain = []
    revision = scripts.get_revision(heads[0])
    while revision is not None:
        assert not isinstance(revision.down_revision, tuple), f"merge at {revision.revision}"
        chain.append(revision.revision)
        revision = scripts.get_revision(revision.down_revision) if revision.down_revision else None
    assert chain[-1] == bases[0]
    assert sorted(chain) == sorted(every), "a revision is not on the chain from base to head"
    assert len(chain) == len(set(chain))


def _found(journal: Journal, word: str) -> list[int]:
    with journal.reading() as session:
        return sorted(search_ids(session, word))


def test_the_search_index_follows_insert_update_and_delete(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    first = notes.log_interaction(
        journal, customer_id=helsinki.id, now=now, title="Mailbox quota", body="Liisa asked"
    )
    second = notes.log_interaction(journal, customer_id=helsinki.id, now=now, body="quota again")
    assert _found(journal, "quota") == [first.id, second.id]
    assert _found(journal, "liisa") == [first.id]

    notes.update_interaction(journal, interaction_id=first.id, body="Dr. Müller called back")
    assert _found(journal, "liisa") == []
    assert _found(journal, "quota") == [first.id, second.id]  # the title still says it
    assert _found(journal, "müller") == [first.id]

    notes.delete_interaction(journal, interaction_id=second.id)
    assert _found(journal, "quota") == [first.id]
    if journal.engine.dialect.name == "sqlite":
        with journal.reading() as session:
            integrity = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
            session.execute(text(integrity))  # raises if the index disagrees with the table


def test_search_folds_diacritics(journal: Journal, helsinki: CustomerView, now: datetime) -> None:
    # A consultant types "muller" for Dr. Müller and "sao" for São Paulo.
    note = notes.log_interaction(
        journal, customer_id=helsinki.id, now=now, body="Dr. Müller flies to São Paulo"
    )
    assert _found(journal, "muller") == [note.id]
    assert _found(journal, "sao paulo") == [note.id]
    assert _found(journal, "MÜLLER") == [note.id]


def test_deleting_a_customer_cascades_into_the_search_index(
    journal: Journal, helsinki: CustomerView, now: datetime
) -> None:
    notes.log_interaction(journal, customer_id=helsinki.id, now=now, body="switch-over plan")
    with journal.transaction() as session:
        session.delete(session.get(Customer, helsinki.id))
    assert _found(journal, "switch") == []
    with journal.reading() as session:
        assert session.scalar(select(Interaction.id)) is None


def test_utc_datetime_refuses_naive_times(journal: Journal) -> None:
    with pytest.raises(StatementError, match="naive datetime"), journal.transaction() as session:
        session.add(Customer(name="Naive Oy", created_at=datetime(2026, 11, 23, 10, 0)))
    with journal.reading() as session:
        assert session.scalar(select(Customer.id)) is None


def test_utc_datetime_gives_back_aware_utc_for_any_offset(journal: Journal) -> None:
    kathmandu = timezone(timedelta(hours=5, minutes=45))
    entered = datetime(2026, 11, 23, 15, 45, 12, 345678, tzinfo=kathmandu)
    with journal.transaction() as session:
        session.add(Customer(name="Everest Treks", created_at=entered))
    with journal.reading() as session:
        stored = session.scalar(select(Customer.created_at))
    assert stored == entered
    assert stored.tzinfo == UTC
    assert stored == datetime(2026, 11, 23, 10, 0, 12, 345678, tzinfo=UTC)


@pytest.mark.parametrize(
    "amount", ["0.10", "0.20", "0.30", "19.99", "4800.00", "999999999999.99", "0.01", "0"]
)
def test_money_keeps_cents_exactly(journal: Journal, now: datetime, amount: str) -> None:
    # Past 32 bits of cents too (21,474,836.48 and up): on PostgreSQL as on SQLite.
    with journal.transaction() as session:
        customer = Customer(name="Money Ltd", created_at=now)
        session.add(customer)
        session.flush()
        session.add(
            Project(customer_id=customer.id, name="P", price=Decimal(amount), created_at=now)
        )
    with journal.reading() as session:
        price = session.scalar(select(Project.price))
        raw = session.execute(text("SELECT price FROM projects")).scalar()
    assert price == Decimal(amount)
    assert str(price) == f"{Decimal(amount):.2f}"
    assert raw == int(Decimal(amount) * 100)  # integer hundredths, never a float


def test_money_refuses_fractions_of_a_cent(journal: Journal, now: datetime) -> None:
    refused = pytest.raises(StatementError, match="more than two decimals")
    with refused, journal.transaction() as session:
        customer = Customer(name="Money Ltd", created_at=now)
        session.add(customer)
        session.flush()
        session.add(
            Project(customer_id=customer.id, name="P", price=Decimal("0.105"), created_at=now)
        )


def test_reading_never_writes(journal: Journal, now: datetime) -> None:
    with journal.reading() as session:
        session.add(Customer(name="Ghost", created_at=now))
        session.flush()
    with journal.reading() as session:
        assert session.scalar(select(Customer.id)) is None
