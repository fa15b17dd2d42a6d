"""A risk as data: what is at risk, how badly, why, the facts used, and what to do."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from custjournal.domain.errors import ValidationError


class Severity(StrEnum):
    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe; sort ascending to see the worst first."""
        return _RANK[self]

    def at_least(self, level: Severity) -> bool:
        """True when this severity is as bad as `level` or worse."""
        return self.rank <= level.rank

    @classmethod
    def parse(cls, text: str, field: str = "severity") -> Severity:
        cleaned = str(text).strip().lower()
        for member in cls:
            if member.value == cleaned:
                return member
        choices = ", ".join(m.value for m in cls)
        raise ValidationError(field, f"{text!r} is not one of {choices}")


_RANK = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}

SUBJECT_TYPES = frozenset(
    {"commitment", "notice", "project", "customer", "interaction", "question", "day"}
)


Facts = tuple[tuple[str, str], ...]
# What a rule writes about a risk: the reason, the facts (label, value) and the action.
Description = tuple[str, Iterable[tuple[str, str]], str]


class Words:
    """A risk's reason, facts and suggested action, written when first read.

    One evaluation of a large journal finds thousands of risks, and the window shows a
    hundred of them; writing every sentence up front took a third of the rules' time. The
    writer is a rule's function with its arguments bound, and the words it writes are the
    same whenever they are read (the evaluation's records do not change).
    """

    __slots__ = ("_text", "_write")

    def __init__(self, write: Callable[[], Description]) -> None:
        self._text: tuple[str, Facts, str] | None = None
        self._write: Callable[[], Description] | None = write

    @classmethod
    def written(cls, reason: str, facts: Iterable[tuple[str, str]], action: str) -> Words:
        words = cls.__new__(cls)
        words._text, words._write = (reason, tuple(facts), action), None
        return words

    @property
    def is_written(self) -> bool:
        return self._text is not None

    def read(self) -> tuple[str, Facts, str]:
        text = self._text
        if text is None:
            write = self._write
            if write is None:  # another thread wrote them meanwhile
                return self._text  # type: ignore[return-value]
            reason, facts, action = write()
            # Kept before the writer is let go (which frees the records it held), so a
            # reader on another thread always finds one or the other.
            text = self._text = (reason, tuple(facts), action)
            self._write = None
        return text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Words) and self.read() == other.read()

    # Written once and never changed: a copy is the same words. Copying the writer would
    # copy the whole evaluation it holds (dataclasses.asdict deep-copies what it meets).
    def __copy__(self) -> Words:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Words:
        return self

    def __hash__(self) -> int:
        return hash(self.read())

    def __repr__(self) -> str:
        return f"Words{self.read()!r}"


@dataclass(frozen=True, slots=True, init=False)
class Risk:
    rule_id: str
    severity: Severity
    customer_id: int | None
    customer_name: str
    subject_type: str
    subject_id: int | None
    words: Words
    key: str
    at: datetime | None
    # Other commitments the risk is about (the earlier of two clashing appointments): the
    # agenda marks them too.
    also: tuple[int, ...]

    def __init__(
        self,
        rule_id: str,
        severity: Severity,
        customer_id: int | None,
        customer_name: str,
        subject_type: str,
        subject_id: int | None,
        reason: str = "",
        facts: Iterable[tuple[str, str]] = (),
        action: str = "",
        key: str = "",
        at: datetime | None = None,
        also: tuple[int, ...] = (),
        *,
        words: Words | None = None,  # dataclasses.replace passes the words it found
    ) -> None:
        if not key:
            raise TypeError("a risk needs its key (rule id and subject)")
        if words is None:
            words = Words.written(reason, facts, action)
        _fill(self, rule_id, severity, customer_id, customer_name, subject_type, subject_id,
              words, key, at, also)  # fmt: skip

    @classmethod
    def described_later(
        cls,
        *,
        rule_id: str,
        severity: Severity,
        customer_id: int | None,
        customer_name: str,
        subject_type: str,
        subject_id: int | None,
        words: Words,
        key: str,
        at: datetime | None,
        also: tuple[int, ...] = (),
    ) -> Risk:
        """A risk whose `words` are written when first read (see Words)."""
        risk = _new(cls)
        _fill(risk, rule_id, severity, customer_id, customer_name, subject_type, subject_id,
              words, key, at, also)  # fmt: skip
        return risk

    @property
    def reason(self) -> str:
        return self.words.read()[0]

    @property
    def facts(self) -> Facts:
        return self.words.read()[1]

    @property
    def action(self) -> str:
        return self.words.read()[2]

    def sort_key(self) -> tuple[int, int, float, str]:
        # Undated risks after dated ones of the same severity; the key keeps the order total.
        moment = self.at.timestamp() if self.at is not None else 0.0
        return (self.severity.rank, 0 if self.at is not None else 1, moment, self.key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "severity": self.severity.value,
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "reason": self.reason,
            "facts": [{"label": label, "value": value} for label, value in self.facts],
            "action": self.action,
            "key": self.key,
            "at": self.at.isoformat() if self.at is not None else None,
            "also_commitments": list(self.also),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Risk:
        """The risk `to_dict` wrote (KeyError/ValueError/TypeError on anything else)."""
        at = data["at"]
        return cls(
            rule_id=str(data["rule_id"]),
            severity=Severity(data["severity"]),
            customer_id=None if data["customer_id"] is None else int(data["customer_id"]),
            customer_name=str(data["customer_name"]),
            subject_type=str(data["subject_type"]),
            subject_id=None if data["subject_id"] is None else int(data["subject_id"]),
            reason=str(data["reason"]),
            facts=tuple((str(f["label"]), str(f["value"])) for f in data["facts"]),
            action=str(data["action"]),
            key=str(data["key"]),
            at=None if at is None else datetime.fromisoformat(at),
            also=tuple(int(n) for n in data.get("also_commitments", ())),
        )


def write_words(risks: Iterable[Risk]) -> list[Risk]:
    """The risks, each with its words written now: on a worker thread, before a view that
    shows every one of them (the window's thread would otherwise write them as it paints)."""
    found = list(risks)
    for risk in found:
        risk.words.read()
    return found


# A frozen record refuses setattr; its slots' own setters do not, and cost a third less
# than object.__setattr__ on the 10,000 risks of a large journal. Called one by one, not in
# a loop: half the cost again (1.6 instead of 3.6 µs a risk).
_new = object.__new__
_RULE_ID = Risk.rule_id.__set__
_SEVERITY = Risk.severity.__set__
_CUSTOMER_ID = Risk.customer_id.__set__
_CUSTOMER_NAME = Risk.customer_name.__set__
_SUBJECT_TYPE = Risk.subject_type.__set__
_SUBJECT_ID = Risk.subject_id.__set__
_WORDS = Risk.words.__set__
_KEY = Risk.key.__set__
_AT = Risk.at.__set__
_ALSO = Risk.also.__set__


def _fill(
    risk: Risk,
    rule_id: str,
    severity: Severity,
    customer_id: int | None,
    customer_name: str,
    subject_type: str,
    subject_id: int | None,
    words: Words,
    key: str,
    at: datetime | None,
    also: tuple[int, ...],
) -> None:
    _RULE_ID(risk, rule_id)
    _SEVERITY(risk, severity)
    _CUSTOMER_ID(risk, customer_id)
    _CUSTOMER_NAME(risk, customer_name)
    _SUBJECT_TYPE(risk, subject_type)
    _SUBJECT_ID(risk, subject_id)
    _WORDS(risk, words)
    _KEY(risk, key)
    _AT(risk, at)
    _ALSO(risk, also)
