"""`check`: SQLite's own checks, the search index, and the journal's invariants; safe repairs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from custjournal.domain import Commitment, Customer, DueChange, Interaction, Notice, Project
from custjournal.domain.enums import CommitmentKind, NoticeKind
from custjournal.domain.errors import ValidationError
from custjournal.domain.times import zone
from custjournal.store.backup import BackupFailed
from custjournal.store.journal import Journal
from custjournal.store.search import FTS_TABLE, create_index, drop_index, rebuild_index


@dataclass(frozen=True, slots=True)
class Finding:
    area: str  # integrity, foreign-key, search-index, invariant
    problem: str
    # What was done about it ("" when nothing could be done safely).
    repaired: str = ""


@dataclass(frozen=True, slots=True)
class CheckReport:
    findings: tuple[Finding, ...] = ()
    backup: str = ""  # the backup taken before repairing
    notes: tuple[str, ...] = field(default=())

    @property
    def healthy(self) -> bool:
        """Nothing is wrong now: no findings, or every one of them was repaired."""
        return all(f.repaired for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if not f.repaired]


Repair = Callable[[Connection], str]


def _integrity(connection: Connection) -> list[str]:
    try:
        rows = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA integrity_check")]
    except DBAPIError as exc:
        # So damaged that SQLite gives up part-way: that is the finding.
        return [str(exc.orig)]
    return [] if rows == ["ok"] else rows


def _foreign_keys(connection: Connection) -> list[tuple[Finding, Repair]]:
    found: list[tuple[Finding, Repair]] = []
    actions: dict[tuple[str, int], tuple[str, str]] = {}
    for table, rowid, parent, fkid in connection.exec_driver_sql("PRAGMA foreign_key_check"):
        if (table, fkid) not in actions:
            for row in connection.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")'):
                # (id, seq, table, from, to, on_update, on_delete, match)
                actions[(table, row[0])] = (row[3], row[6])
        column, on_delete = actions.get((table, fkid), ("", "NO ACTION"))
        problem = f"{table} row {rowid} refers to a missing {parent} ({column})"

        def repair(
            c: Connection, t: str = table, r: int = rowid, col: str = column, rule: str = on_delete
        ) -> str:
            # Do what the database would have done had the parent been deleted properly.
            if rule == "SET NULL":
                c.exec_driver_sql(f'UPDATE "{t}" SET "{col}" = NULL WHERE rowid = ?', (r,))
                return f"cleared {t}.{col} of row {r}"
            c.exec_driver_sql(f'DELETE FROM "{t}" WHERE rowid = ?', (r,))
            return f"removed orphaned {t} row {r}"

        found.append((Finding("foreign-key", problem), repair))
    return found


def _search_index(connection: Connection) -> list[tuple[Finding, Repair]]:
    exists = connection.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE name = ?", (FTS_TABLE,)
    ).scalar()
    if not exists:

        def recreate(c: Connection) -> str:
            create_index(c)
            return "recreated the search index"

        return [(Finding("search-index", "the search index is missing"), recreate)]
    triggers = {
        row[0]
        for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master "
            "WHERE type = 'trigger' AND name LIKE 'interactions_fts_%'"
        )
    }
    if triggers != {"interactions_fts_ai", "interactions_fts_ad", "interactions_fts_au"}:

        def rebuild_all(c: Connection) -> str:
            drop_index(c)
            create_index(c)
            return "recreated the search index and the triggers that keep it up to date"

        problem = "the triggers that keep the search index up to date are missing"
        return [(Finding("search-index", problem), rebuild_all)]
    problem = ""
    try:
        with connection.begin_nested():
            connection.exec_driver_sql(
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
            )
    except Exception as exc:  # noqa: BLE001 - any failure here means: rebuild
        problem = f"the search index does not match the notes ({exc})"
    if not problem:
        indexed = connection.exec_driver_sql(f"SELECT count(*) FROM {FTS_TABLE}_docsize").scalar()
        notes = connection.exec_driver_sql("SELECT count(*) FROM interactions").scalar()
        if indexed != notes:
            problem = f"the search index holds {indexed} notes, the journal {notes}"
    if not problem:
        return []

    def rebuild(c: Connection) -> str:
        rebuild_index(c)
        return "rebuilt the search index"

    return [(Finding("search-index", problem), rebuild)]


def _valid_zone(name: str) -> bool:
    try:
        zone(name)
    except ValidationError:
        return False
    return True


def invariants(session: Session) -> list[Finding]:
    """The journal's own rules that the schema cannot express."""
    found: list[Finding] = []

    def add(problem: str) -> None:
        found.append(Finding("invariant", problem))

    for c in session.scalars(
        select(Commitment).where(
            Commitment.kind == CommitmentKind.APPOINTMENT,
            (Commitment.duration_minutes.is_(None)) | (Commitment.duration_minutes <= 0),
        )
    ):
        add(f"appointment {c.id} ({c.title!r}) has no positive duration")
    latest = (
        select(DueChange.commitment_id, func.max(DueChange.id).label("last"))
        .group_by(DueChange.commitment_id)
        .subquery()
    )
    for change, commitment in session.execute(
        select(DueChange, Commitment)
        .join(latest, DueChange.id == latest.c.last)
        .join(Commitment, Commitment.id == DueChange.commitment_id)
    ):
        if change.new_due_at != commitment.due_at:
            add(
                f"commitment {commitment.id} ({commitment.title!r}) is due "
                f"{commitment.due_at:%Y-%m-%d %H:%M} UTC but its last move says "
                f"{change.new_due_at:%Y-%m-%d %H:%M} UTC"
            )
    moving = (NoticeKind.RESCHEDULE, NoticeKind.CANCELLATION)
    for notice, kind in session.execute(
        select(Notice, Commitment.kind)
        .outerjoin(Commitment, Commitment.id == Notice.commitment_id)
        .where(Notice.kind.in_(moving))
    ):
        if kind is not CommitmentKind.APPOINTMENT:
            add(f"{notice.kind.value} notice {notice.id} ({notice.title!r}) names no appointment")
    for notice in session.scalars(
        select(Notice).where(
            Notice.acknowledged_at.is_not(None), Notice.acknowledged_at < Notice.sent_at
        )
    ):
        add(f"notice {notice.id} ({notice.title!r}) was acknowledged before it was sent")
    for notice in session.scalars(select(Notice).where(Notice.duration_minutes <= 0)):
        add(f"notice {notice.id} ({notice.title!r}) has a duration of {notice.duration_minutes}")
    for project in session.scalars(select(Project).where(Project.end_date < Project.start_date)):
        add(f"project {project.id} ({project.name!r}) ends before it starts")
    for model, label in (
        (Customer, "customer"),
        (Interaction, "note"),
        (Commitment, "commitment"),
        (Notice, "notice"),
    ):
        for row_id, name in session.execute(select(model.id, model.timezone).distinct()):
            if not _valid_zone(name):
                add(f"{label} {row_id} is stored with an unknown time zone {name!r}")
    return found


def check_journal(journal: Journal, *, now: datetime, repair: bool = True) -> CheckReport:
    """Run every check; with `repair`, back up first, then fix what can be fixed safely."""
    notes: list[str] = []
    findings: list[Finding] = []
    repairs: list[tuple[Finding, Repair]] = []
    sqlite = journal.engine.dialect.name == "sqlite"
    if sqlite:
        with journal.engine.connect() as connection:
            broken = _integrity(connection)
            if broken:
                # No repair in place on a damaged file: restoring a good backup is the fix.
                findings.extend(Finding("integrity", line) for line in broken[:20])
                return CheckReport(tuple(findings), notes=tuple(notes))
            repairs.extend(_foreign_keys(connection))
            repairs.extend(_search_index(connection))
            connection.rollback()
    with journal.reading() as session:
        findings.extend(invariants(session))
    backup = ""
    if repairs and repair:
        try:
            if journal.path is not None:
                backup = str(journal.backup(now=now).path)
        except BackupFailed as exc:
            notes.append(f"nothing was repaired: {exc}")
            repair = False
    done: list[Finding] = []
    if repairs and repair:
        with journal.engine.begin() as connection:
            for finding, fix in repairs:
                done.append(Finding(finding.area, finding.problem, fix(connection)))
            journal.mark_change(connection)
    else:
        done = [finding for finding, _fix in repairs]
    return CheckReport(tuple(done + findings), backup=backup, notes=tuple(notes))
