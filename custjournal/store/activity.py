"""Has anyone else changed a team journal since we last looked? (PostgreSQL)

PostgreSQL gives a transaction an id only once it writes, and a snapshot (`xmin:xmax:ids`)
tells which ids had not finished: those listed, and every id from xmax on. Between two
snapshots, the transactions that finished are those unfinished at the first and finished at
the second. If any of them is not one of this app's own, someone else wrote (or an
autovacuum, or another database on the same server: a refresh too many, never one too few).
Reads take no id, so a colleague who only reads moves nothing; a colleague's transaction
still open is seen when it commits.
"""

from __future__ import annotations

import threading
from collections.abc import Set
from dataclasses import dataclass

from sqlalchemy import Connection, text

SNAPSHOT = text("SELECT pg_current_snapshot()::text")
OWN_ID = text("SELECT pg_current_xact_id_if_assigned()::text")


@dataclass(frozen=True, slots=True)
class Snapshot:
    xmin: int
    xmax: int
    running: frozenset[int]

    @classmethod
    def parse(cls, value: str) -> Snapshot:
        xmin, xmax, running = value.split(":")
        return cls(int(xmin), int(xmax), frozenset(int(x) for x in running.split(",") if x))


class ServerActivity:
    """Remembers this app's own transactions and the last snapshot looked at."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._own: set[int] = set()
        self._seen: Snapshot | None = None

    def note_own(self, connection: Connection) -> None:
        """Call inside a unit of work that wrote, before it commits."""
        found = connection.execute(OWN_ID).scalar()
        if found is not None:
            with self._lock:
                self._own.add(int(found))

    def changed_elsewhere(self, connection: Connection) -> bool:
        """Whether a transaction not ours has finished since the last call (False the first
        time: that call only takes the starting point)."""
        now = current(connection)
        with self._lock:
            before, self._seen = self._seen, now
            own = set(self._own)
            # Ours that have finished by now are known from here on: forget them.
            self._own = {x for x in self._own if x >= now.xmin or x in now.running}
        if before is None:
            return False
        return finished_between(before, now, own)


def current(connection: Connection) -> Snapshot:
    """The server's snapshot as `connection` sees it: inside a repeatable-read transaction,
    the one its every statement reads (taken by its first statement)."""
    return Snapshot.parse(str(connection.execute(SNAPSHOT).scalar()))


def finished_between(before: Snapshot, now: Snapshot, own: Set[int] = frozenset()) -> bool:
    """Whether a transaction not in `own` finished between the two snapshots."""
    # Listed as unfinished before, finished now.
    if any(x not in now.running and x not in own for x in before.running):
        return True
    # From the earlier xmax on (unfinished then, or not yet given), finished now.
    begun = now.xmax - before.xmax
    still_running = sum(1 for x in now.running if x >= before.xmax)
    ours = sum(1 for x in own if before.xmax <= x < now.xmax and x not in now.running)
    return begun - still_running - ours > 0
