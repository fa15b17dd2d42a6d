"""A reading of many statements (the rules' dozen) sees one state of the journal, whatever
another thread or a colleague commits between two of its statements."""

from __future__ import annotations

from sqlalchemy import event, func, select

from custjournal.domain import Customer
from custjournal.services.customers import create_customer
from custjournal.store import Journal


def _count(session) -> int:  # noqa: ANN001
    return int(session.execute(select(func.count()).select_from(Customer)).scalar_one())


def test_a_reading_at_one_moment_does_not_see_a_commit_made_during_it(journal, now) -> None:
    create_customer(journal, name="Aurora Hotels", now=now)
    with journal.reading(at_one_moment=True) as session:
        assert _count(session) == 1
        create_customer(journal, name="Baltic Ferries", now=now)  # another connection
        assert _count(session) == 1
    with journal.reading() as session:
        assert _count(session) == 2


def test_a_plain_reading_sees_each_commit_as_it_comes(journal, now) -> None:
    # What the rules' reading must not do: the second statement reads a newer journal.
    create_customer(journal, name="Aurora Hotels", now=now)
    with journal.reading() as session:
        assert _count(session) == 1
        create_customer(journal, name="Baltic Ferries", now=now)
        assert _count(session) == 2


def test_a_reading_at_one_moment_never_writes(journal, now) -> None:
    with journal.reading(at_one_moment=True) as session:
        session.add(Customer(name="Never saved", created_at=now))
        session.flush()
    with journal.reading() as session:
        assert _count(session) == 0


def test_a_second_thread_may_read_beside_the_writer_of_a_file_or_a_server(journal) -> None:
    assert journal.concurrent_reads  # WAL on a file; a server's own connections


def test_an_in_memory_journal_has_one_connection_for_every_thread() -> None:
    memory = Journal.open("sqlite://", backup=False)
    try:
        assert not memory.concurrent_reads
    finally:
        memory.close()


def test_a_file_whose_folder_refused_wal_keeps_to_one_thread(tmp_path) -> None:
    # As on a network share without shared memory: SQLite stays in its rollback journal.
    journal = Journal.open(f"sqlite:///{tmp_path / 'share.db'}", backup=False)
    try:
        journal.engine.dispose()
        event.listen(
            journal.engine,
            "connect",
            lambda connection, _record: connection.execute("PRAGMA journal_mode=DELETE"),
        )
        assert not journal.concurrent_reads
    finally:
        journal.close()
