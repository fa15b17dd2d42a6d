"""Opening a journal: refusals that protect it, backups, migrations, and the unit of work."""

from __future__ import annotations

import json
import os
from collections.abc import Hashable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from custjournal.domain import ValidationError, load_models
from custjournal.paths import default_db_url
from custjournal.store import activity, cipher, keyring_store
from custjournal.store.activity import ServerActivity
from custjournal.store.backup import (
    BackupFailed,
    BackupInfo,
    Limits,
    backup_is_due,
    list_backups,
    newest_good_backup,
    take_backup,
)
from custjournal.store.engine import checked_url, create_journal_engine, sqlite_path
from custjournal.store.errors import (
    JournalDamaged,
    JournalTooNew,
    JournalWriteError,
    write_problem,
)
from custjournal.store.files import set_aside
from custjournal.store.location import location_warnings
from custjournal.store.lock import JournalLock
from custjournal.store.probe import State, probe
from custjournal.store.statistics import optimize

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.orm import Session, sessionmaker

from custjournal.store.revisions import (
    MIGRATIONS,
    current_revision,
    head_revision,
    known_revisions,
    revision_in,
)

# Defaults of the backup settings (declared for users in custjournal.services.backups).
BACKUP_DEFAULTS: dict[str, int] = {
    "backup.interval_minutes": 30,
    "backup.keep_daily": Limits().daily,
    "backup.keep_weekly": Limits().weekly,
    "backup.keep_monthly": Limits().monthly,
}


__all__ = ["Journal", "alembic_config", "current_revision", "head_revision", "upgrade"]


def alembic_config() -> Config:
    # Alembic is imported only when a schema has to change: most opens need not pay for it.
    from alembic.config import Config  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


# Any fixed key will do: PostgreSQL keeps advisory locks per database, so journals on one
# server never wait for each other. (The bytes spell "custjrnl".)
MIGRATION_LOCK_KEY = 0x637573746A726E6C


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision; on a server, one opening at a time."""
    from alembic import command  # noqa: PLC0415

    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql" and _migrated_meanwhile(connection):
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _migrated_meanwhile(connection: Connection) -> bool:
    """Wait for any other migration of this database; True if it left nothing to do.

    Laptops opening a new or outdated team journal together would each run the migrations,
    and all but one would fail on a table or index created under them. The lock lasts until
    this transaction ends, where the migrations run (PostgreSQL's DDL is transactional), so
    whoever waited sees the schema the first one committed. (A journal file has its own
    lock, JournalLock: only one process ever opens it.)
    """
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    revision = revision_in(connection)
    if revision is not None and revision not in known_revisions():
        # A newer custjournal migrated it while this one waited.
        raise JournalTooNew(make_safe_url(str(connection.engine.url)), revision)
    return revision == head_revision()


def _refuse_foreign(path: Path, passphrase: str | None) -> None:
    """Someone else's file (a typo in --db?): refuse before writing even a lock beside it."""
    if path.is_dir():
        raise ValidationError("--db", f"{path} is a folder, not a journal file")
    found = probe(path, passphrase)
    # A journal of ours whose first page was destroyed has backups: that one is set aside.
    if found.state is State.FOREIGN and not list_backups(path):
        raise ValidationError(
            "--db", f"{path} is not a custjournal journal ({found.problem}); it was left as is"
        )


class Journal:
    """An open journal: hands out units of work; owns the engine (and its lock) until closed."""

    def __init__(
        self,
        engine: Engine,
        *,
        lock: JournalLock | None = None,
        warnings: list[str] | None = None,
        passphrase: str | None = None,
    ) -> None:
        self.engine = engine
        # Kept only for an encrypted journal: its backups are encrypted with it too.
        self._passphrase = passphrase
        self._session_factory: sessionmaker[Session] | None = None
        self._lock = lock
        self._closed = False
        # Things the user should know about this journal (e.g. it lives in a Dropbox folder).
        self.warnings: list[str] = list(warnings or [])
        # Committed units of work since the last backup (the window backs up while > 0).
        self.changes = 0
        self.last_backup: BackupInfo | None = None
        # On a server, colleagues write too: this tells their changes from ours.
        self._activity = ServerActivity() if engine.dialect.name == "postgresql" else None

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        migrate: bool = True,
        backup: bool = True,
        passphrase: str | None = None,
        now: datetime | None = None,
    ) -> Journal:
        """Open (and if needed upgrade) the journal at `url`.

        Refuses, leaving the file as it was, a journal already open in another process
        (JournalInUse), one written by a newer version (JournalTooNew), and a damaged file
        (JournalDamaged: set aside as *.damaged, the newest good backup named). `backup`
        takes the opening backup when the last one is older than the backup interval.
        An encrypted journal needs `passphrase` (default: $CUSTJOURNAL_PASSPHRASE); without
        it, or with a wrong one, PassphraseRequired / WrongPassphrase, the file untouched.
        """
        if passphrase is None:
            passphrase = os.environ.get(cipher.PASSPHRASE_ENV) or None
        url = url or default_db_url()
        checked_url(url)  # a URL for another database or driver: one line, not a traceback
        path = sqlite_path(url)
        if path is None:
            return cls._open_server(url, migrate=migrate)
        path = path.expanduser().resolve()
        if passphrase is None and cipher.looks_encrypted(path):
            passphrase = keyring_store.recall(path)  # only there if the user asked for it
        _refuse_foreign(path, passphrase)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = JournalLock(path)
        lock.acquire()
        try:
            return cls._open_file(
                url, path, lock, migrate=migrate, backup=backup, passphrase=passphrase, now=now
            )
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _open_server(cls, url: str, *, migrate: bool) -> Journal:
        engine = create_journal_engine(url)
        revision = current_revision(engine)
        if revision is not None and revision not in known_revisions():
            engine.dispose()
            raise JournalTooNew(make_safe_url(url), revision)
        if migrate and revision != head_revision():
            try:
                upgrade(engine)
            except BaseException:
                engine.dispose()  # a newer version migrated it meanwhile, or a failed step
                raise
        journal = cls(engine)
        journal.changed_elsewhere()  # from now on
        return journal

    @classmethod
    def _open_file(
        cls,
        url: str,
        path: Path,
        lock: JournalLock,
        *,
        migrate: bool,
        backup: bool,
        passphrase: str | None,
        now: datetime | None,
    ) -> Journal:
        # Look before touching: WAL mode and PRAGMAs would write to the file.
        found = probe(path, passphrase)
        if found.state is State.LOCKED:
            if passphrase is not None:
                raise cipher.EncryptionUnavailable()
            raise cipher.PassphraseRequired(path)
        if found.state is State.WRONG_KEY:
            raise cipher.WrongPassphrase(path)
        if found.state in (State.DAMAGED, State.FOREIGN):
            damaged = set_aside(path)
            good = newest_good_backup(path, passphrase)
            raise JournalDamaged(
                path,
                damaged,
                found.problem,
                good.path if good else None,
                f"{good.taken_at:%Y-%m-%d %H:%M} UTC" if good else "",
            )
        if found.revision is not None and found.revision not in known_revisions():
            raise JournalTooNew(path, found.revision)
        key = passphrase if found.encrypted else None
        engine = create_journal_engine(url, passphrase=key)
        journal = cls(engine, lock=lock, warnings=location_warnings(path), passphrase=key)
        try:
            journal._prepare(migrate=migrate, backup=backup, now=now)
        except BaseException:
            engine.dispose()
            raise
        return journal

    def _prepare(self, *, migrate: bool, backup: bool, now: datetime | None) -> None:
        revision = current_revision(self.engine)
        if revision is not None and revision not in known_revisions():
            raise JournalTooNew(self.path or self.url, revision)
        # The caller's clock when it has one (the CLI's --now); the wall clock otherwise.
        now = now or datetime.now(UTC)
        if migrate and revision != head_revision():
            if revision is not None:
                # An upgrade rewrites tables: never without a verified copy of the old file.
                self.backup(now=now)
            upgrade(self.engine)
            return
        if backup and revision is not None:
            interval = timedelta(minutes=self._backup_setting("backup.interval_minutes"))
            assert self.path is not None
            if backup_is_due(self.path, now=now, interval=interval):
                try:
                    self.backup(now=now)
                except BackupFailed as exc:
                    self.warnings.append(str(exc))

    def _backup_setting(self, key: str) -> int:
        # Read straight from the table: the store sits below the settings service, and this
        # is read at every opening, before the window paints, when the models are not needed.
        default = BACKUP_DEFAULTS[key]
        with suppress(Exception), self.engine.connect() as connection:
            if inspect(connection).has_table("settings"):
                found = connection.execute(
                    text('SELECT value FROM settings WHERE "key" = :key'), {"key": key}
                ).scalar()
                if found is not None:
                    value: Any = json.loads(found)
                    if isinstance(value, int) and value >= 0:
                        return value
        return default

    def backup_limits(self) -> Limits:
        return Limits(
            daily=self._backup_setting("backup.keep_daily"),
            weekly=self._backup_setting("backup.keep_weekly"),
            monthly=self._backup_setting("backup.keep_monthly"),
        )

    def backup_interval(self) -> timedelta:
        return timedelta(minutes=self._backup_setting("backup.interval_minutes"))

    def backup(self, *, now: datetime) -> BackupInfo:
        """Take a verified backup now (online backup API), then thin the older ones."""
        if self.path is None:
            raise BackupFailed(f"{self.url} is not a journal file; back it up with its server")
        raw = self.engine.raw_connection()
        try:
            info = take_backup(
                self.path,
                now=now,
                limits=self.backup_limits(),
                source=raw.driver_connection,
                passphrase=self._passphrase,
            )
        finally:
            raw.close()
        self.changes = 0
        self.last_backup = info
        return info

    @property
    def encrypted(self) -> bool:
        return self._passphrase is not None

    @property
    def concurrent_reads(self) -> bool:
        """Whether a second thread may read while another writes: a server, or a journal
        file in WAL mode (each thread with its own connection); not an in-memory journal,
        whose one connection all threads share, nor a file whose folder refused WAL (some
        network shares), where a long reading would hold up every save."""
        if self.engine.dialect.name != "sqlite":
            return True
        if self.path is None:
            return False
        with self.engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        return str(mode).lower() == "wal"

    @property
    def passphrase(self) -> str | None:
        """The key an encrypted journal was opened with: a restore needs it for the backup."""
        return self._passphrase

    def newest_good_backup(self) -> BackupInfo | None:
        """The newest backup of this journal that passes its integrity check now."""
        return newest_good_backup(self.path, self._passphrase) if self.path else None

    def _sessions(self) -> Session:
        # Made on the first reading or change: the models are imported then, not when the
        # journal is opened (a cold start paints Today from its kept rows before). Two
        # threads may both make one at first; they are alike, and one is simply dropped.
        if self._session_factory is None:
            from sqlalchemy.orm import sessionmaker  # noqa: PLC0415

            load_models()
            self._session_factory = sessionmaker(
                self.engine, expire_on_commit=False, autoflush=True
            )
        return self._session_factory()

    @property
    def url(self) -> str:
        return make_safe_url(str(self.engine.url))

    @property
    def path(self) -> Path | None:
        return sqlite_path(str(self.engine.url))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends normally, rolled back otherwise."""
        session = self._sessions()
        try:
            before = self._rows_changed(session)
            yield session
            if before is not None:
                # Written rows may still wait in the session (an added or edited object
                # without a flush, e.g. a setting): counted only once they are flushed.
                session.flush()
            if before is not None and self._rows_changed(session) != before:
                self.mark_change(session.connection())
            if self._activity is not None:
                session.flush()  # so that its writes have taken a transaction id
                self._activity.note_own(session.connection())
            session.commit()
            self.changes += 1
        except OperationalError as exc:
            session.rollback()
            problem = write_problem(str(exc.orig))
            if problem is None:
                raise
            raise JournalWriteError(problem) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _rows_changed(self, session: Session) -> int | None:
        """Rows this SQLite connection has written so far (None on a server)."""
        if self.engine.dialect.name != "sqlite":
            return None
        return int(session.connection().connection.dbapi_connection.total_changes)  # type: ignore[union-attr]

    @staticmethod
    def mark_change(connection: Connection) -> None:
        """Count a change about to be committed on `connection` (SQLite): every write that
        bypasses `transaction` must, or caches of derived data (Today kept for the next
        start, the rules' kept reading) take the journal for unchanged."""
        # The header's user_version counts committed changes, in the same transaction: a
        # cheap, exact "has anything changed since?".
        mark = int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)
        connection.exec_driver_sql(f"PRAGMA user_version = {(mark + 1) % 2**31}")

    def changed_elsewhere(self) -> bool:
        """Whether someone else has committed a change since the last call (a team journal
        on a server; a journal file is locked to this app, so never)."""
        if self._activity is None:
            return False
        with self.engine.connect() as connection:
            return self._activity.changed_elsewhere(connection)

    def change_mark(self, session: Session | None = None) -> int | None:
        """A number that moves with every committed change (SQLite journals; None on a server);
        given a reading, the journal's as that reading sees it."""
        if self.engine.dialect.name != "sqlite":
            return None
        if session is not None:
            return int(session.connection().exec_driver_sql("PRAGMA user_version").scalar() or 0)
        with self.engine.connect() as connection:
            return int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)

    def state(self, session: Session) -> Hashable:
        """What `session`'s reading sees of the journal's history, for `unchanged_since`: a
        file's change mark; on a server, which write transactions had finished (read first
        in a reading at one moment, it is the one that reading's statements see)."""
        if self._activity is None:
            return self.change_mark(session)
        return activity.current(session.connection())

    def unchanged_since(self, state: Hashable) -> bool:
        """Whether nothing has been committed since a reading saw `state`. On a server, any
        write transaction that finished since counts, the app's own and aborted ones too
        (also another database's on the same server): a reading too many, never too few."""
        if self._activity is None:
            return self.change_mark() == state
        if not isinstance(state, activity.Snapshot):
            return False  # not a server's state: nothing to vouch for it
        with self.engine.connect() as connection:
            return not activity.finished_between(state, activity.current(connection))

    @contextmanager
    def reading(self, *, at_one_moment: bool = False) -> Iterator[Session]:
        """A read-only unit of work: always rolled back, so a reader can never write.

        `at_one_moment`: every statement sees the journal as the first one did, whatever is
        committed meanwhile (by the window's other thread, or a colleague): for readings of
        many statements whose results must agree, such as the rules'.
        """
        session = self._sessions()
        try:
            if at_one_moment:
                self._one_moment(session)
            yield session
        finally:
            session.rollback()
            session.close()

    def _one_moment(self, session: Session) -> None:
        if self.engine.dialect.name == "sqlite":
            # The driver opens no transaction for a SELECT, so each statement would read the
            # latest commit; a deferred BEGIN takes WAL's snapshot at the first read.
            session.connection().exec_driver_sql("BEGIN")
        else:
            # The server's default (read committed) takes a snapshot per statement.
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})

    def close(self) -> None:
        if not self._closed:
            optimize(self.engine)
            self._closed = True
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def make_safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)
