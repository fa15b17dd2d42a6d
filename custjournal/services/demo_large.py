"""Large demo journals (ten years of a practice, or a stress test) written by bulk inserts."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, func, select

from custjournal.domain import (
    Commitment,
    Contact,
    Customer,
    CustomerQuestion,
    DueChange,
    Interaction,
    Notice,
    interaction_contacts,
)
from custjournal.domain.enums import (
    Channel,
    CommitmentKind,
    CommitmentStatus,
    Direction,
    InteractionKind,
    Mood,
    NoticeKind,
    Stage,
    Temperament,
)
from custjournal.domain.errors import ValidationError
from custjournal.domain.times import zone
from custjournal.services.demo_bulk import advance_sequences, bulk_insert
from custjournal.services.demo_projects import write_projects
from custjournal.services.demo_words import FIRST, LAST, ROLES, ZONES, Bodies, customer_names
from custjournal.services.journal import question_topic
from custjournal.store import Journal
from custjournal.store.search import create_index, drop_index
from custjournal.store.statistics import analyze


@dataclass(frozen=True, slots=True)
class Size:
    customers: int
    interactions: int
    commitments: int
    years: int = 10


SIZES: dict[str, Size] = {
    "decade": Size(500, 50_000, 20_000),
    "stress": Size(5_000, 500_000, 200_000),
}
# The team whose names appear as owners of promises (see docs/team.md).
OWNERS = ("", "", "Anna", "Ben")
# Weighted pools, so a weighted draw is one random() (meeting, call, email, visit, meal,
# message, note; and moods from pleased to angry).
_KINDS = [k for k, w in zip(InteractionKind, (12, 30, 25, 4, 2, 12, 15), strict=True)
          for _ in range(w)]  # fmt: skip
_CHANNELS = list(Channel)
# Past commitments: mostly kept, a few cancelled, broken, or still open (overdue).
_PAST_STATUSES = [s for s, w in zip(CommitmentStatus, (2, 90, 6, 2), strict=True)
                  for _ in range(w)]  # fmt: skip
_MOODS = [m for m, w in zip(Mood, (30, 60, 7, 2, 1), strict=True) for _ in range(w)]
_CHANNEL_OF = {
    InteractionKind.CALL: Channel.PHONE, InteractionKind.EMAIL: Channel.EMAIL,
    InteractionKind.MEETING: Channel.IN_PERSON, InteractionKind.MEAL: Channel.IN_PERSON,
    InteractionKind.VISIT: Channel.IN_PERSON, InteractionKind.MESSAGE: Channel.CHAT,
}  # fmt: skip


@dataclass(slots=True)
class _Customer:
    id: int
    tz: str
    zone: ZoneInfo
    stage: Stage
    start: datetime
    end: datetime
    contacts: list[int]


class _Writer:
    """Generates rows with one seeded random stream and inserts them in big executemany batches."""

    def __init__(self, conn: Connection, size: Size, now: datetime, rng: random.Random) -> None:
        self.conn, self.size, self.now, self.rng = conn, size, now, rng
        self.first = now - timedelta(days=365 * size.years)
        self.words = Bodies(rng)
        self.customers: list[_Customer] = []
        self.weights: list[float] = []
        self.counts: dict[str, int] = {}

    def put(self, table: Table, rows: Iterator[dict[str, Any]]) -> None:
        n = bulk_insert(self.conn, table, rows)
        self.counts[table.name] = self.counts.get(table.name, 0) + n

    def local(self, c: _Customer, moment: datetime, hour: int, *, past: bool = False) -> datetime:
        """`moment`'s day in the customer's zone at `hour` there, as UTC (a day earlier if
        `past` and that hour is still to come today)."""
        local = moment.astimezone(c.zone).replace(hour=hour, minute=0, second=0, microsecond=0)
        if past and local > self.now:
            local -= timedelta(days=1)
        return local.astimezone(UTC)

    def between(self, start: datetime, end: datetime) -> datetime:
        return start + (end - start) * self.rng.random()

    def customers_(self) -> None:
        r, n = self.rng, self.size.customers
        names = customer_names(r, n)
        stages = [Stage.ACTIVE, Stage.PAST, Stage.PROSPECT, Stage.LOST]
        span = self.now - self.first
        rows, contacts = [], []
        contact_id = 0
        for i, name in enumerate(names, start=1):
            country, tz = r.choice(ZONES)
            stage = Stage.ACTIVE if i == 1 else r.choices(stages, [45, 30, 15, 10])[0]
            if stage == Stage.PROSPECT:
                start = self.now - timedelta(days=r.randint(10, 180))
            else:
                start = self.first + span * (r.random() * 0.85)
            end = (
                self.now
                if stage in (Stage.ACTIVE, Stage.PROSPECT)
                else self.between(start + (self.now - start) * 0.3, self.now - timedelta(days=30))
            )
            ids = []
            for _ in range(r.randint(1, 3)):
                contact_id += 1
                ids.append(contact_id)
                first, last = r.choice(FIRST), r.choice(LAST)
                contacts.append({
                    "id": contact_id, "customer_id": i, "name": f"{first} {last}",
                    "role": r.choice(ROLES), "form_of_address": first, "notes": "",
                    "email": f"{first.lower()}.{contact_id}@example.com", "phone": "",
                    "preferred_channel": None, "version": 1,
                })  # fmt: skip
            start = self.first if i == 1 else start
            self.customers.append(_Customer(i, tz, zone(tz), stage, start, end, ids))
            # The first customer is the house account: a tenth of all notes (a long timeline).
            self.weights.append(0.0 if i == 1 else r.lognormvariate(0, 1))
            rows.append({
                "id": i, "name": name, "stage": stage, "organisation_type": "company",
                "temperament": r.choice(list(Temperament)), "preferred_channel":
                r.choice([Channel.PHONE, Channel.EMAIL, Channel.VIDEO, Channel.IN_PERSON]),
                "cadence_days": r.choice([None, None, 14, 30, 60, 90]), "country": country,
                "culture": country, "timezone": tz, "request": self.words.promise(),
                "root_need": "", "notes": "", "created_at": start, "version": 1,
            })  # fmt: skip
        self.put(Customer.__table__, iter(rows))
        self.put(Contact.__table__, iter(contacts))

    def pick(self, k: int) -> list[_Customer]:
        """`k` customers drawn by weight (busy ones often, the house account for a tenth)."""
        house = k // 10
        rest = self.rng.choices(self.customers, weights=self.weights, k=k - house)
        return [self.customers[0]] * house + rest

    def interactions(self) -> None:
        r = self.rng
        who = self.pick(self.size.interactions)
        # Ids follow time, as in a journal written day by day.
        moments = sorted(
            ((self.local(c, self.between(c.start, c.end), 8 + int(r.random() * 10), past=True), c)
             for c in who),
            key=lambda pair: pair[0],
        )  # fmt: skip
        links: list[dict[str, Any]] = []
        questions: list[dict[str, Any]] = []

        pick = self.words.pick

        def rows() -> Iterator[dict[str, Any]]:
            for iid, (at, c) in enumerate(moments, start=1):
                kind = pick(_KINDS)
                contact = pick(c.contacts)
                if kind != InteractionKind.NOTE:
                    links.append({"interaction_id": iid, "contact_id": contact})
                if r.random() < 0.02:
                    text = self.words.question()
                    questions.append({"interaction_id": iid, "text": text,
                                      "topic": question_topic(text)})  # fmt: skip
                yield {
                    "id": iid, "customer_id": c.id, "project_id": None, "occurred_at": at,
                    "timezone": c.tz, "kind": kind, "channel": _CHANNEL_OF.get(kind),
                    "title": self.words.title(kind.value, FIRST[contact % len(FIRST)]),
                    "body": self.words.body(), "mood": pick(_MOODS),
                    "created_at": at, "version": 1,
                }  # fmt: skip

        self.put(Interaction.__table__, rows())
        self.put(interaction_contacts, iter(links))
        self.put(CustomerQuestion.__table__, iter(questions))

    def commitments(self) -> None:
        r, now = self.rng, self.now
        changes: list[dict[str, Any]] = []
        notices: list[dict[str, Any]] = []

        pick = self.words.pick

        def rows() -> Iterator[dict[str, Any]]:
            for cid, c in enumerate(self.pick(self.size.commitments), start=1):
                end = now + timedelta(days=90) if c.end >= now else c.end
                appointment = r.random() < 0.35
                due = self.local(c, self.between(c.start, end), 8 + int(r.random() * 10))
                if due < now - timedelta(days=3):
                    status = pick(_PAST_STATUSES)
                else:
                    status = CommitmentStatus.OPEN
                late = timedelta(days=pick((0, 0, 0, 0, 1, 3, 7)))
                done = status == CommitmentStatus.DONE
                channel = pick(_CHANNELS) if appointment else None
                if appointment and r.random() < 0.03:
                    self._moved(cid, c, due, changes, notices)
                row = {
                    "id": cid, "uid": f"demo-{cid}@custjournal", "customer_id": c.id,
                    "project_id": None, "contact_id": pick(c.contacts), "interaction_id": None,
                    "kind": CommitmentKind.APPOINTMENT if appointment else CommitmentKind.PROMISE,
                    "direction": Direction.THEIRS if r.random() < 0.25 else Direction.MINE,
                    "title": self.words.promise(), "details": "", "due_at": due,
                    "timezone": c.tz, "status": status,
                    "completed_at": due - timedelta(hours=2) + late if done else None,
                    "duration_minutes": pick((30, 45, 60, 90, 120)) if appointment else None,
                    "location": "Their office" if channel == Channel.IN_PERSON else "",
                    "channel": channel, "rrule": "",
                    "confirmed_at": due - timedelta(days=2) if appointment and r.random() < 0.8
                    else None,
                    "follow_up": None, "owner": pick(OWNERS),
                    "created_at": due - timedelta(days=1 + int(r.random() * 30)), "version": 1,
                }  # fmt: skip
                if row["direction"] == Direction.THEIRS:
                    # The customer's promise is nobody's on our side (the owner is still
                    # drawn: the same seed writes the same journal as before).
                    row["owner"] = ""
                yield row

        self.put(Commitment.__table__, rows())
        self.put(Notice.__table__, iter(notices))
        self.put(DueChange.__table__, iter(changes))

    def _moved(self, cid: int, c: _Customer, due: datetime, changes: list, notices: list) -> None:
        old = due - timedelta(days=self.rng.randint(1, 7))
        sent = old - timedelta(days=self.rng.randint(1, 5))
        nid = len(notices) + 1
        notices.append({
            "id": nid, "customer_id": c.id, "commitment_id": cid, "kind": NoticeKind.RESCHEDULE,
            "title": "Moved", "what_changes": "New time, same place", "effective_at": old,
            "timezone": c.tz, "duration_minutes": 60, "channel": Channel.PHONE, "sent_at": sent,
            "acknowledged_at": sent + timedelta(hours=3), "acknowledged_by": "them",
            "created_at": sent, "version": 1,
        })  # fmt: skip
        changes.append({
            "commitment_id": cid, "changed_at": sent, "old_due_at": old, "new_due_at": due,
            "reason": "Their request", "notice_id": nid,
        })  # fmt: skip

    def projects(self) -> None:
        write_projects(self)


def build_large_demo(
    journal: Journal,
    *,
    now: datetime,
    size: str | Size,
    seed: int = 7,
    rebuild_search: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Fill an empty journal with a large, deterministic journal; returns counts per table.

    Everything is written in one transaction. With `rebuild_search` the full-text index is
    dropped during the inserts and built once at the end (faster than one trigger per row).
    """
    spec = SIZES[size] if isinstance(size, str) else size
    note = progress or (lambda _message: None)
    with journal.transaction() as session:
        conn = session.connection()
        if session.scalar(select(func.count(Customer.id))):
            raise ValidationError("journal", "already has customers; use an empty journal")
        if rebuild_search:
            drop_index(conn)
        timings: dict[str, float] = {}
        writer = _Writer(conn, spec, now, random.Random(seed))
        for step in (writer.customers_, writer.interactions, writer.commitments, writer.projects):
            note(step.__name__.strip("_"))
            started = time.perf_counter()
            step()
            timings[step.__name__.strip("_")] = time.perf_counter() - started
        advance_sequences(conn)
        if rebuild_search:
            note("search index")
            started = time.perf_counter()
            create_index(conn)
            timings["search index"] = time.perf_counter() - started
        # Fresh statistics, as after years of use: the planner's guesses without them read
        # every open commitment per customer in the rules' joins (4x slower on stress).
        started = time.perf_counter()
        analyze(conn)
        timings["statistics"] = time.perf_counter() - started
    from custjournal.services.demo import _install_pack  # noqa: PLC0415

    _install_pack(journal)
    last_timings.clear()
    last_timings.update(timings)
    return writer.counts


# Seconds per step of the last build (for the benchmark's report).
last_timings: dict[str, float] = {}
