"""One writer process per journal: an advisory lock file beside it, held while it is open."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from custjournal.store.errors import JournalInUse

try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # Windows: the same advisory lock through msvcrt
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


def lock_path(journal_path: Path) -> Path:
    return journal_path.with_name(journal_path.name + ".lock")


@dataclass
class _Held:
    fd: int
    count: int = 0
    pid: int = field(default_factory=os.getpid)


# flock is per open file: within one process the same journal may be opened several times
# (tests, a CLI command inside the window), so the process keeps one lock and counts users.
_held: dict[Path, _Held] = {}
_guard = threading.Lock()


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


class JournalLock:
    """The lock on one journal; acquire on open, release on close (the OS releases it on exit)."""

    def __init__(self, journal_path: Path) -> None:
        self.path = lock_path(journal_path.resolve())
        self._acquired = False

    def acquire(self) -> None:
        if self._acquired:
            return
        with _guard:
            held = _held.get(self.path)
            if held is not None and held.pid != os.getpid():
                # Inherited through fork: the child must take its own lock.
                del _held[self.path]
                held = None
            if held is None:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                if not _try_lock(fd):
                    os.close(fd)
                    raise JournalInUse(self.path.with_suffix(""), _read_pid(self.path))
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, f"{os.getpid()}\n".encode("ascii"))
                held = _held[self.path] = _Held(fd)
            held.count += 1
        self._acquired = True

    def release(self) -> None:
        if not self._acquired:
            return
        self._acquired = False
        with _guard:
            held = _held.get(self.path)
            if held is None or held.pid != os.getpid():
                return
            held.count -= 1
            if held.count <= 0:
                del _held[self.path]
                # The file stays: unlinking a lock file lets two processes lock different inodes.
                _unlock(held.fd)
                os.close(held.fd)
