"""Typed settings kept in the journal, each declared once with its default."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from custjournal import domain
from custjournal.domain import ValidationError
from custjournal.domain.times import zone

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def system_timezone() -> str:
    """The IANA name of this machine's zone (TZ, then /etc/localtime), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if name:
            try:
                zone(name)
            except ValidationError:
                continue
            return name
    return "UTC"


@dataclass(frozen=True, slots=True)
class Declared:
    key: str
    default: Callable[[], Any]
    parse: Callable[[str, str], Any]
    help: str


MAX_DAYS = 3650  # ten years: a longer cadence is no cadence, and larger spans overflow dates


def _positive_int(text: str, key: str) -> int:
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise ValidationError(key, f"{text!r} is not a whole number") from None
    if value <= 0:
        raise ValidationError(key, "must be greater than zero")
    if value > MAX_DAYS:
        raise ValidationError(key, f"must be at most {MAX_DAYS}")
    return value


def _zone_name(text: str, key: str) -> str:
    zone(str(text), key)
    return str(text)


DECLARED: dict[str, Declared] = {
    d.key: d
    for d in (
        Declared("user.timezone", system_timezone, _zone_name, "the zone times are shown in"),
        Declared("user.name", lambda: "", lambda t, k: str(t), "your name, used in exports"),
        Declared(
            "contact.cadence_days",
            lambda: 30,
            _positive_int,
            "talk to each active customer at least this often (days) unless set per customer",
        ),
    )
}

# Extra declarations registered by other modules (the rules register their thresholds here).
_providers: list[Callable[[], dict[str, Declared]]] = []


def register_provider(provider: Callable[[], dict[str, Declared]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def declared() -> dict[str, Declared]:
    found = dict(DECLARED)
    for provider in _providers:
        found.update(provider())
    return found


# Other names for a setting, e.g. the silent-customer threshold is the contact cadence.
ALIASES: dict[str, str] = {}


def canonical_key(key: str) -> str:
    _rule_aliases()
    return ALIASES.get(key, key)


def _declaration(key: str) -> Declared:
    found = declared()
    if canonical_key(key) not in found:
        raise ValidationError(key, "is not a setting (see `custjournal config list`)")
    return found[canonical_key(key)]


def get_setting(session: Session, key: str) -> Any:
    _rule_aliases()
    declaration = _declaration(key)
    row = session.get(domain.Setting, canonical_key(key))
    for alias, target in ALIASES.items():
        # A hand-written journal file may store a value under its other name.
        if row is None and target == canonical_key(key):
            row = session.get(domain.Setting, alias)
    return declaration.default() if row is None else json.loads(row.value)


def all_settings(session: Session) -> dict[str, Any]:
    _rule_aliases()
    stored = {row.key: json.loads(row.value) for row in session.scalars(select(domain.Setting))}
    for alias, target in ALIASES.items():
        if target not in stored and alias in stored:
            stored[target] = stored[alias]
    return {key: stored.get(key, d.default()) for key, d in sorted(declared().items())}


def parse_setting(key: str, value: Any) -> Any:
    """The value a setting would take (ValidationError naming the key if it cannot)."""
    _rule_aliases()
    return _declaration(key).parse(value, key)


def set_setting(session: Session, key: str, value: Any) -> Any:
    """Validate and store one setting; returns the parsed value."""
    parsed = parse_setting(key, value)
    key = canonical_key(key)
    for alias, target in ALIASES.items():
        if target == key and (stale := session.get(domain.Setting, alias)) is not None:
            session.delete(stale)
    row = session.get(domain.Setting, key)
    if row is None:
        session.add(domain.Setting(key=key, value=json.dumps(parsed)))
    else:
        row.value = json.dumps(parsed)
    return parsed


def stored_keys(session: Session) -> set[str]:
    """The settings the journal holds a value for (the others are at their default)."""
    return set(session.scalars(select(domain.Setting.key)))


def reset_setting(session: Session, key: str) -> Any:
    """Forget a stored setting (under any of its names); returns the default now in force
    (for user.timezone: this computer's zone)."""
    _rule_aliases()
    declaration = _declaration(key)
    key = canonical_key(key)
    for name in (key, *(alias for alias, target in ALIASES.items() if target == key)):
        if (row := session.get(domain.Setting, name)) is not None:
            session.delete(row)
    return declaration.default()


def user_timezone(session: Session) -> str:
    # No rule declares or aliases the zone: read without loading the rule catalogue (the
    # window reads it before its first paint).
    row = session.get(domain.Setting, "user.timezone")
    return str(DECLARED["user.timezone"].default() if row is None else json.loads(row.value))


def _rule_declarations() -> dict[str, Declared]:
    """Every rule's on/off switch and thresholds, declared from the rule catalogue."""
    from custjournal.rules.base import parse_bool
    from custjournal.rules.catalogue import RULES

    found: dict[str, Declared] = {}
    for rule in RULES:
        found[rule.enabled_key] = Declared(
            rule.enabled_key, lambda: True, parse_bool, f"check the rule: {rule.title}"
        )
        for threshold in rule.thresholds:
            key = rule.setting_key(threshold)
            if key in DECLARED:
                ALIASES[f"rules.{rule.id}.{threshold.name}"] = key
                continue
            found[key] = Declared(
                key,
                lambda default=threshold.default: default,
                threshold.parse,
                f"{rule.id}: {threshold.help} ({threshold.unit})",
            )
    return found


register_provider(_rule_declarations)
_aliases_filled = False


def _rule_aliases() -> None:
    """Fill ALIASES from the rule catalogue once, when a setting is first looked up."""
    global _aliases_filled
    if not _aliases_filled:
        _aliases_filled = True
        _rule_declarations()
