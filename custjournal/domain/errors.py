"""Errors the domain and services raise for bad input, each naming the field at fault."""

from __future__ import annotations


class ValidationError(ValueError):
    """Bad input from a user or a file: `field` says where, `problem` says what is wrong."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class NotFoundError(LookupError):
    """A record the user named does not exist."""

    def __init__(self, what: str, key: object) -> None:
        super().__init__(f"{what} {key!r} not found")
        self.what = what
        self.key = key


class ConflictError(RuntimeError):
    """The record was changed elsewhere since it was read; the caller's edit was not saved."""
