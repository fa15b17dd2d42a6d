"""A risk as data: what is at risk, how badly, why, the facts used, and what to do."""

from __future__ import annotations

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


@dataclass(frozen=True)
class Risk:
    rule_id: str
    severity: Severity
    customer_id: int | None
    customer_name: str
    subject_type: str
    subject_id: int | None
    reason: str
    facts: tuple[tuple[str, str], ...]
    action: str
    key: str
    at: datetime | None
    # Other commitments the risk is about (the earlier of two clashing appointments): the
    # agenda marks them too.
    also: tuple[int, ...] = ()

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
