"""Settings of the person at this computer, kept on it rather than in any journal.

A team journal's settings are everybody's: the name under which this laptop records its
promises has to live beside the app instead (`local.*` keys, store.local_settings), so that
Anna's laptop files Anna's promises under Anna whichever journal it opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from custjournal.domain.errors import ValidationError
from custjournal.services import validate as v
from custjournal.store import local_settings

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


def _stored() -> dict[str, str]:
    try:
        data = local_settings.read()
    except (OSError, ValueError):
        # Unreadable or hand-damaged: the defaults, rather than no app at all (set_local
        # says what is wrong before it would write over it).
        return {}
    return {k: value for k, value in data.items() if k in LOCAL and isinstance(value, str)}


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
    """Validate and keep one setting on this computer; an empty value removes it. Other keys
    in the file (a later version's) are kept; a damaged file is not written over."""
    parsed = _declared(key).parse(value)
    where = local_settings.location()
    try:
        stored = local_settings.read()
    except ValueError:
        raise ValidationError(
            key, f"{where} is damaged; fix or delete it, then try again"
        ) from None
    except OSError as exc:
        raise ValidationError(key, f"cannot read {where}: {exc.strerror or exc}") from None
    if parsed:
        stored[key] = parsed
    else:
        stored.pop(key, None)
    try:
        local_settings.write(stored)
    except OSError as exc:
        raise ValidationError(key, f"cannot write {where}: {exc.strerror or exc}") from None
    return parsed


def owner() -> str:
    """Who records promises on this computer ('' when nobody said)."""
    return get_local("local.owner")


def owner_missing() -> str:
    """What to tell someone about to record a promise on a team journal without an owner
    (their colleagues would each read it as their own); '' when one is set."""
    where = local_settings.location()
    try:
        local_settings.read()
    except ValueError:
        return f"{where} is damaged, so this promise has no owner; fix or delete the file"
    except OSError as exc:
        return f"cannot read {where} ({exc.strerror or exc}), so this promise has no owner"
    if owner():
        return ""
    return (
        "this computer has no owner set, so colleagues will each read this promise as their "
        "own; say who you are: custjournal config set local.owner NAME"
    )
