"""What a rule is (id, title, thresholds, pure check) and the context a check runs in."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from custjournal.domain.errors import ValidationError
from custjournal.domain.owners import colleague
from custjournal.rules import text
from custjournal.rules.risk import Description, Risk, Severity, Words
from custjournal.rules.snapshot import Snapshot

DEFAULT_USER_TZ = "UTC"


@dataclass(frozen=True, slots=True)
class Threshold:
    """A tunable number of a rule; stored as the setting `rules.<rule id>.<name>`."""

    name: str
    default: int
    unit: str
    help: str
    minimum: int = 0
    maximum: int = 100_000
    # A threshold that already exists as a broader setting (the contact cadence) uses that key.
    setting: str = ""

    def parse(self, value: Any, key: str) -> int:
        if isinstance(value, bool):
            raise ValidationError(key, f"{value!r} is not a whole number")
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            raise ValidationError(key, f"{value!r} is not a whole number of {self.unit}") from None
        if number < self.minimum:
            raise ValidationError(key, f"must be at least {self.minimum} {self.unit}")
        if number > self.maximum:
            raise ValidationError(key, f"must be at most {self.maximum} {self.unit}")
        return number


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    explanation: str
    severity: Severity
    thresholds: tuple[Threshold, ...]
    check: Callable[[Context], Iterable[Risk]]

    @property
    def enabled_key(self) -> str:
        return f"rules.{self.id}.enabled"

    def setting_key(self, threshold: Threshold) -> str:
        return threshold.setting or f"rules.{self.id}.{threshold.name}"

    def params(self, settings: Mapping[str, Any]) -> dict[str, int]:
        """Current thresholds: the stored setting when present and valid, else the default."""
        found: dict[str, int] = {}
        for threshold in self.thresholds:
            key = self.setting_key(threshold)
            try:
                found[threshold.name] = threshold.parse(settings.get(key, threshold.default), key)
            except ValidationError:
                found[threshold.name] = threshold.default
        return found

    def enabled(self, settings: Mapping[str, Any]) -> bool:
        return parse_bool(settings.get(self.enabled_key, True), self.enabled_key)


def parse_bool(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    cleaned = str(value).strip().lower()
    if cleaned in ("true", "yes", "on", "1"):
        return True
    if cleaned in ("false", "no", "off", "0"):
        return False
    raise ValidationError(key, f"{value!r} is not on/off (use true or false)")


@dataclass(frozen=True, slots=True)
class Context:
    """One rule's view of the evaluation: the snapshot, `now`, its thresholds, the user's zone."""

    rule: Rule
    snapshot: Snapshot
    now: datetime
    params: Mapping[str, int]
    user_tz: str = DEFAULT_USER_TZ
    # The consultant at this computer (settings' local.owner): a colleague's promise is
    # worded as theirs, not "you promised".
    me: str = ""

    def colleague(self, owner: str) -> str:
        """`owner` when it names someone other than `me`; '' for mine or nobody's."""
        return colleague(owner, self.me)

    def param(self, name: str) -> int:
        return self.params[name]

    def when(self, moment: datetime, other_tz: str | None = None) -> str:
        return text.when(moment, user_tz=self.user_tz, other_tz=other_tz, now=self.now)

    def day(self, moment: datetime) -> str:
        return text.day_phrase(moment, now=self.now, user_tz=self.user_tz)

    def risk(
        self,
        *,
        customer_id: int | None,
        subject_type: str,
        subject_id: int | None,
        key: str,
        at: datetime | None,
        reason: str = "",
        action: str = "",
        facts: Iterable[tuple[str, str]] = (),
        describe: Callable[[], Description] | None = None,
        severity: Severity | None = None,
        also: tuple[int, ...] = (),
    ) -> Risk:
        """A risk of this rule. Rules that find thousands (double bookings, late promises,
        quiet customers) pass `describe`, a function with its arguments bound (not a closure
        over a loop variable) that writes the reason, facts and action when first read."""
        return Risk.described_later(
            rule_id=self.rule.id,
            severity=severity or self.rule.severity,
            customer_id=customer_id,
            customer_name=self.snapshot.customer_name(customer_id),
            subject_type=subject_type,
            subject_id=subject_id,
            words=Words(describe) if describe is not None else Words.written(reason, facts, action),
            key=f"{self.rule.id}:{key}",
            at=at,
            also=also,
        )
