"""Why a journal was not opened: each refusal protects the file and says what to do next."""

from __future__ import annotations

from pathlib import Path


class JournalError(RuntimeError):
    """A journal could not be opened safely; the message says why and what to do."""


class JournalInUse(JournalError):
    """Another custjournal process has this journal open; `pid` says which one (if known)."""

    def __init__(self, path: Path, pid: int | None) -> None:
        holder = f"process {pid}" if pid else "another process"
        super().__init__(
            f"{path} is already open in another custjournal ({holder}); close it there "
            "first, so that two programs never write to the journal at once"
        )
        self.path = path
        self.pid = pid


class JournalTooNew(JournalError):
    """The journal was written by a newer custjournal; it was left untouched."""

    def __init__(self, path: Path | str, revision: str) -> None:
        super().__init__(
            f"{path} was written by a newer version of custjournal (schema {revision}, "
            "unknown to this version); it was left untouched — update custjournal to open it"
        )
        self.path = path
        self.revision = revision


class JournalDamaged(JournalError):
    """The journal file is not a readable database; it was set aside, never written to."""

    def __init__(
        self, path: Path, damaged: Path, problem: str, backup: Path | None, taken: str = ""
    ) -> None:
        if backup is not None:
            offer = (
                f"the newest backup that passes its integrity check is {backup} ({taken}); "
                f"restore it with: custjournal restore {backup}"
            )
        else:
            offer = "no backup that passes its integrity check was found"
        super().__init__(
            f"{path} is damaged ({problem}); it was set aside as {damaged} and nothing was "
            f"written to it; {offer}"
        )
        self.path = path
        self.damaged = damaged
        self.problem = problem
        self.backup = backup


class JournalWriteError(JournalError):
    """A unit of work could not be saved (disk full, read-only); it was rolled back whole."""


def write_problem(message: str) -> str | None:
    """A plain explanation of a low-level write failure, or None if it is not one we know."""
    lowered = message.lower()
    if "disk is full" in lowered or "no space" in lowered:
        return (
            "could not save: the disk is full. Nothing was half-written and everything saved "
            "before is intact; free some space and try again"
        )
    if "readonly" in lowered or "read-only" in lowered or "permission denied" in lowered:
        return (
            "could not save: the journal is read-only here (file permissions, a read-only "
            "disk or share). Nothing was changed; make it writable or open a copy"
        )
    if "disk i/o error" in lowered:
        return (
            "could not save: the disk reported an error. Nothing was half-written; check the "
            "disk, then run `custjournal check`"
        )
    return None
