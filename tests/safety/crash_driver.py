"""Run by test_crash in a fresh interpreter: fork writers and SIGKILL them at random moments.

A fresh process has no threads (pytest's Qt tests leave some), so forking it is safe.
Prints one JSON object: the (note id, promise id) pairs the writers reported committed.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sys
import time
from datetime import UTC, datetime, timedelta

from custjournal.domain import Commitment, Interaction
from custjournal.store import Journal

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def write_forever(url: str, customer_id: int, report: int) -> None:
    """The child: a note and a promise per unit of work; ids reported once committed."""
    journal = Journal.open(url)
    os.write(report, b"ready\n")
    n = 0
    while True:
        n += 1
        with journal.transaction() as session:
            note = Interaction(
                customer_id=customer_id, occurred_at=NOW, created_at=NOW,
                title=f"Call {os.getpid()}-{n}", body="Agreed the next steps " * 20,
            )  # fmt: skip
            promise = Commitment(
                uid=f"crash-{os.getpid()}-{n}", customer_id=customer_id,
                title=f"Send minutes {n}", due_at=NOW + timedelta(days=n % 30), created_at=NOW,
            )  # fmt: skip
            session.add_all([note, promise])
            session.flush()
            ids = f"{note.id} {promise.id}\n"
        # Committed only now: a kill before this line may keep it, never lose a reported one.
        os.write(report, ids.encode("ascii"))


def _wait_ready(fd: int, deadline: float) -> bytes:
    seen = b""
    while b"ready\n" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        seen += chunk
    return seen


def main(url: str, customer_id: int, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    Journal.open(url).close()  # warm the caches the children inherit, take the opening backup
    reported: list[list[int]] = []
    started = time.monotonic()
    during_open = 0
    for _ in range(kills):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(read_end)
                write_forever(url, customer_id, write_end)
            finally:
                os._exit(0)
        os.close(write_end)
        if rng.random() < 0.1:
            seen = b""  # now and then, kill it while it is still opening the journal
            time.sleep(rng.uniform(0.0, 0.05))
            during_open += 1
        else:
            seen = _wait_ready(read_end, time.monotonic() + 60)
            time.sleep(rng.uniform(0.0, 0.12))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as pipe:
            seen += pipe.read()
        for line in seen.decode("ascii").splitlines():
            if line != "ready":
                note_id, promise_id = line.split()
                reported.append([int(note_id), int(promise_id)])
    elapsed = time.monotonic() - started
    json.dump({"reported": reported, "seconds": elapsed, "during_open": during_open}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
