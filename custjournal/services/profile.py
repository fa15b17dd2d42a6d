"""Settings of the person at this computer, kept on it rather than in any journal.

A team journal's settings are everybody's: the name under which this laptop records its
promises has to live beside the app instead (`local.*` keys, in the user's settings folder),
so that Anna's laptop files Anna's promises under Anna whichever journal it opens.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from custjournal import paths
from custjournal.domain.errors import ValidationError
from custjournal.services import validate as v
from custjournal.store.files import write_private

PREFIX = "local."


@dataclass(frozen=True)
class LocalSetting:
    key: str
    parse: Callable[[str], str]
    help: str


LOCAL: dict[str, LocalSetting] = {
    "local.owner": LocalSetting(
        "local.owner",
        lambda text: v.line("local.owner", text, max_len=100),
        "your name on this computer: the owner of the promises you record",
    ),
}


def is_local(key: str) -> bool:
    return key.startswith(PREFIX)


def _file() -> Path:
    return paths.config_dir() / "profile.json"


def _stored() -> dict[str, str]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        # Hand-damaged or unreadable: the defaults, rather than no app at all.
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: str(value) for k, value in data.items() if k in LOCAL and isinstance(value, str)}


def _declared(key: str) -> LocalSetting:
    found = LOCAL.get(key)
    if found is None:
        known = ", ".join(LOCAL)
        raise ValidationError(key, f"is not a setting of this computer (known: {known})")
    return found


def get_local(key: str) -> str:
    _declared(key)
    return _stored().get(key, "")


def all_local() -> dict[str, str]:
    stored = _stored()
    return {key: stored.get(key, "") for key in LOCAL}


def set_local(key: str, value: str) -> str:
    """Validate and keep one setting on this computer; an empty value removes it."""
    parsed = _declared(key).parse(value)
    stored = _stored()
    if parsed:
        stored[key] = parsed
    else:
        stored.pop(key, None)
    write_private(_file(), json.dumps(stored, indent=2, sort_keys=True) + "\n")
    return parsed


def owner() -> str:
    """Who records promises on this computer ('' when nobody said)."""
    return get_local("local.owner")
